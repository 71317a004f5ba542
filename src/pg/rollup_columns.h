// The build and checkout attributes the rollups count (core BuildAttrs,
// CheckoutAttrs), where a table keeps them: ciprov.builds and
// ciprov.rollup_builds name them alike, as ciprov.checkouts and
// ciprov.rollup_checkouts do, so one column set per kind reads the kcidb
// row in the rollup triggers (pg/rollup_trigger.cpp) and reads and writes
// the anchor in the flush (pg/rollup_anchors.cpp).
#pragma once

#include "core/rollup_model.h"
#include "pg/rollup_row.h"

extern "C" {
#include "postgres.h"

#include "executor/tuptable.h"
#include "utils/rel.h"
}

namespace ciprov::pg {

// How a column set finds a column: its 0-based attribute, or an error
// (relation_column: an internal error, for the extension's own tables).
using FindColumn = int (*)(Relation rel, const char* name);

// read() needs the slot deformed (slot_getallattrs); put() fills a row to
// be written (its Datums in the current memory context).
struct BuildColumns {
  using State = core::rollup::BuildAttrs;
  BuildColumns(Relation rel, FindColumn find);
  State read(TupleTableSlot* slot) const;
  void put(TupleTableSlot* row, const State& a) const;

  int checkout, architecture, config, compiler, status;
  const rollup::StatusLabels* labels;
};

struct CheckoutColumns {
  using State = core::rollup::CheckoutAttrs;
  CheckoutColumns(Relation rel, FindColumn find);
  State read(TupleTableSlot* slot) const;
  void put(TupleTableSlot* row, const State& a) const;

  int tree, branch, commit;
};

}  // namespace ciprov::pg
