// ciprov.version_range operators: membership of a version, subset
// (satisfies), overlap, equality, ordering and hashing of canonical forms.
#include "pg/version_datum.h"

namespace core = ciprov::core;
namespace pg = ciprov::pg;

namespace {
int compare_args(FunctionCallInfo fcinfo) {
  core::VersionRange a = pg::version_range_value(PG_GETARG_DATUM(0));
  core::VersionRange b = pg::version_range_value(PG_GETARG_DATUM(1));
  return a.compare(b);
}

// Membership straight on the stored range bytes: no parse, no allocation.
bool version_in_range(Datum version, Datum range) {
  core::VersionView v = pg::version_view(version);
  return core::VersionRange::contains_serialized(pg::varlena_payload(range), v);
}
}  // namespace

CIPROV_FUNCTION(ciprov_version_in_range) {
  return BoolGetDatum(version_in_range(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));
}

CIPROV_FUNCTION(ciprov_version_range_contains_version) {
  return BoolGetDatum(version_in_range(PG_GETARG_DATUM(1), PG_GETARG_DATUM(0)));
}

CIPROV_FUNCTION(ciprov_version_range_satisfies) {
  core::VersionRange a = pg::version_range_value(PG_GETARG_DATUM(0));
  core::VersionRange b = pg::version_range_value(PG_GETARG_DATUM(1));
  return BoolGetDatum(a.satisfies(b));
}

CIPROV_FUNCTION(ciprov_version_range_contains_range) {
  core::VersionRange a = pg::version_range_value(PG_GETARG_DATUM(0));
  core::VersionRange b = pg::version_range_value(PG_GETARG_DATUM(1));
  return BoolGetDatum(b.satisfies(a));
}

CIPROV_FUNCTION(ciprov_version_range_intersects) {
  core::VersionRange a = pg::version_range_value(PG_GETARG_DATUM(0));
  core::VersionRange b = pg::version_range_value(PG_GETARG_DATUM(1));
  return BoolGetDatum(a.intersects(b));
}

CIPROV_FUNCTION(ciprov_version_range_intersection) {
  core::VersionRange a = pg::version_range_value(PG_GETARG_DATUM(0));
  core::VersionRange b = pg::version_range_value(PG_GETARG_DATUM(1));
  return pg::version_range_datum(a.intersection(b));
}

CIPROV_FUNCTION(ciprov_version_range_union) {
  core::VersionRange a = pg::version_range_value(PG_GETARG_DATUM(0));
  core::VersionRange b = pg::version_range_value(PG_GETARG_DATUM(1));
  return pg::version_range_datum(a.union_with(b));
}

CIPROV_FUNCTION(ciprov_version_range_from_version) {
  return pg::version_range_datum(core::VersionRange::exact(pg::version_value(PG_GETARG_DATUM(0))));
}

CIPROV_FUNCTION(ciprov_version_range_cmp) { return Int32GetDatum(compare_args(fcinfo)); }
CIPROV_FUNCTION(ciprov_version_range_lt) { return BoolGetDatum(compare_args(fcinfo) < 0); }
CIPROV_FUNCTION(ciprov_version_range_le) { return BoolGetDatum(compare_args(fcinfo) <= 0); }
CIPROV_FUNCTION(ciprov_version_range_eq) { return BoolGetDatum(compare_args(fcinfo) == 0); }
CIPROV_FUNCTION(ciprov_version_range_ne) { return BoolGetDatum(compare_args(fcinfo) != 0); }
CIPROV_FUNCTION(ciprov_version_range_ge) { return BoolGetDatum(compare_args(fcinfo) >= 0); }
CIPROV_FUNCTION(ciprov_version_range_gt) { return BoolGetDatum(compare_args(fcinfo) > 0); }

CIPROV_FUNCTION(ciprov_version_range_hash) {
  auto h = pg::version_range_value(PG_GETARG_DATUM(0)).hash(0);
  return Int32GetDatum(static_cast<int32>(static_cast<uint32>(h)));
}

CIPROV_FUNCTION(ciprov_version_range_hash_extended) {
  auto seed = static_cast<std::uint64_t>(PG_GETARG_INT64(1));
  return Int64GetDatum(static_cast<int64>(pg::version_range_value(PG_GETARG_DATUM(0)).hash(seed)));
}
