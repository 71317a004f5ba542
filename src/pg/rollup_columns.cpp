#include "pg/rollup_columns.h"

#include "pg/datum.h"
#include "pg/table_read.h"

namespace ciprov::pg {

namespace {

namespace cr = core::rollup;

void put_text(TupleTableSlot* row, int att, const cr::Text& v) {
  row->tts_isnull[att] = !v;
  row->tts_values[att] = v ? text_datum(*v) : static_cast<Datum>(0);
}

}  // namespace

BuildColumns::BuildColumns(Relation rel, FindColumn find)
    : checkout(find(rel, "checkout_id")),
      architecture(find(rel, "architecture")),
      config(find(rel, "config_name")),
      compiler(find(rel, "compiler")),
      status(find(rel, "status")),
      labels(&rollup::status_labels(TupleDescAttr(RelationGetDescr(rel), status)->atttypid)) {}

BuildColumns::State BuildColumns::read(TupleTableSlot* slot) const {
  return {text_at(slot, checkout), text_at(slot, architecture), text_at(slot, config), text_at(slot, compiler),
          labels->status(slot->tts_values[status], slot->tts_isnull[status])};
}

void BuildColumns::put(TupleTableSlot* row, const State& a) const {
  put_text(row, checkout, a.checkout_id);
  put_text(row, architecture, a.architecture);
  put_text(row, config, a.config_name);
  put_text(row, compiler, a.compiler);
  row->tts_isnull[status] = a.status == cr::kNull;
  row->tts_values[status] = a.status == cr::kNull ? static_cast<Datum>(0) : labels->label(a.status);
}

CheckoutColumns::CheckoutColumns(Relation rel, FindColumn find)
    : tree(find(rel, "tree_name")), branch(find(rel, "git_repository_branch")), commit(find(rel, "git_commit_hash")) {}

CheckoutColumns::State CheckoutColumns::read(TupleTableSlot* slot) const {
  return {text_at(slot, tree), text_at(slot, branch), text_at(slot, commit)};
}

void CheckoutColumns::put(TupleTableSlot* row, const State& a) const {
  put_text(row, tree, a.tree_name);
  put_text(row, branch, a.branch);
  put_text(row, commit, a.commit);
}

}  // namespace ciprov::pg
