// Reading ciprov.rollup_counts rows on the readers' side (docs/rollup.md):
// where the columns of the row type are, and a kind's counts as jsonb.
#pragma once

#include "core/rollup_read.h"
#include "pg/guard.h"
#include "pg/srf.h"

extern "C" {
#include "access/tupdesc.h"
}

namespace ciprov::pg::rollup {

// 0-based attribute positions of ciprov.rollup_counts' columns in a tuple
// descriptor of its row type, found by name (so a dropped or added column
// of the table moves nothing); an internal error when one is missing.
struct CounterColumns {
  int checkout_id, rollup, value;
  int cells[core::rollup::kCells];
};
CounterColumns counter_columns(TupleDesc desc);

// {"FAIL": n, "ERROR": n, ... "NULL": n} from one kind's seven cells
// (status order), as a palloc'd jsonb Datum.
Datum status_counts_jsonb(const core::rollup::Cells& cells, core::rollup::Kind kind);

// The ciprov.status value `s` (FAIL .. SKIP) of enum type `status_type`.
Datum status_label(Oid status_type, core::rollup::Status s);

// ciprov.status values (enum OIDs) to Status and back, the six labels
// looked up once (the one mapping the triggers, the readers and the pack
// functions share).
class StatusLabels {
 public:
  explicit StatusLabels(Oid status_type);
  core::rollup::Status status(Datum d, bool isnull) const;  // an internal error for a foreign label
  Datum label(core::rollup::Status s) const { return labels_[s]; }  // s != kNull

 private:
  Datum labels_[core::rollup::kNull];
};

// The labels of enum type status_type, looked up once per backend (an
// enum's label OIDs never change; a type made anew has a new OID).
const StatusLabels& status_labels(Oid status_type);

// The rows of a (key, value, kind, counts jsonb, worst ciprov.status)
// result (rollup_sum_kinds, the summaries): for one summed group, a row per
// kind from first_kind on that counts something.
class KindRows {
 public:
  explicit KindRows(FunctionCallInfo fcinfo);
  void put(Datum key, const core::rollup::Sums::Group& g, core::rollup::Kind first_kind);

 private:
  MaterializedResult out_;
  const StatusLabels& labels_;
  Datum kinds_[3];
};

// A counter row given as composite argument n (value and cells; a NULL
// row counts nothing), read through a per-call-site cache of its row type.
struct CounterRow {
  core::rollup::Text value;
  core::rollup::Cells cells;
};
CounterRow counter_row_arg(FunctionCallInfo fcinfo, int n);

}  // namespace ciprov::pg::rollup
