// Datum <-> core conversions for ciprov.spec.
//
// Stored layout (also the send/recv wire format): one format version byte
// (1), then the canonical spec text. Equal specs have equal canonical text,
// so equality, ordering and hashing work on the stored bytes directly;
// satisfies/intersects/constrain parse the text.
#pragma once

#include <string_view>

#include "core/spec.h"
#include "pg/guard.h"

namespace ciprov::pg {

inline constexpr char kSpecFormat = 1;

// The canonical text of a stored spec (throws 22P03 on a bad format byte).
std::string_view spec_text(Datum d);
core::Spec spec_value(Datum d);
Datum spec_datum(const core::Spec& s);

}  // namespace ciprov::pg
