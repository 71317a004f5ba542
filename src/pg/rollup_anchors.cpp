// See rollup_anchors.h. This was one statement (two INSERT ... ON CONFLICT
// DO UPDATE in a WITH), the flush's costliest: starting it cost more than
// the few rows it wrote (docs/bench-rollup.md). Here each anchor is one
// insert_or_lock, and an anchor the transaction did not note is only
// locked, not rewritten.
#include "pg/rollup_anchors.h"

#include <string_view>

#include "pg/datum.h"
#include "pg/rollup_columns.h"
#include "pg/table_read.h"
#include "pg/table_write.h"

extern "C" {
#include "access/stratnum.h"
#include "utils/fmgroids.h"
}

namespace ciprov::pg {

namespace {

namespace cr = core::rollup;

// The rows of ciprov.<table> with these ids (through its primary key
// <pkey> on id), as they are now; an id with no row is mapped to none.
template <typename Columns>
std::map<std::string, std::optional<typename Columns::State>> rows_now(
    const char* table, const char* pkey,
    const std::map<std::string, std::optional<typename Columns::State>>& ids) {
  std::map<std::string, std::optional<typename Columns::State>> out;
  if (ids.empty()) return out;
  TableRead r = open_table_read(table, pkey, ReadAs::kLatest);
  const Columns c(r.table, relation_column);
  const Oid collation = r.index->rd_indcollation[0];
  for (const auto& [id, before] : ids) {
    std::optional<typename Columns::State>& now = out[id];
    ScanKeyData key;
    Datum d = text_datum(id);
    guarded([&key, collation, d] {
      ScanKeyEntryInitialize(&key, 0, 1, BTEqualStrategyNumber, InvalidOid, collation, F_TEXTEQ, d);
    });
    std::vector<ItemPointerData> tids;
    index_tids(r, &key, 1, tids);
    fetch_in_heap_order(r, tids, [&](TupleTableSlot* slot) {
      guarded([slot] { slot_getallattrs(slot); });
      now = c.read(slot);
    });
  }
  close_table_read(r);
  return out;
}

// The anchors of one table (ciprov.rollup_builds or rollup_checkouts):
// its key, known, then the attributes.
template <typename Columns>
class Anchors {
 public:
  using State = typename Columns::State;
  Anchors(const char* table, const char* key, const char* pkey)
      : w_(table, true),
        pkey_(pkey),
        key_(w_.column(key)),
        known_(w_.column("known")),
        c_(w_.relation(), relation_column) {}
  // The anchor of `id`: created from `now` (none: not known), or locked
  // and, when this transaction noted the object, brought up to `now`;
  // what it then counts the object as (none: not known), and the stored
  // attributes. *created tells whether it was made here.
  std::pair<std::optional<State>, State> lock(const std::string& id, bool noted,
                                              const std::optional<State>& now, bool* created) {
    fill(id, now);
    TupleTableSlot* slot = w_.insert_or_lock(pkey_, created);
    if (*created || noted) {
      if (!*created) {
        ItemPointerData tid = slot->tts_tid;
        fill(id, now);
        w_.update(&tid);
      }
      return {now, now.value_or(State{})};
    }
    guarded([slot] { slot_getallattrs(slot); });
    const bool known = !slot->tts_isnull[known_] && DatumGetBool(slot->tts_values[known_]);
    State stored = c_.read(slot);
    return {known ? std::optional<State>(stored) : std::nullopt, stored};
  }
  void close() { w_.close(); }

 private:
  void fill(const std::string& id, const std::optional<State>& now) {
    TupleTableSlot* row = w_.row();
    row->tts_values[key_] = text_datum(id);
    row->tts_isnull[key_] = false;
    row->tts_values[known_] = BoolGetDatum(now.has_value());
    row->tts_isnull[known_] = false;
    c_.put(row, now.value_or(State{}));
  }

  TableWriter w_;
  const char* pkey_;
  int key_, known_;
  Columns c_;
};

}  // namespace

LockedAnchors lock_anchors(
    const std::set<std::string>& touched,
    const std::map<std::string, std::optional<cr::BuildAttrs>>& noted_builds,
    const std::map<std::string, std::optional<cr::CheckoutAttrs>>& noted_checkouts,
    cr::FoldInput& in) {
  LockedAnchors out;
  const auto builds_now = rows_now<BuildColumns>("builds", "builds_pkey", noted_builds);
  const auto checkouts_now = rows_now<CheckoutColumns>("checkouts", "checkouts_pkey", noted_checkouts);

  // (the checkouts noted builds were counted under, and the noted ones)
  std::set<std::string> checkouts;
  for (const auto& [id, before] : noted_builds)
    if (before && before->checkout_id) checkouts.insert(*before->checkout_id);
  for (const auto& [id, before] : noted_checkouts) checkouts.insert(id);

  Anchors<BuildColumns> builds("rollup_builds", "build_id", "rollup_builds_pkey");
  for (const std::string& id : touched) {
    auto n = noted_builds.find(id);
    const bool noted = n != noted_builds.end();
    bool created = false;
    auto [counted, stored] = builds.lock(id, noted, noted ? builds_now.at(id) : std::nullopt, &created);
    if (created) out.created.insert(id);
    cr::Build& b = in.builds[id];
    b.now = std::move(counted);
    b.before = noted ? n->second : b.now;
    if (stored.checkout_id) checkouts.insert(*stored.checkout_id);
  }
  builds.close();

  Anchors<CheckoutColumns> anchors("rollup_checkouts", "checkout_id", "rollup_checkouts_pkey");
  for (const std::string& id : checkouts) {
    auto n = noted_checkouts.find(id);
    const bool noted = n != noted_checkouts.end();
    bool created = false;
    auto [counted, stored] = anchors.lock(id, noted, noted ? checkouts_now.at(id) : std::nullopt, &created);
    if (noted && n->second != counted) out.changed.insert(id);
    in.checkouts[id] = std::move(counted);
  }
  anchors.close();
  return out;
}

}  // namespace ciprov::pg
