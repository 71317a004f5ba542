// A set-returning function's materialized result (InitMaterializedSRF): the
// one way ciprov's C readers hand back rows. Rows are copied into the
// tuplestore, so the Datum arrays may be reused.
#pragma once

#include "core/error.h"
#include "pg/guard.h"

extern "C" {
#include "funcapi.h"
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

  void put(Datum* values, bool* nulls) {
    Tuplestorestate* store = store_;
    TupleDesc desc = desc_;
    guarded([store, desc, values, nulls] { tuplestore_putvalues(store, desc, values, nulls); });
  }

 private:
  Tuplestorestate* store_;
  TupleDesc desc_;
};

}  // namespace ciprov::pg
