// ciprov.rollup_sum(checkout_ids text[], rollups "char"[]): the counter rows
// of the given checkouts and rollups summed per (rollup, value), one row of
// ciprov.rollup_counts each (checkout_id NULL); ciprov.rollup_sum_kinds: the
// same sums unpivoted per kind. The readers' one way to sum counters
// (hardware_listing): pg/rollup_counters.h reads the packed rows and
// core::rollup::Sums adds them, a fraction of the cost of SQL sum()
// aggregates over ciprov.rollup_counts or of a prepared SPI statement
// (docs/bench-rollup.md).
#include <algorithm>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/interrupt.h"
#include "core/rollup_packed.h"
#include "core/rollup_read.h"
#include "pg/datum.h"
#include "pg/rollup_counters.h"
#include "pg/rollup_row.h"

extern "C" {
#include "access/genam.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/tuptable.h"
#include "funcapi.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/tuplestore.h"
}

namespace {

using namespace ciprov;
namespace cr = core::rollup;

// The rollup codes of a "char"[] (NULL elements left out), in order.
std::string rollup_codes(Datum array) {
  Datum* elems = nullptr;
  bool* nulls = nullptr;
  int n = 0;
  pg::guarded([array, &elems, &nulls, &n] {
    deconstruct_array(DatumGetArrayTypeP(array), CHAROID, 1, true, TYPALIGN_CHAR, &elems, &nulls, &n);
  });
  std::string codes;
  for (int i = 0; i < n; ++i)
    if (!nulls[i]) codes += DatumGetChar(elems[i]);
  return codes;
}

// The elements of a text[] that are not NULL.
std::vector<std::string> id_elements(Datum array) {
  pg::TextElements e = pg::text_elements(array);
  std::vector<std::string> out;
  for (int i = 0; i < e.n; ++i)
    if (!e.nulls[i]) out.emplace_back(pg::text_bytes(e.elems[i]));
  return out;
}

// The sums of the (checkout_ids, rollups) arguments, in the rollups' order,
// and the materialized result the two set-returning functions fill.
struct SumsResult {
  std::string order;
  cr::Sums sums;
  Tuplestorestate* store = nullptr;
  TupleDesc desc = nullptr;
};

SumsResult sums_result(FunctionCallInfo fcinfo) {
  SumsResult r;
  r.order = rollup_codes(PG_GETARG_DATUM(1));
  pg::sum_counters(id_elements(PG_GETARG_DATUM(0)), r.order, r.sums);
  pg::guarded([fcinfo] { InitMaterializedSRF(fcinfo, 0); });
  auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
  r.store = rsinfo->setResult;
  r.desc = rsinfo->setDesc;
  return r;
}

}  // namespace

CIPROV_FUNCTION(ciprov_rollup_sum) {
  SumsResult result = sums_result(fcinfo);
  const std::string& order = result.order;
  cr::Sums& sums = result.sums;
  Tuplestorestate* store = result.store;
  TupleDesc desc = result.desc;
  pg::rollup::CounterColumns cols = pg::rollup::counter_columns(desc);
  int natts = desc->natts;
  auto* values = static_cast<Datum*>(pg::alloc(sizeof(Datum) * natts));
  auto* nulls = static_cast<bool*>(pg::alloc(sizeof(bool) * natts));
  for (const cr::Sums::Group* g : sums.sorted(order)) {
    for (int i = 0; i < natts; ++i) nulls[i] = true;
    values[cols.rollup] = CharGetDatum(g->rollup);
    nulls[cols.rollup] = false;
    if (g->value) {
      values[cols.value] = pg::text_datum(*g->value);
      nulls[cols.value] = false;
    }
    for (int i = 0; i < cr::kCells; ++i) {
      values[cols.cells[i]] = Int32GetDatum(cr::to_int4(g->cells[static_cast<std::size_t>(i)]));
      nulls[cols.cells[i]] = false;
    }
    pg::guarded([store, desc, values, nulls] { tuplestore_putvalues(store, desc, values, nulls); });
  }
  return static_cast<Datum>(0);
}

// ciprov.rollup_sum_kinds(checkout_ids text[], rollups "char"[]): the same
// sums, one row per (rollup, value, kind) that counts something: (rollup,
// value, kind, counts jsonb, worst ciprov.status), kinds in build, boot,
// test order. The tree and revision summaries' shape, built here rather
// than by three row functions per (row, kind) in SQL (each forming the row
// again): half of tree_summary's time (docs/bench-rollup.md).
CIPROV_FUNCTION(ciprov_rollup_sum_kinds) {
  SumsResult result = sums_result(fcinfo);
  const std::string& order = result.order;
  cr::Sums& sums = result.sums;
  Tuplestorestate* store = result.store;
  TupleDesc desc = result.desc;
  if (desc->natts != 5)
    throw core::Error(core::sqlstate::kInternalError, "rollup_sum_kinds must return 5 columns");
  Oid status_type = TupleDescAttr(desc, 4)->atttypid;
  Datum labels[cr::kNull];
  for (int s = cr::kFail; s < cr::kNull; ++s)
    labels[s] = pg::rollup::status_label(status_type, static_cast<cr::Status>(s));
  Datum kinds[3];
  for (int k = cr::kBuild; k <= cr::kTest; ++k) kinds[k] = pg::text_datum(cr::kind_name(static_cast<cr::Kind>(k)));
  Datum values[5];
  bool nulls[5];
  for (const cr::Sums::Group* g : sums.sorted(order)) {
    values[0] = CharGetDatum(g->rollup);
    nulls[0] = false;
    nulls[1] = !g->value;
    values[1] = g->value ? pg::text_datum(*g->value) : static_cast<Datum>(0);
    for (int k = cr::kBuild; k <= cr::kTest; ++k) {
      auto kind = static_cast<cr::Kind>(k);
      if (cr::kind_total(g->cells, kind) == 0) continue;
      values[2] = kinds[k];
      nulls[2] = false;
      values[3] = pg::rollup::status_counts_jsonb(g->cells, kind);
      nulls[3] = false;
      std::optional<cr::Status> worst = cr::worst(g->cells, kind);
      nulls[4] = !worst;
      values[4] = worst ? labels[*worst] : static_cast<Datum>(0);
      Datum* vp = values;
      bool* np = nulls;
      pg::guarded([store, desc, vp, np] { tuplestore_putvalues(store, desc, vp, np); });
    }
  }
  return static_cast<Datum>(0);
}
