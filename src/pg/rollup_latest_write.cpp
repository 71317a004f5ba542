// See rollup_latest_write.h.
#include "pg/rollup_latest_write.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/interrupt.h"
#include "core/rollup_latest.h"
#include "core/rollup_runs.h"
#include "pg/datum.h"
#include "pg/table_read.h"
#include "pg/table_write.h"

extern "C" {
#include "access/stratnum.h"
#include "utils/fmgroids.h"
}

namespace ciprov::pg {

namespace cr = core::rollup;

namespace {

// The equality keys of a group on an index whose first three columns are
// (checkout_id, architecture, config_name); a NULL matches NULL. Datums
// built here live to the end of the call.
void group_keys(const cr::LatestGroup& g, const Oid collations[3], ScanKeyData keys[3]) {
  const cr::Text* values[3] = {nullptr, &g.architecture, &g.config_name};
  Datum checkout = text_datum(g.checkout_id);
  for (int i = 0; i < 3; ++i) {
    const bool null = i > 0 && !*values[i];
    Datum d = i == 0 ? checkout : null ? static_cast<Datum>(0) : text_datum(**values[i]);
    ScanKey k = &keys[i];
    const Oid collation = collations[i];
    guarded([k, i, d, null, collation] {
      if (null)
        ScanKeyEntryInitialize(k, SK_ISNULL | SK_SEARCHNULL, static_cast<AttrNumber>(i + 1), InvalidStrategy,
                               InvalidOid, InvalidOid, InvalidOid, static_cast<Datum>(0));
      else
        ScanKeyEntryInitialize(k, 0, static_cast<AttrNumber>(i + 1), BTEqualStrategyNumber, InvalidOid, collation,
                               F_TEXTEQ, d);
    });
  }
}

// The group's latest set from its runs.
std::string recompute(const TableRead& r, const cr::LatestGroup& g, int att_platform, int att_tests) {
  const Oid collations[3] = {r.index->rd_indcollation[0], r.index->rd_indcollation[1], r.index->rd_indcollation[2]};
  ScanKeyData keys[3];
  group_keys(g, collations, keys);
  std::vector<ItemPointerData> tids;
  index_tids(r, keys, 3, tids);
  std::vector<cr::LatestTest> tests;
  const int last = std::max(att_platform, att_tests) + 1;
  fetch_in_heap_order(r, tids, [&](TupleTableSlot* slot) {
    guarded([slot, last] { slot_getsomeattrs(slot, last); });
    core::poll_interrupts();
    cr::Text platform;
    if (!slot->tts_isnull[att_platform]) platform = std::string(text_bytes(slot->tts_values[att_platform]));
    cr::RunTestReader run(text_bytes(slot->tts_values[att_tests]), cr::RunTestReader::kTrustOrder);
    while (run.next()) {
      cr::LatestTest t;
      t.platform = platform;
      if (run.path()) t.path = std::string(*run.path());
      t.status = run.status();
      t.start = run.start();
      t.id = std::string(run.id());
      tests.push_back(std::move(t));
    }
  });
  return cr::pack_latest(std::move(tests));
}

}  // namespace

void write_latest(const std::map<cr::LatestGroup, cr::LatestDelta>& groups) {
  if (groups.empty()) return;
  // Reads first (each group's set as stored, then as it becomes), writes
  // after, each under its own snapshot of what the flush wrote so far.
  struct Next {
    const cr::LatestGroup* group;
    std::optional<ItemPointerData> tid;  // (the stored row)
    std::string set;
  };
  std::vector<Next> writes;
  TableRead stored = open_table_read("rollup_latest", "rollup_latest_key", ReadAs::kLatest);
  const int att_stored = table_column(stored, "tests");
  std::optional<TableRead> runs;  // (opened for the first group recomputed from its runs)
  const std::string empty = cr::pack_latest({});  // (a group with no stored set yet)
  for (const auto& [g, delta] : groups) {
    const Oid collations[3] = {stored.index->rd_indcollation[0], stored.index->rd_indcollation[1],
                               stored.index->rd_indcollation[2]};
    ScanKeyData keys[3];
    group_keys(g, collations, keys);
    std::vector<ItemPointerData> tids;
    index_tids(stored, keys, 3, tids);
    Next next{&g, std::nullopt, std::string()};
    std::string before;
    fetch_in_heap_order(stored, tids, [&](TupleTableSlot* slot) {
      guarded([slot, att_stored] { slot_getsomeattrs(slot, att_stored + 1); });
      next.tid = slot->tts_tid;
      before = std::string(text_bytes(slot->tts_values[att_stored]));
    });
    bool merged = false;
    if (!delta.recompute) {
      std::optional<std::string> set = cr::apply_latest(next.tid ? std::string_view(before) : empty, delta);
      merged = set.has_value();
      if (merged) next.set = std::move(*set);
    }
    if (!merged) {
      if (!runs) runs = open_table_read("rollup_runs", "rollup_runs_group", ReadAs::kLatest);
      next.set = recompute(*runs, g, table_column(*runs, "platform"), table_column(*runs, "tests"));
    }
    if (next.tid && before == next.set) continue;  // (unchanged: nothing written)
    writes.push_back(std::move(next));
  }
  if (runs) close_table_read(*runs);
  close_table_read(stored);
  if (writes.empty()) return;

  TableWriter w("rollup_latest");
  const int checkout = w.column("checkout_id"), arch = w.column("architecture"), config = w.column("config_name"),
            tests = w.column("tests");
  for (Next& next : writes) {
    const bool empty = cr::LatestReader(next.set, cr::LatestReader::kTrustOrder).size() == 0;
    if (empty) {
      if (next.tid) w.remove(&*next.tid);
      continue;
    }
    const cr::LatestGroup& g = *next.group;
    TupleTableSlot* row = w.row();
    row->tts_values[checkout] = text_datum(g.checkout_id);
    row->tts_isnull[checkout] = false;
    if (g.architecture) {
      row->tts_values[arch] = text_datum(*g.architecture);
      row->tts_isnull[arch] = false;
    }
    if (g.config_name) {
      row->tts_values[config] = text_datum(*g.config_name);
      row->tts_isnull[config] = false;
    }
    row->tts_values[tests] = PointerGetDatum(make_varlena(next.set));
    row->tts_isnull[tests] = false;
    if (next.tid)
      w.update(&*next.tid);
    else
      w.insert();
  }
  w.close();
}

}  // namespace ciprov::pg
