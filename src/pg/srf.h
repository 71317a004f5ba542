// A set-returning function's materialized result (InitMaterializedSRF): the
// one way ciprov's C readers hand back rows. Rows are copied into the
// tuplestore, so the Datum arrays may be reused, and the Datums a row builds
// (texts, jsonb, arrays) are freed by put() when they were built under a
// RowMemory scope.
#pragma once

#include "core/error.h"
#include "pg/guard.h"

extern "C" {
#include "funcapi.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"
}

namespace ciprov::pg {

class MaterializedResult {
 public:
  // Checks that the declared result has natts columns (an internal error
  // otherwise: the SQL declaration and the C code disagree).
  // The caller's expected row type is used when it gives one (a function
  // in FROM): building the type from the function's declaration again was
  // a tenth of a short call.
  MaterializedResult(FunctionCallInfo fcinfo, int natts) {
    auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
    const bits32 flags = rsinfo != nullptr && IsA(rsinfo, ReturnSetInfo) && rsinfo->expectedDesc != nullptr
                             ? MAT_SRF_USE_EXPECTED_DESC
                             : 0;
    guarded([fcinfo, flags] { InitMaterializedSRF(fcinfo, flags); });
    store_ = rsinfo->setResult;
    desc_ = rsinfo->setDesc;
    if (desc_->natts != natts)
      throw core::Error(core::sqlstate::kInternalError, "the function's declared result has an unexpected column count");
  }

  TupleDesc desc() const { return desc_; }
  Oid column_type(int i) const { return TupleDescAttr(desc_, i)->atttypid; }

  // Copies the row into the tuplestore, then frees what was allocated in
  // the row memory.
  void put(Datum* values, bool* nulls) {
    Tuplestorestate* store = store_;
    TupleDesc desc = desc_;
    MemoryContext row = row_memory_;
    guarded([store, desc, values, nulls, row] {
      tuplestore_putvalues(store, desc, values, nulls);
      if (row != nullptr) MemoryContextReset(row);
    });
  }

  // While in scope, allocations go to the result's row memory, which put()
  // empties. Without it every row's Datums stayed in the call's memory until
  // the scan ended, and a 120-row result grew and trimmed the process heap
  // on every call (brk and page faults: a sixth of a tree_summary call).
  class RowMemory {
   public:
    explicit RowMemory(MaterializedResult& r) : caller_(MemoryContextSwitchTo(r.row_memory())) {}
    ~RowMemory() { MemoryContextSwitchTo(caller_); }
    RowMemory(const RowMemory&) = delete;
    RowMemory& operator=(const RowMemory&) = delete;

   private:
    MemoryContext caller_;
  };

 private:
  // (made on first use, a child of the call's memory: gone with it)
  MemoryContext row_memory() {
    if (row_memory_ == nullptr)
      row_memory_ = guarded([] { return AllocSetContextCreate(CurrentMemoryContext, "ciprov result row", ALLOCSET_DEFAULT_SIZES); });
    return row_memory_;
  }

  Tuplestorestate* store_;
  TupleDesc desc_;
  MemoryContext row_memory_ = nullptr;
};

}  // namespace ciprov::pg
