// See rollup_revision.h.
#include "pg/rollup_revision.h"

#include <algorithm>

#include "pg/datum.h"
#include "pg/table_read.h"

extern "C" {
#include "access/stratnum.h"
#include "utils/fmgroids.h"
}

namespace ciprov::pg {

std::vector<std::string> revision_checkouts(std::string_view commit, std::optional<std::string_view> patchset,
                                            std::optional<std::string_view> origin) {
  TableRead r = open_table_read("checkouts", "checkouts_commit");
  static TableColumns<3> columns({"id", "origin", "patchset_hash"});
  const std::array<int, 3>& at = columns.find(r);
  const int att_id = at[0], att_origin = at[1], att_patchset = at[2];
  const int last = std::max({att_id, att_origin, att_patchset}) + 1;
  ScanKeyData key;
  Datum value = text_datum(commit);
  Oid collation = r.index->rd_indcollation[0];
  guarded([&key, value, collation] {
    ScanKeyEntryInitialize(&key, 0, 1, BTEqualStrategyNumber, InvalidOid, collation, F_TEXTEQ, value);
  });
  std::vector<ItemPointerData> tids;
  index_tids(r, &key, 1, tids);
  std::vector<std::string> ids;
  fetch_in_heap_order(r, tids, [&](TupleTableSlot* slot) {
    guarded([slot, last] { slot_getsomeattrs(slot, last); });
    if (origin && !text_equals(slot->tts_values[att_origin], *origin)) return;
    if (patchset) {
      std::string_view have = slot->tts_isnull[att_patchset] ? std::string_view() : text_bytes(slot->tts_values[att_patchset]);
      if (have != *patchset) return;
    }
    ids.emplace_back(text_bytes(slot->tts_values[att_id]));
  });
  close_table_read(r);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace ciprov::pg
