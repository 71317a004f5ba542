// Datum <-> core conversions for ciprov.version and ciprov.version_range.
//
// Stored values are the core's serialized forms (format version byte first).
// Reading a stored version yields a VersionView into the Datum's bytes: no
// copy and no parse, so comparisons do not allocate. Only TOASTed values
// (external or compressed) are detoasted, under pg::guarded.
#pragma once

#include <string_view>

#include "core/version.h"
#include "core/version_range.h"
#include "pg/guard.h"

namespace ciprov::pg {

// The payload of a varlena Datum, detoasted only when it must be.
std::string_view varlena_payload(Datum d);

core::VersionView version_view(Datum d);  // throws 22P03 on corrupt bytes
core::Version version_value(Datum d);
Datum version_datum(const core::Version& v);

core::VersionRange version_range_value(Datum d);
Datum version_range_datum(const core::VersionRange& r);

}  // namespace ciprov::pg
