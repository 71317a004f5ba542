// SQL entry points of the boundary self-tests (src/sql/90_selftest.sql).
#include "core/selftest.h"

#include <string>

#include "pg/datum.h"
#include "pg/guard.h"

extern "C" {
#include "utils/builtins.h"
}

namespace st = ciprov::core::selftest;

CIPROV_FUNCTION(ciprov_selftest_raise) {
  std::string kind(ciprov::pg::arg_bytes(fcinfo, 0));
  st::raise(kind);
}

CIPROV_FUNCTION(ciprov_selftest_spin) {
  double seconds = PG_GETARG_FLOAT8(0);
  return Int64GetDatum(st::spin(seconds));
}

// Calls a PostgreSQL function that raises (int4in on bad text) from C++
// while a tracked object is alive: the guard must convert the error, unwind
// the tracker, and re-throw PostgreSQL's own error.
CIPROV_FUNCTION(ciprov_selftest_pg_error) {
  std::string input(ciprov::pg::arg_bytes(fcinfo, 0));
  st::Tracker alive;
  const char* cstr = input.c_str();
  Datum value = ciprov::pg::guarded([cstr] { return DirectFunctionCall1(int4in, CStringGetDatum(cstr)); });
  return value;
}

CIPROV_FUNCTION(ciprov_selftest_live_objects) {
  (void)fcinfo;
  return Int64GetDatum(st::Tracker::live());
}
