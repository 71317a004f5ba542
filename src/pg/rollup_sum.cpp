// ciprov.rollup_sum(checkout_ids text[], rollups "char"[]): the counter rows
// of the given checkouts and rollups summed per (rollup, value), one row of
// ciprov.rollup_counts each (checkout_id NULL); ciprov.rollup_sum_kinds: the
// same sums unpivoted per kind. The readers' one way to sum counters
// (hardware_listing, rollup_summary): one reader (read_counters) takes the
// rows straight from the table or its key index and sums them in C++
// (core::rollup::Sums), a fraction of the cost of 21 SQL sum() aggregates,
// of a whole-row aggregate, or of a prepared SPI statement
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
#include "core/rollup_read.h"
#include "pg/datum.h"
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

// The elements of a text[] that are not NULL (Datums into the array).
std::vector<Datum> id_elements(Datum array) {
  pg::TextElements e = pg::text_elements(array);
  std::vector<Datum> out;
  for (int i = 0; i < e.n; ++i)
    if (!e.nulls[i]) out.push_back(e.elems[i]);
  return out;
}

Oid relation_oid(const char* name) {
  Oid oid = pg::guarded([name] { return get_relname_relid(name, get_namespace_oid("ciprov", false)); });
  if (!OidIsValid(oid))
    throw core::Error(core::sqlstate::kInternalError, std::string("relation ciprov.") + name + " does not exist");
  return oid;
}

// Reads the counter rows of a slot of ciprov.rollup_counts into sums.
// Deforming all 24 attributes took a third of a listing's time (the two
// text columns before the cells leave every later offset to be computed
// per row), so when the 21 cells are 21 NOT NULL int4 attributes right
// after value (the table's layout), a heap row is deformed up to value and
// its cells copied from the next 4-byte aligned offset in one go.
class RowReader {
 public:
  explicit RowReader(TupleDesc desc) : cols(pg::rollup::counter_columns(desc)) {
    contiguous_ = true;
    for (int i = 0; i < cr::kCells; ++i) {
      Form_pg_attribute a = TupleDescAttr(desc, cols.cells[i]);
      if (cols.cells[i] != cols.value + 1 + i || a->attlen != 4 || a->attalign != TYPALIGN_INT || !a->attnotnull ||
          a->atthasmissing)
        contiguous_ = false;
    }
  }

  const pg::rollup::CounterColumns cols;

  // Adds the row in slot (deformed at least up to rollup) `times` times.
  void add(TupleTableSlot* slot, char rollup, int times, cr::Sums& sums) {
    int upto = cols.value + 1;
    pg::guarded([slot, upto] { slot_getsomeattrs(slot, upto); });
    std::optional<std::string_view> value;
    if (!slot->tts_isnull[cols.value]) value = pg::text_bytes(slot->tts_values[cols.value]);
    HeapTuple tuple = TTS_IS_BUFFERTUPLE(slot) ? reinterpret_cast<HeapTupleTableSlot*>(slot)->tuple : nullptr;
    if (contiguous_ && tuple != nullptr && slot->tts_nvalid == upto &&
        HeapTupleHeaderGetNatts(tuple->t_data) >= cols.cells[cr::kCells - 1] + 1) {
      // (off: where deforming stopped, just after value)
      uint32 off = att_align_nominal(reinterpret_cast<HeapTupleTableSlot*>(slot)->off, TYPALIGN_INT);
      const char* data = reinterpret_cast<const char*>(tuple->t_data) + tuple->t_data->t_hoff;
      std::memcpy(cells_, data + off, sizeof cells_);
    } else {
      pg::guarded([slot] { slot_getallattrs(slot); });
      for (int i = 0; i < cr::kCells; ++i) {
        int a = cols.cells[i];
        cells_[i] = slot->tts_isnull[a] ? 0 : DatumGetInt32(slot->tts_values[a]);
      }
    }
    for (int k = 0; k < times; ++k) sums.add(rollup, value, cells_);
  }

 private:
  bool contiguous_;
  std::int32_t cells_[cr::kCells];
};


