// ciprov.version comparison, hashing and sort support.
//
// Every comparison is a memcmp of the two stored sort keys (see
// core/version.h): no parsing and no allocation per call.
#include "pg/version_datum.h"

extern "C" {
#include "utils/sortsupport.h"
}

namespace core = ciprov::core;
namespace pg = ciprov::pg;

namespace {
int compare_args(FunctionCallInfo fcinfo) {
  core::VersionView a = pg::version_view(PG_GETARG_DATUM(0));
  core::VersionView b = pg::version_view(PG_GETARG_DATUM(1));
  return a.compare(b);
}

// Sort comparator called by tuplesort without fmgr. Plain C style on
// purpose: no C++ object is alive, so PostgreSQL may raise from the
// detoasting below. Corrupt values sort by raw bytes instead of throwing.
std::string_view sort_key_of(Datum d, struct varlena** copy) {
  auto* p = reinterpret_cast<struct varlena*>(DatumGetPointer(d));
  *copy = nullptr;
  if (VARATT_IS_EXTERNAL(p) || VARATT_IS_COMPRESSED(p)) p = *copy = pg_detoast_datum_packed(p);
  std::string_view bytes(VARDATA_ANY(p), VARSIZE_ANY_EXHDR(p));
  core::VersionView view;
  if (!core::Version::decode(bytes, &view)) return bytes;
  return view.key;
}

int sort_compare(Datum x, Datum y, SortSupport) {
  struct varlena *cx, *cy;
  std::string_view a = sort_key_of(x, &cx);
  std::string_view b = sort_key_of(y, &cy);
  int c = a.compare(b);
  if (cx) pfree(cx);
  if (cy) pfree(cy);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}
}  // namespace

CIPROV_FUNCTION(ciprov_version_cmp) { return Int32GetDatum(compare_args(fcinfo)); }
CIPROV_FUNCTION(ciprov_version_lt) { return BoolGetDatum(compare_args(fcinfo) < 0); }
CIPROV_FUNCTION(ciprov_version_le) { return BoolGetDatum(compare_args(fcinfo) <= 0); }
CIPROV_FUNCTION(ciprov_version_eq) { return BoolGetDatum(compare_args(fcinfo) == 0); }
CIPROV_FUNCTION(ciprov_version_ne) { return BoolGetDatum(compare_args(fcinfo) != 0); }
CIPROV_FUNCTION(ciprov_version_ge) { return BoolGetDatum(compare_args(fcinfo) >= 0); }
CIPROV_FUNCTION(ciprov_version_gt) { return BoolGetDatum(compare_args(fcinfo) > 0); }

// The 32-bit hash is the low half of the extended hash with seed 0, as
// PostgreSQL expects of a hash opclass that has both.
CIPROV_FUNCTION(ciprov_version_hash) {
  auto h = pg::version_view(PG_GETARG_DATUM(0)).hash(0);
  return Int32GetDatum(static_cast<int32>(static_cast<uint32>(h)));
}

CIPROV_FUNCTION(ciprov_version_hash_extended) {
  auto seed = static_cast<std::uint64_t>(PG_GETARG_INT64(1));
  return Int64GetDatum(static_cast<int64>(pg::version_view(PG_GETARG_DATUM(0)).hash(seed)));
}

namespace {
// Abbreviated keys: the first 8 bytes of the sort key, big-endian, compared
// as unsigned integers. Keys are memcmp-ordered and a typical version
// (12.34.156) fits in 8 bytes, so most comparisons end here; equal
// abbreviations fall back to sort_compare.
Datum abbreviate(Datum original, SortSupport) {
  struct varlena* copy;
  std::string_view key = sort_key_of(original, &copy);
  uint64 abbrev = 0;
  for (std::size_t i = 0; i < 8; ++i)
    abbrev = (abbrev << 8) | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0);
  if (copy) pfree(copy);
  return UInt64GetDatum(abbrev);
}

bool never_abort(int, SortSupport) { return false; }
}  // namespace

CIPROV_FUNCTION(ciprov_version_sortsupport) {
  auto* ssup = reinterpret_cast<SortSupport>(PG_GETARG_POINTER(0));
  ssup->comparator = sort_compare;
  if (ssup->abbreviate && SIZEOF_DATUM >= 8) {
    ssup->abbrev_full_comparator = sort_compare;
    ssup->comparator = ssup_datum_unsigned_cmp;
    ssup->abbrev_converter = abbreviate;
    ssup->abbrev_abort = never_abort;
  }
  return (Datum)0;
}

CIPROV_FUNCTION(ciprov_version_is_git) {
  return BoolGetDatum(pg::version_view(PG_GETARG_DATUM(0)).is_git());
}

// Transition functions of ciprov.min / ciprov.max: return one of the
// arguments unchanged (no copy), as PostgreSQL's own smaller/larger do.
CIPROV_FUNCTION(ciprov_version_smaller) {
  return compare_args(fcinfo) <= 0 ? PG_GETARG_DATUM(0) : PG_GETARG_DATUM(1);
}
CIPROV_FUNCTION(ciprov_version_larger) {
  return compare_args(fcinfo) >= 0 ? PG_GETARG_DATUM(0) : PG_GETARG_DATUM(1);
}
