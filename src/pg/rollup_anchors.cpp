// See rollup_anchors.h. This was one statement (two INSERT ... ON CONFLICT
// DO UPDATE in a WITH), the flush's costliest: starting it cost more than
// the few rows it wrote (docs/bench-rollup.md). Here each anchor is one
// insert_or_lock, and an anchor the transaction did not note is only
// locked, not rewritten.
#include "pg/rollup_anchors.h"

#include <string_view>

#include "pg/datum.h"
#include "pg/rollup_row.h"
#include "pg/table_read.h"
#include "pg/table_write.h"

extern "C" {
#include "access/stratnum.h"
#include "utils/fmgroids.h"
}

namespace ciprov::pg {

namespace {

namespace cr = core::rollup;

cr::Text text_at(TupleTableSlot* slot, int att) {
  if (slot->tts_isnull[att]) return std::nullopt;
  return std::string(text_bytes(slot->tts_values[att]));
}

void put_text(TupleTableSlot* row, int att, const cr::Text& v) {
  row->tts_isnull[att] = !v;
  row->tts_values[att] = v ? text_datum(*v) : static_cast<Datum>(0);
}

Oid column_type(TupleTableSlot* slot, int att) {
  return TupleDescAttr(slot->tts_tupleDescriptor, att)->atttypid;
}

// The rows of ciprov.<table> with these ids (through its primary key
// <table>_pkey on id), as they are now, read by `as`; an id with no row is
// mapped to none.
template <typename State, typename Read>
std::map<std::string, std::optional<State>> rows_now(
    const char* table, const char* pkey, const std::map<std::string, std::optional<State>>& ids,
    Read&& as) {
  std::map<std::string, std::optional<State>> out;
  if (ids.empty()) return out;
  TableRead r = open_table_read(table, pkey, ReadAs::kLatest);
  const Oid collation = r.index->rd_indcollation[0];
  for (const auto& [id, before] : ids) {
    std::optional<State>& now = out[id];
    ScanKeyData key;
    Datum d = text_datum(id);
    guarded([&key, collation, d] {
      ScanKeyEntryInitialize(&key, 0, 1, BTEqualStrategyNumber, InvalidOid, collation, F_TEXTEQ, d);
    });
    std::vector<ItemPointerData> tids;
    index_tids(r, &key, 1, tids);
    fetch_in_heap_order(r, tids, [&](TupleTableSlot* slot) {
      guarded([slot] { slot_getallattrs(slot); });
      now = as(r, slot);
    });
  }
  close_table_read(r);
  return out;
}

// An anchor table's columns: its key, known, then the attributes.
struct BuildColumns {
  int id, known, checkout, architecture, config, compiler, status;
  explicit BuildColumns(const TableWriter& w)
      : id(w.column("build_id")),
        known(w.column("known")),
        checkout(w.column("checkout_id")),
        architecture(w.column("architecture")),
        config(w.column("config_name")),
        compiler(w.column("compiler")),
        status(w.column("status")) {}
};

struct CheckoutColumns {
  int id, known, tree, branch, commit;
  explicit CheckoutColumns(const TableWriter& w)
      : id(w.column("checkout_id")),
        known(w.column("known")),
        tree(w.column("tree_name")),
        branch(w.column("git_repository_branch")),
        commit(w.column("git_commit_hash")) {}
};

// An anchor row as stored: known, and the attributes (NULL when unknown).
template <typename State>
struct Anchor {
  bool known = false;
  State attrs;
  std::optional<State> counted() const {
    return known ? std::optional<State>(attrs) : std::nullopt;
  }
};

// An anchor's key and whether the object is known.
void put_key(TupleTableSlot* row, int id_att, int known_att, const std::string& id, bool known) {
  row->tts_values[id_att] = text_datum(id);
  row->tts_isnull[id_att] = false;
  row->tts_values[known_att] = BoolGetDatum(known);
  row->tts_isnull[known_att] = false;
}

void fill(TupleTableSlot* row, const BuildColumns& c, const rollup::StatusLabels& labels,
          const std::string& id, const std::optional<cr::BuildAttrs>& now) {
  const cr::BuildAttrs a = now.value_or(cr::BuildAttrs{});
  put_key(row, c.id, c.known, id, now.has_value());
  put_text(row, c.checkout, a.checkout_id);
  put_text(row, c.architecture, a.architecture);
  put_text(row, c.config, a.config_name);
  put_text(row, c.compiler, a.compiler);
  row->tts_isnull[c.status] = a.status == cr::kNull;
  row->tts_values[c.status] =
      a.status == cr::kNull ? static_cast<Datum>(0) : labels.label(a.status);
}

void fill(TupleTableSlot* row, const CheckoutColumns& c, const std::string& id,
          const std::optional<cr::CheckoutAttrs>& now) {
  const cr::CheckoutAttrs a = now.value_or(cr::CheckoutAttrs{});
  put_key(row, c.id, c.known, id, now.has_value());
  put_text(row, c.tree, a.tree_name);
  put_text(row, c.branch, a.branch);
  put_text(row, c.commit, a.commit);
}

bool known_at(TupleTableSlot* slot, int att) {
  return !slot->tts_isnull[att] && DatumGetBool(slot->tts_values[att]);
}

Anchor<cr::BuildAttrs> build_anchor(TupleTableSlot* slot, const BuildColumns& c,
                                    const rollup::StatusLabels& labels) {
  guarded([slot] { slot_getallattrs(slot); });
  return {known_at(slot, c.known),
          cr::BuildAttrs{text_at(slot, c.checkout), text_at(slot, c.architecture),
                         text_at(slot, c.config), text_at(slot, c.compiler),
                         labels.status(slot->tts_values[c.status], slot->tts_isnull[c.status])}};
}

Anchor<cr::CheckoutAttrs> checkout_anchor(TupleTableSlot* slot, const CheckoutColumns& c) {
  guarded([slot] { slot_getallattrs(slot); });
  return {known_at(slot, c.known), cr::CheckoutAttrs{text_at(slot, c.tree), text_at(slot, c.branch),
                                                     text_at(slot, c.commit)}};
}

// The anchor of key `id`: created from `now`, or locked and, when this
// transaction noted the object, brought up to `now`; returned as it then is.
template <typename State, typename Fill, typename Read>
Anchor<State> anchor(TableWriter& w, const char* pkey, bool noted, const std::optional<State>& now,
                     Fill&& fill_row, Read&& read, bool* created) {
  fill_row(w.row());
  TupleTableSlot* slot = w.insert_or_lock(pkey, created);
  if (*created || noted) {
    if (!*created) {
      ItemPointerData tid = slot->tts_tid;
      fill_row(w.row());
      w.update(&tid);
    }
    return {now.has_value(), now.value_or(State{})};
  }
  return read(slot);
}

}  // namespace

LockedAnchors lock_anchors(
    const std::set<std::string>& touched,
    const std::map<std::string, std::optional<cr::BuildAttrs>>& noted_builds,
    const std::map<std::string, std::optional<cr::CheckoutAttrs>>& noted_checkouts,
    cr::FoldInput& in) {
  LockedAnchors out;
  const auto builds_now = rows_now<cr::BuildAttrs>(
      "builds", "builds_pkey", noted_builds, [](const TableRead& r, TupleTableSlot* slot) {
        const rollup::StatusLabels& labels =
            rollup::status_labels(column_type(slot, table_column(r, "status")));
        const int status = table_column(r, "status");
        return cr::BuildAttrs{text_at(slot, table_column(r, "checkout_id")),
                              text_at(slot, table_column(r, "architecture")),
                              text_at(slot, table_column(r, "config_name")),
                              text_at(slot, table_column(r, "compiler")),
                              labels.status(slot->tts_values[status], slot->tts_isnull[status])};
      });
  const auto checkouts_now = rows_now<cr::CheckoutAttrs>(
      "checkouts", "checkouts_pkey", noted_checkouts, [](const TableRead& r, TupleTableSlot* slot) {
        return cr::CheckoutAttrs{text_at(slot, table_column(r, "tree_name")),
                                 text_at(slot, table_column(r, "git_repository_branch")),
                                 text_at(slot, table_column(r, "git_commit_hash"))};
      });

  // (the checkouts noted builds were counted under, and the noted ones)
  std::set<std::string> checkouts;
  for (const auto& [id, before] : noted_builds)
    if (before && before->checkout_id) checkouts.insert(*before->checkout_id);
  for (const auto& [id, before] : noted_checkouts) checkouts.insert(id);

  {
    TableWriter w("rollup_builds", true);
    const BuildColumns c(w);
    const rollup::StatusLabels& labels = rollup::status_labels(column_type(w.row(), c.status));
    for (const std::string& id : touched) {
      auto n = noted_builds.find(id);
      const bool noted = n != noted_builds.end();
      const std::optional<cr::BuildAttrs> now = noted ? builds_now.at(id) : std::nullopt;
      bool created = false;
      const Anchor<cr::BuildAttrs> a = anchor<cr::BuildAttrs>(
          w, "rollup_builds_pkey", noted, now,
          [&](TupleTableSlot* row) { fill(row, c, labels, id, now); },
          [&](TupleTableSlot* slot) { return build_anchor(slot, c, labels); }, &created);
      if (created) out.created.insert(id);
      cr::Build& b = in.builds[id];
      b.now = a.counted();
      b.before = noted ? n->second : b.now;
      if (a.attrs.checkout_id) checkouts.insert(*a.attrs.checkout_id);
    }
    w.close();
  }

  TableWriter w("rollup_checkouts", true);
  const CheckoutColumns c(w);
  for (const std::string& id : checkouts) {
    auto n = noted_checkouts.find(id);
    const bool noted = n != noted_checkouts.end();
    const std::optional<cr::CheckoutAttrs> now = noted ? checkouts_now.at(id) : std::nullopt;
    bool created = false;
    const Anchor<cr::CheckoutAttrs> a = anchor<cr::CheckoutAttrs>(
        w, "rollup_checkouts_pkey", noted, now, [&](TupleTableSlot* row) { fill(row, c, id, now); },
        [&](TupleTableSlot* slot) { return checkout_anchor(slot, c); }, &created);
    std::optional<cr::CheckoutAttrs> counted = a.counted();
    if (noted && n->second != counted) out.changed.insert(id);
    in.checkouts[id] = std::move(counted);
  }
  w.close();
  return out;
}

}  // namespace ciprov::pg