// One descent of the key index (checkout_id, rollup, value) per (checkout,
// rollup), for windows that are a small part of the table: the row ids
// first, then the rows in heap order, so that each page is pinned and
// pruned once however its rows are spread among the checkouts (fetching
// each row as the index returns it spent most of its time switching pages).
void read_by_index(Relation table, Relation index, RowReader& reader, TupleTableSlot* slot,
                   const std::vector<Datum>& ids, const std::string& rollups, cr::Sums& sums) {
  if (index->rd_index->indnatts < 2 || index->rd_index->indkey.values[0] != reader.cols.checkout_id + 1 ||
      index->rd_index->indkey.values[1] != reader.cols.rollup + 1)
    throw core::Error(core::sqlstate::kInternalError,
                      "index ciprov.rollup_counts_key does not start with (checkout_id, rollup)");
  Oid id_collation = index->rd_indcollation[0];
  Snapshot snapshot = GetActiveSnapshot();
  IndexScanDesc scan = pg::guarded([table, index, snapshot] {
    return index_beginscan(table, index, snapshot, 2, 0);
  });
  std::vector<ItemPointerData> tids;
  core::InterruptTicker ticker;
  for (Datum id : ids) {
    for (char rollup : rollups) {
      ScanKeyData keys[2];
      pg::guarded([&keys, id, id_collation, rollup, scan] {
        ScanKeyEntryInitialize(&keys[0], 0, 1, BTEqualStrategyNumber, InvalidOid, id_collation, F_TEXTEQ, id);
        ScanKeyEntryInitialize(&keys[1], 0, 2, BTEqualStrategyNumber, InvalidOid, InvalidOid, F_CHAREQ,
                               CharGetDatum(rollup));
        index_rescan(scan, keys, 2, nullptr, 0);
      });
      for (;;) {
        ItemPointer tid = pg::guarded([scan] { return index_getnext_tid(scan, ForwardScanDirection); });
        if (tid == nullptr) break;
        tids.push_back(*tid);
        ticker.tick();
      }
    }
  }
  pg::guarded([scan] { index_endscan(scan); });
  // (an id given twice keeps its row ids twice: counted twice, as unnest would)
  std::sort(tids.begin(), tids.end(), [](const ItemPointerData& a, const ItemPointerData& b) {
    return ItemPointerCompare(const_cast<ItemPointer>(&a), const_cast<ItemPointer>(&b)) < 0;
  });
  int rollup_attno = reader.cols.rollup + 1;
  IndexFetchTableData* fetch = pg::guarded([table] { return table_index_fetch_begin(table); });
  for (ItemPointerData& tid : tids) {
    ItemPointer t = &tid;
    bool found = pg::guarded([fetch, t, snapshot, slot, rollup_attno] {
      bool call_again = false, all_dead = false;
      if (!table_index_fetch_tuple(fetch, t, snapshot, slot, &call_again, &all_dead)) return false;
      slot_getsomeattrs(slot, rollup_attno);
      return true;
    });
    if (!found) continue;  // not visible to this snapshot
    reader.add(slot, DatumGetChar(slot->tts_values[reader.cols.rollup]), 1, sums);
    ticker.tick();
  }
  pg::guarded([fetch] { table_index_fetch_end(fetch); });
}

// One pass over the table, keeping the rows of the checkouts and rollups
// asked for: for windows that are a large part of it (page-at-a-time
// visibility, no index pages, no random heap fetches).
void read_by_scan(Relation table, RowReader& reader, TupleTableSlot* slot, const std::vector<Datum>& ids,
                  const std::string& rollups, cr::Sums& sums) {
  std::unordered_map<std::string_view, int> wanted;  // id -> times given
  for (Datum id : ids) ++wanted[pg::text_bytes(id)];
  bool rollup_wanted[256] = {};
  for (char r : rollups) rollup_wanted[static_cast<unsigned char>(r)] = true;
  int first = std::max(reader.cols.checkout_id, reader.cols.rollup) + 1;
  TableScanDesc scan = pg::guarded([table] { return table_beginscan(table, GetActiveSnapshot(), 0, nullptr); });
  core::InterruptTicker ticker;
  while (pg::guarded([scan, slot, first] {
    if (!table_scan_getnextslot(scan, ForwardScanDirection, slot)) return false;
    slot_getsomeattrs(slot, first);
    return true;
  })) {
    ticker.tick();
    char rollup = DatumGetChar(slot->tts_values[reader.cols.rollup]);
    if (!rollup_wanted[static_cast<unsigned char>(rollup)]) continue;
    auto it = wanted.find(pg::text_bytes(slot->tts_values[reader.cols.checkout_id]));
    if (it == wanted.end()) continue;
    reader.add(slot, rollup, it->second, sums);
  }
  pg::guarded([scan] { table_endscan(scan); });
}

// Adds the counter rows of each (checkout, rollup) to sums, read straight
// from ciprov.rollup_counts (no executor, rows deformed in their buffers:
// a prepared SPI statement spent most of its time copying and projecting
// them; docs/bench-rollup.md).
void read_counters(const std::vector<Datum>& ids, const std::string& rollups, cr::Sums& sums) {
  if (!ActiveSnapshotSet())
    throw core::Error(core::sqlstate::kInternalError, "ciprov.rollup_sum needs an active snapshot");
  Oid table_oid = relation_oid("rollup_counts");
  Oid index_oid = relation_oid("rollup_counts_key");
  Oid checkouts_oid = relation_oid("checkouts");
  // (read without the executor, so the privilege check is ours: as a
  // SELECT on the counters would need, also for checkouts' statistics)
  pg::guarded([table_oid] {
    AclResult acl = pg_class_aclcheck(table_oid, GetUserId(), ACL_SELECT);
    if (acl != ACLCHECK_OK) aclcheck_error(acl, OBJECT_TABLE, "rollup_counts");
  });
  Relation table = pg::guarded([table_oid] { return table_open(table_oid, AccessShareLock); });
  Relation index = pg::guarded([index_oid] { return index_open(index_oid, AccessShareLock); });
  RowReader reader(RelationGetDescr(table));
  TupleTableSlot* slot = pg::guarded([table] { return table_slot_create(table, nullptr); });
  // The share of the table asked for, by the planner's count of checkouts:
  // per row wanted, an index read costs about 2.2 times a row of one pass
  // (measured at 1M tests), so one pass from 40% of the checkouts on (a
  // week at 1M tests is 85% of them; at 5M tests 17%).
  double checkouts = pg::guarded([checkouts_oid] {
    Relation r = table_open(checkouts_oid, AccessShareLock);
    double n = r->rd_rel->reltuples;
    table_close(r, AccessShareLock);
    return n;
  });
  if (checkouts > 0 && static_cast<double>(ids.size()) > 0.4 * checkouts)
    read_by_scan(table, reader, slot, ids, rollups, sums);
  else
    read_by_index(table, index, reader, slot, ids, rollups, sums);
  pg::guarded([slot, index, table] {
    ExecDropSingleTupleTableSlot(slot);
    index_close(index, AccessShareLock);
    table_close(table, AccessShareLock);
  });
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
