// The stored layout of ciprov.testpath and its Datum conversions.
//
// A testpath is a varlena whose payload is one format version byte
// (kTestpathFormat) followed by the canonical dotted text. The same layout,
// header excepted, is the binary send/receive format.
#pragma once

#include <string_view>

#include "pg/guard.h"

namespace ciprov::pg {

inline constexpr unsigned char kTestpathFormat = 1;

// The path text of a stored testpath Datum. Detoasts under the guard only
// when the value is toasted or compressed (btree comparisons stay cheap).
std::string_view testpath_text(Datum d);

inline std::string_view testpath_arg(FunctionCallInfo fcinfo, int n) {
  return testpath_text(PG_GETARG_DATUM(n));
}

// A new palloc'd testpath holding already validated text.
Datum testpath_datum(std::string_view path);

}  // namespace ciprov::pg
