// ciprov.spec equality, ordering and hashing over the canonical text (the
// stored bytes): no parsing per call. The order is bytewise, which is total
// and consistent with equality; it is not a semantic order.
#include "pg/spec_datum.h"

extern "C" {
#include "common/hashfn.h"
}

namespace pg = ciprov::pg;

namespace {
int compare_args(FunctionCallInfo fcinfo) {
  std::string_view a = pg::spec_text(PG_GETARG_DATUM(0));
  std::string_view b = pg::spec_text(PG_GETARG_DATUM(1));
  int c = a.compare(b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}
}  // namespace

CIPROV_FUNCTION(ciprov_spec_cmp) { return Int32GetDatum(compare_args(fcinfo)); }
CIPROV_FUNCTION(ciprov_spec_lt) { return BoolGetDatum(compare_args(fcinfo) < 0); }
CIPROV_FUNCTION(ciprov_spec_le) { return BoolGetDatum(compare_args(fcinfo) <= 0); }
CIPROV_FUNCTION(ciprov_spec_eq) { return BoolGetDatum(compare_args(fcinfo) == 0); }
CIPROV_FUNCTION(ciprov_spec_ne) { return BoolGetDatum(compare_args(fcinfo) != 0); }
CIPROV_FUNCTION(ciprov_spec_ge) { return BoolGetDatum(compare_args(fcinfo) >= 0); }
CIPROV_FUNCTION(ciprov_spec_gt) { return BoolGetDatum(compare_args(fcinfo) > 0); }

CIPROV_FUNCTION(ciprov_spec_hash) {
  std::string_view t = pg::spec_text(PG_GETARG_DATUM(0));
  return hash_any(reinterpret_cast<const unsigned char*>(t.data()), static_cast<int>(t.size()));
}

CIPROV_FUNCTION(ciprov_spec_hash_extended) {
  std::string_view t = pg::spec_text(PG_GETARG_DATUM(0));
  uint64 seed = PG_GETARG_INT64(1);
  return hash_any_extended(reinterpret_cast<const unsigned char*>(t.data()),
                           static_cast<int>(t.size()), seed);
}
