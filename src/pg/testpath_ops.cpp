// ciprov.testpath operators and functions: btree comparison, hashing,
// ancestry (@>, <@), concatenation and the ltree-like accessors
// (src/sql/32_testpath_ops.sql). Semantics live in core::testpath.
#include <optional>
#include <string>

#include "core/error.h"
#include "core/testpath.h"
#include "pg/datum.h"
#include "pg/testpath_datum.h"

extern "C" {
#include "common/hashfn.h"
#include "utils/sortsupport.h"
}

namespace tp = ciprov::core::testpath;
namespace pg = ciprov::pg;

namespace {

int compare_args(FunctionCallInfo fcinfo) {
  return tp::compare(pg::testpath_arg(fcinfo, 0), pg::testpath_arg(fcinfo, 1));
}

}  // namespace

CIPROV_FUNCTION(ciprov_testpath_cmp) { return Int32GetDatum(compare_args(fcinfo)); }
CIPROV_FUNCTION(ciprov_testpath_lt) { return BoolGetDatum(compare_args(fcinfo) < 0); }
CIPROV_FUNCTION(ciprov_testpath_le) { return BoolGetDatum(compare_args(fcinfo) <= 0); }
CIPROV_FUNCTION(ciprov_testpath_eq) {
  return BoolGetDatum(pg::testpath_arg(fcinfo, 0) == pg::testpath_arg(fcinfo, 1));
}
CIPROV_FUNCTION(ciprov_testpath_ne) {
  return BoolGetDatum(pg::testpath_arg(fcinfo, 0) != pg::testpath_arg(fcinfo, 1));
}
CIPROV_FUNCTION(ciprov_testpath_ge) { return BoolGetDatum(compare_args(fcinfo) >= 0); }
CIPROV_FUNCTION(ciprov_testpath_gt) { return BoolGetDatum(compare_args(fcinfo) > 0); }

// The text is canonical, so hashing its bytes agrees with equality.
CIPROV_FUNCTION(ciprov_testpath_hash) {
  std::string_view p = pg::testpath_arg(fcinfo, 0);
  return hash_any(reinterpret_cast<const unsigned char*>(p.data()), static_cast<int>(p.size()));
}

CIPROV_FUNCTION(ciprov_testpath_hash_extended) {
  std::string_view p = pg::testpath_arg(fcinfo, 0);
  uint64 seed = PG_GETARG_INT64(1);
  return hash_any_extended(reinterpret_cast<const unsigned char*>(p.data()),
                           static_cast<int>(p.size()), seed);
}

// a @> b: a is b or an ancestor of b.
CIPROV_FUNCTION(ciprov_testpath_contains) {
  return BoolGetDatum(tp::contains(pg::testpath_arg(fcinfo, 0), pg::testpath_arg(fcinfo, 1)));
}

// a <@ b: a is b or a descendant of b.
CIPROV_FUNCTION(ciprov_testpath_contained) {
  return BoolGetDatum(tp::contains(pg::testpath_arg(fcinfo, 1), pg::testpath_arg(fcinfo, 0)));
}

CIPROV_FUNCTION(ciprov_testpath_concat) {
  return pg::testpath_datum(tp::concat(pg::testpath_arg(fcinfo, 0), pg::testpath_arg(fcinfo, 1)));
}

CIPROV_FUNCTION(ciprov_testpath_nlevel) {
  return Int32GetDatum(static_cast<int32>(tp::nlevel(pg::testpath_arg(fcinfo, 0))));
}

CIPROV_FUNCTION(ciprov_testpath_subpath) {
  std::optional<long> len;
  if (PG_NARGS() > 2) len = PG_GETARG_INT32(2);
  return pg::testpath_datum(tp::subpath(pg::testpath_arg(fcinfo, 0), PG_GETARG_INT32(1), len));
}

CIPROV_FUNCTION(ciprov_testpath_parent) {
  std::optional<std::string_view> parent = tp::parent(pg::testpath_arg(fcinfo, 0));
  if (!parent) PG_RETURN_NULL();
  return pg::testpath_datum(*parent);
}

CIPROV_FUNCTION(ciprov_testpath_group) {
  std::optional<std::string_view> group = tp::group(pg::testpath_arg(fcinfo, 0));
  if (!group) PG_RETURN_NULL();
  return pg::text_datum(*group);
}

// The exclusive upper bound of a subtree, used by the planner support
// function in index conditions (for the root, a sentinel after every path).
CIPROV_FUNCTION(ciprov_testpath_subtree_end) {
  return pg::testpath_datum(tp::subtree_end(pg::testpath_arg(fcinfo, 0)));
}

// Sort support: tuplesort (index builds, ORDER BY, merge joins) calls the
// comparator directly instead of through fmgr. The comparator is a C
// callback, outside any CIPROV_FUNCTION: it holds no C++ object with a
// destructor, never throws (core::testpath::compare is noexcept), and lets
// PostgreSQL's own errors (detoasting) propagate as usual.
namespace {

std::string_view stored_path(Datum d, struct varlena** detoasted) {
  auto* v = reinterpret_cast<struct varlena*>(DatumGetPointer(d));
  if (VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v)) v = *detoasted = pg_detoast_datum_packed(v);
  const char* data = VARDATA_ANY(v);
  std::size_t size = VARSIZE_ANY_EXHDR(v);
  if (size < 1 || static_cast<unsigned char>(data[0]) != pg::kTestpathFormat)
    ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
                    errmsg("ciprov.testpath value has an unknown storage format")));
  return {data + 1, size - 1};
}

int sort_compare(Datum a, Datum b, SortSupport) noexcept {
  struct varlena* da = nullptr;
  struct varlena* db = nullptr;
  int result = tp::compare(stored_path(a, &da), stored_path(b, &db));
  if (da != nullptr) pfree(da);
  if (db != nullptr) pfree(db);
  return result;
}

}  // namespace

CIPROV_FUNCTION(ciprov_testpath_sortsupport) {
  auto* ssup = reinterpret_cast<SortSupport>(PG_GETARG_POINTER(0));
  ssup->comparator = sort_compare;
  PG_RETURN_VOID();
}
