// ciprov.rollup_sum(checkout_ids text[], rollups "char"[]): the counter rows
// of the given checkouts and rollups summed per (rollup, value), one row of
// ciprov.rollup_counts each (checkout_id NULL); ciprov.rollup_sum_kinds: the
// same sums unpivoted per kind. The readers' one way to sum counters
// (hardware_listing, rollup_summary): one reader (read_counters) takes the
// packed rows of ciprov.rollup_packed straight from the table or its key
// index and sums them in C++ (core::rollup::Sums), a fraction of the cost
// of SQL sum() aggregates over ciprov.rollup_counts or of a prepared SPI
// statement (docs/bench-rollup.md).
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
#include "pg/rollup_row.h"
#include "pg/table_read.h"

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

// The elements of a text[] that are not NULL (Datums into the array).
std::vector<Datum> id_elements(Datum array) {
  pg::TextElements e = pg::text_elements(array);
  std::vector<Datum> out;
  for (int i = 0; i < e.n; ++i)
    if (!e.nulls[i]) out.push_back(e.elems[i]);
  return out;
}

// Reads the packed counter rows of ciprov.rollup_packed into sums: the
// (checkout_id, rollup, packed) columns, found by name; the packed set is
// read in its buffer (inline below 8 kB: toast_tuple_target) row by row.
class PackedReader {
 public:
  explicit PackedReader(const pg::TableRead& r)
      : checkout_id(pg::table_column(r, "checkout_id")),
        rollup(pg::table_column(r, "rollup")),
        packed(pg::table_column(r, "packed")) {}

  const int checkout_id, rollup, packed;  // 0-based attribute numbers

  // Adds the packed rows in slot `times` times.
  void add(TupleTableSlot* slot, int times, cr::Sums& sums) const {
    int upto = std::max({checkout_id, rollup, packed}) + 1;
    pg::guarded([slot, upto] { slot_getsomeattrs(slot, upto); });
    if (slot->tts_isnull[packed]) return;
    const char code = DatumGetChar(slot->tts_values[rollup]);
    cr::CountReader rows(pg::text_bytes(slot->tts_values[packed]));
    while (rows.next()) sums.add(code, rows.value(), rows.cells(), times);
  }
};

// One descent of the key index (checkout_id, rollup) per (checkout,
// rollup), for windows that are a small part of the table, the rows then
// fetched in heap order (an id given twice keeps its row ids twice:
// counted twice, as unnest would).
void read_by_index(const pg::TableRead& r, const PackedReader& reader, const std::vector<Datum>& ids,
                   const std::string& rollups, cr::Sums& sums) {
  Relation index = r.index;
  if (index->rd_index->indnatts < 2 || index->rd_index->indkey.values[0] != reader.checkout_id + 1 ||
      index->rd_index->indkey.values[1] != reader.rollup + 1)
    throw core::Error(core::sqlstate::kInternalError,
                      "index ciprov.rollup_packed_pkey does not start with (checkout_id, rollup)");
  Oid id_collation = index->rd_indcollation[0];
  std::vector<ItemPointerData> tids;
  for (Datum id : ids) {
    for (char rollup : rollups) {
      ScanKeyData keys[2];
      pg::guarded([&keys, id, id_collation, rollup] {
        ScanKeyEntryInitialize(&keys[0], 0, 1, BTEqualStrategyNumber, InvalidOid, id_collation, F_TEXTEQ, id);
        ScanKeyEntryInitialize(&keys[1], 0, 2, BTEqualStrategyNumber, InvalidOid, InvalidOid, F_CHAREQ,
                               CharGetDatum(rollup));
      });
      pg::index_tids(r, keys, 2, tids);
    }
  }
  pg::fetch_in_heap_order(r, tids, [&](TupleTableSlot* slot) { reader.add(slot, 1, sums); });
}

// One pass over the table, keeping the rows of the checkouts and rollups
// asked for: for windows that are a large part of it (page-at-a-time
// visibility, no index pages, no random heap fetches).
void read_by_scan(const pg::TableRead& r, const PackedReader& reader, const std::vector<Datum>& ids,
                  const std::string& rollups, cr::Sums& sums) {
  std::unordered_map<std::string_view, int> wanted;  // id -> times given
  for (Datum id : ids) ++wanted[pg::text_bytes(id)];
  bool rollup_wanted[256] = {};
  for (char code : rollups) rollup_wanted[static_cast<unsigned char>(code)] = true;
  int first = std::max(reader.checkout_id, reader.rollup) + 1;
  Relation table = r.table;
  Snapshot snapshot = r.snapshot;
  TupleTableSlot* slot = r.slot;
  TableScanDesc scan = pg::guarded([table, snapshot] { return table_beginscan(table, snapshot, 0, nullptr); });
  core::InterruptTicker ticker;
  while (pg::guarded([scan, slot, first] {
    if (!table_scan_getnextslot(scan, ForwardScanDirection, slot)) return false;
    slot_getsomeattrs(slot, first);
    return true;
  })) {
    ticker.tick();
    char rollup = DatumGetChar(slot->tts_values[reader.rollup]);
    if (!rollup_wanted[static_cast<unsigned char>(rollup)]) continue;
    auto it = wanted.find(pg::text_bytes(slot->tts_values[reader.checkout_id]));
    if (it == wanted.end()) continue;
    reader.add(slot, it->second, sums);
  }
  pg::guarded([scan] { table_endscan(scan); });
}

// Adds the counter rows of each (checkout, rollup) to sums, read straight
// from ciprov.rollup_packed (no executor, rows decoded in their buffers: a
// prepared SPI statement spent most of its time copying and projecting
// rows; docs/bench-rollup.md).
void read_counters(const std::vector<Datum>& ids, const std::string& rollups, cr::Sums& sums) {
  pg::TableRead r = pg::open_table_read("rollup_packed", "rollup_packed_pkey");
  PackedReader reader(r);
  // The share of the table asked for, by the planner's count of checkouts:
  // one pass from 40% of the checkouts on (a week at 1M tests is 85% of
  // them; at 5M tests 17%), else one index descent per (checkout, rollup).
  double checkouts = pg::table_rows_estimate("checkouts");
  if (checkouts > 0 && static_cast<double>(ids.size()) > 0.4 * checkouts)
    read_by_scan(r, reader, ids, rollups, sums);
  else
    read_by_index(r, reader, ids, rollups, sums);
  pg::close_table_read(r);
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
  read_counters(id_elements(PG_GETARG_DATUM(0)), r.order, r.sums);
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
