// ciprov.rollup_sum(checkout_ids text[], rollups "char"[]): the counter rows
// of the given checkouts and rollups summed per (rollup, value), one row of
// ciprov.rollup_counts each (checkout_id NULL). The readers' one way to sum
// counters (hardware_listing, rollup_summary): the rows are read through the
// key index and summed in C++ (core::rollup::Sums), a fraction of the cost
// of 21 SQL sum() aggregates, of a whole-row aggregate, or of a prepared SPI
// statement (docs/bench-rollup.md).
#include <algorithm>
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
std::vector<Datum> text_elements(Datum array) {
  Datum* elems = nullptr;
  bool* nulls = nullptr;
  int n = 0;
  pg::guarded([array, &elems, &nulls, &n] {
    deconstruct_array(DatumGetArrayTypeP(array), TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
  });
  std::vector<Datum> out;
  for (int i = 0; i < n; ++i)
    if (!nulls[i]) out.push_back(elems[i]);
  return out;
}

Oid relation_oid(const char* name) {
  Oid oid = pg::guarded([name] { return get_relname_relid(name, get_namespace_oid("ciprov", false)); });
  if (!OidIsValid(oid))
    throw core::Error(core::sqlstate::kInternalError, std::string("relation ciprov.") + name + " does not exist");
  return oid;
}

// Where the cells, the rollup and the value of a counter row are, and the
// row added to sums when its key is one asked for.
struct RowReader {
  pg::rollup::CounterColumns cols;
  std::int32_t cells[cr::kCells];

  // The slot's attributes are deformed up to the last cell.
  void add(TupleTableSlot* slot, char rollup, cr::Sums& sums) {
    std::optional<std::string_view> value;
    if (!slot->tts_isnull[cols.value]) {
      auto* v = reinterpret_cast<struct varlena*>(DatumGetPointer(slot->tts_values[cols.value]));
      if (VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v))
        v = pg::guarded([v] { return pg_detoast_datum_packed(v); });
      value = std::string_view(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
    }
    for (int i = 0; i < cr::kCells; ++i) {
      int a = cols.cells[i];
      cells[i] = slot->tts_isnull[a] ? 0 : DatumGetInt32(slot->tts_values[a]);
    }
    sums.add(rollup, value, cells);
  }
};

std::string_view text_view(Datum d) {
  auto* v = reinterpret_cast<struct varlena*>(DatumGetPointer(d));
  if (VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v))
    v = pg::guarded([v] { return pg_detoast_datum_packed(v); });
  return std::string_view(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
}

// One descent of the key index (checkout_id, rollup, value) per (checkout,
// rollup): for windows that are a small part of the table.
void read_by_index(Relation table, Relation index, RowReader& reader, TupleTableSlot* slot,
                   const std::vector<Datum>& ids, const std::string& rollups, cr::Sums& sums) {
  if (index->rd_index->indnatts < 2 || index->rd_index->indkey.values[0] != reader.cols.checkout_id + 1 ||
      index->rd_index->indkey.values[1] != reader.cols.rollup + 1)
    throw core::Error(core::sqlstate::kInternalError,
                      "index ciprov.rollup_counts_key does not start with (checkout_id, rollup)");
  Oid id_collation = index->rd_indcollation[0];
  IndexScanDesc scan = pg::guarded([table, index] {
    return index_beginscan(table, index, GetActiveSnapshot(), 2, 0);
  });
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
      while (pg::guarded([scan, slot] {
        if (!index_getnext_slot(scan, ForwardScanDirection, slot)) return false;
        slot_getallattrs(slot);
        return true;
      })) {
        reader.add(slot, rollup, sums);
        ticker.tick();
      }
    }
  }
  pg::guarded([scan] { index_endscan(scan); });
}

// One pass over the table, keeping the rows of the checkouts and rollups
// asked for: for windows that are a large part of it (page-at-a-time
// visibility, no index pages, no random heap fetches).
void read_by_scan(Relation table, RowReader& reader, TupleTableSlot* slot, const std::vector<Datum>& ids,
                  const std::string& rollups, cr::Sums& sums) {
  std::unordered_map<std::string_view, int> wanted;  // id -> times given
  for (Datum id : ids) ++wanted[text_view(id)];
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
    auto it = wanted.find(text_view(slot->tts_values[reader.cols.checkout_id]));
    if (it == wanted.end()) continue;
    pg::guarded([slot] { slot_getallattrs(slot); });
    for (int k = 0; k < it->second; ++k) reader.add(slot, rollup, sums);
  }
  pg::guarded([scan] { table_endscan(scan); });
}

// Adds the counter rows of each (checkout, rollup) to sums, read straight
// from ciprov.rollup_counts (no executor, rows deformed in their buffers:
// a prepared SPI statement spent most of its time copying and projecting
// them; docs/bench-rollup.md).
void read_counters(const std::vector<Datum>& ids, const std::string& rollups, cr::Sums& sums) {
  Oid table_oid = relation_oid("rollup_counts");
  Oid index_oid = relation_oid("rollup_counts_key");
  Oid checkouts_oid = relation_oid("checkouts");
  Relation table = pg::guarded([table_oid] { return table_open(table_oid, AccessShareLock); });
  Relation index = pg::guarded([index_oid] { return index_open(index_oid, AccessShareLock); });
  RowReader reader{pg::rollup::counter_columns(RelationGetDescr(table)), {}};
  TupleTableSlot* slot = pg::guarded([table] { return table_slot_create(table, nullptr); });
  // the share of the table asked for, by the planner's count of checkouts
  double checkouts = pg::guarded([checkouts_oid] {
    Relation r = table_open(checkouts_oid, AccessShareLock);
    double n = r->rd_rel->reltuples;
    table_close(r, AccessShareLock);
    return n;
  });
  // (at 1M tests a week is most of the table: one pass costs half of the
  // index descents; at 5M it is a sixth: the index reads a sixth of the rows)
  if (checkouts > 0 && static_cast<double>(ids.size()) * 4 > checkouts)
    read_by_scan(table, reader, slot, ids, rollups, sums);
  else
    read_by_index(table, index, reader, slot, ids, rollups, sums);
  pg::guarded([slot, index, table] {
    ExecDropSingleTupleTableSlot(slot);
    index_close(index, AccessShareLock);
    table_close(table, AccessShareLock);
  });
}

}  // namespace

CIPROV_FUNCTION(ciprov_rollup_sum) {
  Datum ids = PG_GETARG_DATUM(0);
  Datum rollups = PG_GETARG_DATUM(1);
  std::string order = rollup_codes(rollups);

  cr::Sums sums;
  read_counters(text_elements(ids), order, sums);

  pg::guarded([fcinfo] { InitMaterializedSRF(fcinfo, 0); });
  auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
  Tuplestorestate* store = rsinfo->setResult;
  TupleDesc desc = rsinfo->setDesc;
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
