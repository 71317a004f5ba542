// See rollup_counters.h.
#include "pg/rollup_counters.h"

#include <algorithm>
#include <unordered_map>

#include "core/error.h"
#include "core/interrupt.h"
#include "pg/datum.h"
#include "pg/table_read.h"

extern "C" {
#include "access/stratnum.h"
#include "utils/fmgroids.h"
}

namespace ciprov::pg {

namespace {

namespace cr = core::rollup;

// The (checkout_id, rollup, packed) columns of ciprov.rollup_packed, found
// by name (pg::TableColumns); a packed set is read in its buffer (inline
// below 8 kB: toast_tuple_target).
class PackedRow {
 public:
  explicit PackedRow(const TableRead& r) : PackedRow(columns(r)) {}

  const int checkout_id, rollup, packed, last;  // 0-based attribute numbers; last + 1

  // Visits the slot's row `times` times.
  void visit(TupleTableSlot* slot, int times, const CounterVisitor& f) const {
    const int upto = last;
    guarded([slot, upto] { slot_getsomeattrs(slot, upto); });
    if (slot->tts_isnull[packed]) return;
    std::string_view id = text_bytes(slot->tts_values[checkout_id]);
    const char code = DatumGetChar(slot->tts_values[rollup]);
    std::string_view bytes = text_bytes(slot->tts_values[packed]);
    for (int k = 0; k < times; ++k) {
      cr::CountReader rows(bytes);
      f(id, code, rows);
    }
  }

 private:
  static const std::array<int, 3>& columns(const TableRead& r) {
    static TableColumns<3> c({"checkout_id", "rollup", "packed"});
    return c.find(r);
  }
  explicit PackedRow(const std::array<int, 3>& at)
      : checkout_id(at[0]), rollup(at[1]), packed(at[2]), last(std::max({at[0], at[1], at[2]}) + 1) {}
};

void read_by_index(const TableRead& r, const PackedRow& row, const std::vector<std::string>& ids,
                   std::string_view rollups, const CounterVisitor& f) {
  Relation index = r.index;
  if (index->rd_index->indnatts < 2 || index->rd_index->indkey.values[0] != row.checkout_id + 1 ||
      index->rd_index->indkey.values[1] != row.rollup + 1)
    throw core::Error(core::sqlstate::kInternalError,
                      "index ciprov.rollup_packed_pkey does not start with (checkout_id, rollup)");
  Oid id_collation = index->rd_indcollation[0];
  bool wanted[256] = {};
  for (char code : rollups) wanted[static_cast<unsigned char>(code)] = true;
  const IndexFilter keep = [&wanted](Datum code, bool isnull) {
    return !isnull && wanted[static_cast<unsigned char>(DatumGetChar(code))];
  };
  std::vector<ItemPointerData> tids;
  for (const std::string& id : ids) {
    // (one descent per checkout: its rollups are adjacent in the index)
    Datum d = text_datum(id);
    ScanKeyData key;
    guarded([&key, d, id_collation] {
      ScanKeyEntryInitialize(&key, 0, 1, BTEqualStrategyNumber, InvalidOid, id_collation, F_TEXTEQ, d);
    });
    index_tids_where(r, &key, 1, 2, keep, tids);
  }
  // (an id given twice keeps its row ids twice: visited twice, as unnest would)
  fetch_in_heap_order(r, tids, [&](TupleTableSlot* slot) { row.visit(slot, 1, f); });
}

void read_by_scan(const TableRead& r, const PackedRow& row, const std::vector<std::string>& ids,
                  std::string_view rollups, const CounterVisitor& f) {
  std::unordered_map<std::string_view, int> wanted;  // id -> times given
  for (const std::string& id : ids) ++wanted[id];
  bool rollup_wanted[256] = {};
  for (char code : rollups) rollup_wanted[static_cast<unsigned char>(code)] = true;
  const int first = std::max(row.checkout_id, row.rollup) + 1;
  Relation table = r.table;
  Snapshot snapshot = r.snapshot;
  TupleTableSlot* slot = r.slot;
  TableScanDesc scan = guarded([table, snapshot] { return table_beginscan(table, snapshot, 0, nullptr); });
  core::InterruptTicker ticker;
  while (guarded([scan, slot, first] {
    if (!table_scan_getnextslot(scan, ForwardScanDirection, slot)) return false;
    slot_getsomeattrs(slot, first);
    return true;
  })) {
    ticker.tick();
    char code = DatumGetChar(slot->tts_values[row.rollup]);
    if (!rollup_wanted[static_cast<unsigned char>(code)]) continue;
    auto it = wanted.find(text_bytes(slot->tts_values[row.checkout_id]));
    if (it == wanted.end()) continue;
    row.visit(slot, it->second, f);
  }
  guarded([scan] { table_endscan(scan); });
}

}  // namespace

void read_counters(const std::vector<std::string>& checkout_ids, std::string_view rollups, const CounterVisitor& f) {
  TableRead r = open_table_read("rollup_packed", "rollup_packed_pkey");
  PackedRow row(r);
  // One pass from 40% of the checkouts on (a week at 1M tests is 85% of
  // them; at 5M tests 17%).
  double checkouts = table_rows_estimate("checkouts");
  if (checkouts > 0 && static_cast<double>(checkout_ids.size()) > 0.4 * checkouts)
    read_by_scan(r, row, checkout_ids, rollups, f);
  else
    read_by_index(r, row, checkout_ids, rollups, f);
  close_table_read(r);
}

void sum_counters(const std::vector<std::string>& checkout_ids, std::string_view rollups, cr::Sums& sums) {
  read_counters(checkout_ids, rollups, [&sums](std::string_view, char rollup, cr::CountReader& rows) {
    while (rows.next()) sums.add(rollup, rows.value(), rows.cells());
  });
}

}  // namespace ciprov::pg
