// ciprov.kcidb_submit calls this after its five upserts: the statement
// triggers on ciprov.tests and ciprov.builds have noted what changed, and the
// flush folds it into the rollups while the submission's rows are locked, so
// the rest of the transaction already reads exact rollups and rollup rows
// are always locked after kcidb rows (the deadlock-free order).
#include "pg/rollup_flush.h"

#include "pg/guard.h"

extern "C" {
#include "executor/spi.h"
}

namespace ciprov::pg {

namespace {
SPIPlanPtr g_flush_plan = nullptr;
}

void rollup_flush() {
  if (g_flush_plan == nullptr) {
    g_flush_plan = guarded([] {
      SPIPlanPtr p = SPI_prepare("SELECT ciprov.rollup_flush()", 0, nullptr);
      if (p == nullptr) elog(ERROR, "ciprov: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
      if (SPI_keepplan(p) != 0) elog(ERROR, "ciprov: SPI_keepplan failed");
      return p;
    });
  }
  SPIPlanPtr plan = g_flush_plan;
  guarded([plan] {
    int rc = SPI_execute_plan(plan, nullptr, nullptr, false, 0);
    if (rc != SPI_OK_SELECT) elog(ERROR, "ciprov: rollup flush failed: %s", SPI_result_code_string(rc));
  });
}

}  // namespace ciprov::pg
