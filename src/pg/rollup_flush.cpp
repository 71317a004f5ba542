// Rollup maintenance on the C++ side (docs/rollup.md): the flush that folds
// what the rollup triggers noted into the counters, and the backend-local
// bookkeeping that lets ciprov.kcidb_submit skip it when nothing was noted
// (rollups off, or an unchanged resubmission).
//
// ciprov.kcidb_submit flushes after its five upserts, while the submission's
// rows are locked, so the rest of the transaction reads exact rollups and
// rollup rows are always locked after kcidb rows (the deadlock-free order).
// Writers that bypass it get a marker row whose deferred trigger flushes at
// commit.
#include "pg/rollup_flush.h"

#include <array>

#include "pg/guard.h"

extern "C" {
#include "access/xact.h"
#include "executor/spi.h"
#include "utils/guc.h"
}

namespace ciprov::pg {

namespace {

// A rollup trigger noted something this transaction that no flush has
// folded in yet. Only an optimization: the notes themselves are rows of
// ciprov.rollup_dirty, and notes made outside kcidb_submit also have a
// marker that flushes at commit.
bool g_pending = false;
// kcidb_submit calls running in this backend (their triggers need no marker).
int g_in_submit = 0;
bool g_callbacks = false;

void at_xact_event(XactEvent event, void*) {
  if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_COMMIT ||
      event == XACT_EVENT_PARALLEL_ABORT || event == XACT_EVENT_PREPARE) {
    g_pending = false;
    g_in_submit = 0;
  }
}

// A subtransaction that rolls back may undo a flush but not the notes of
// its parent: flush again next time.
void at_subxact_event(SubXactEvent event, SubTransactionId, SubTransactionId, void*) {
  if (event == SUBXACT_EVENT_ABORT_SUB) g_pending = true;
}

void register_callbacks() {
  if (g_callbacks) return;
  guarded([] {
    RegisterXactCallback(at_xact_event, nullptr);
    RegisterSubXactCallback(at_subxact_event, nullptr);
  });
  g_callbacks = true;
}

// The flush, three statements (each sees what committed before it began):
// 1. anchors of the touched builds created when new,
// 2. locked in key order: from here on no other transaction counts these
//    builds or their tests until we commit,
// 3. counters moved by the pending delta (ciprov.rollup_totals(false), in
//    key order), anchors brought up to date, notes and marker dropped.
// clang-format off
const std::array<const char*, 3> kFlush = {
    R"sql(
INSERT INTO ciprov.rollup_builds (build_id)
SELECT u.id FROM ciprov.rollup_touched_builds() AS u(id) ORDER BY u.id COLLATE "C"
ON CONFLICT (build_id) DO NOTHING
)sql",
    R"sql(
SELECT FROM (SELECT u.id FROM ciprov.rollup_touched_builds() AS u(id) ORDER BY u.id COLLATE "C" OFFSET 0) u
CROSS JOIN LATERAL (SELECT FROM ciprov.rollup_builds a
                    WHERE a.build_id OPERATOR(pg_catalog.=) u.id FOR NO KEY UPDATE) a
)sql",
    R"sql(
WITH anchors AS (  -- noted builds: the anchor takes the build as it is now
  UPDATE ciprov.rollup_builds a
  SET (known, checkout_id, architecture, config_name, compiler, status) =
      (SELECT b.id IS NOT NULL, b.checkout_id, b.architecture, b.config_name, b.compiler, b.status
       FROM (VALUES (a.build_id)) AS v(id) LEFT JOIN ciprov.builds b ON b.id OPERATOR(pg_catalog.=) v.id)
  WHERE a.build_id OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT d.id FROM ciprov.rollup_dirty d
                                                    WHERE d.kind OPERATOR(pg_catalog.=) 'b'))
), notes AS (
  DELETE FROM ciprov.rollup_dirty
), marker AS (
  DELETE FROM ciprov.rollup_marker WHERE xid OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id()
)
INSERT INTO ciprov.rollup_counts AS c
SELECT * FROM ciprov.rollup_totals(false) t
ORDER BY t.checkout_id COLLATE "C", t.rollup, t.value COLLATE "C"
ON CONFLICT ON CONSTRAINT rollup_counts_key DO UPDATE SET
    build_fail = c.build_fail OPERATOR(pg_catalog.+) EXCLUDED.build_fail, build_error = c.build_error OPERATOR(pg_catalog.+) EXCLUDED.build_error, build_miss = c.build_miss OPERATOR(pg_catalog.+) EXCLUDED.build_miss, build_pass = c.build_pass OPERATOR(pg_catalog.+) EXCLUDED.build_pass, build_done = c.build_done OPERATOR(pg_catalog.+) EXCLUDED.build_done, build_skip = c.build_skip OPERATOR(pg_catalog.+) EXCLUDED.build_skip, build_null = c.build_null OPERATOR(pg_catalog.+) EXCLUDED.build_null, 
    boot_fail = c.boot_fail OPERATOR(pg_catalog.+) EXCLUDED.boot_fail, boot_error = c.boot_error OPERATOR(pg_catalog.+) EXCLUDED.boot_error, boot_miss = c.boot_miss OPERATOR(pg_catalog.+) EXCLUDED.boot_miss, boot_pass = c.boot_pass OPERATOR(pg_catalog.+) EXCLUDED.boot_pass, boot_done = c.boot_done OPERATOR(pg_catalog.+) EXCLUDED.boot_done, boot_skip = c.boot_skip OPERATOR(pg_catalog.+) EXCLUDED.boot_skip, boot_null = c.boot_null OPERATOR(pg_catalog.+) EXCLUDED.boot_null, 
    test_fail = c.test_fail OPERATOR(pg_catalog.+) EXCLUDED.test_fail, test_error = c.test_error OPERATOR(pg_catalog.+) EXCLUDED.test_error, test_miss = c.test_miss OPERATOR(pg_catalog.+) EXCLUDED.test_miss, test_pass = c.test_pass OPERATOR(pg_catalog.+) EXCLUDED.test_pass, test_done = c.test_done OPERATOR(pg_catalog.+) EXCLUDED.test_done, test_skip = c.test_skip OPERATOR(pg_catalog.+) EXCLUDED.test_skip, test_null = c.test_null OPERATOR(pg_catalog.+) EXCLUDED.test_null
)sql",
};
// clang-format on

std::array<SPIPlanPtr, 3> g_plans{};

SPIPlanPtr plan_for(std::size_t i) {
  if (g_plans[i] != nullptr) return g_plans[i];
  const char* sql = kFlush[i];
  g_plans[i] = guarded([sql] {
    SPIPlanPtr p = SPI_prepare(sql, 0, nullptr);
    if (p == nullptr) elog(ERROR, "ciprov: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
    if (SPI_keepplan(p) != 0) elog(ERROR, "ciprov: SPI_keepplan failed");
    return p;
  });
  return g_plans[i];
}

}  // namespace

SubmitScope::SubmitScope() { ++g_in_submit; }
SubmitScope::~SubmitScope() {
  if (g_in_submit > 0) --g_in_submit;
}

bool rollup_pending() { return g_pending; }

void rollup_noted() {
  register_callbacks();
  g_pending = true;
}

bool in_submit() { return g_in_submit > 0; }

void rollup_flush() {
  // Every statement touches a few keys through an index; tables that grew
  // inside the transaction (or since the last ANALYZE) may look empty to the
  // planner, which would then scan them whole: plan (and run) without
  // sequential scans where an index serves, and without JIT (the seqscan
  // penalty makes every plan look expensive enough to compile).
  int nest = guarded([] {
    int level = NewGUCNestLevel();
    (void)set_config_option("enable_seqscan", "off", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
    (void)set_config_option("jit", "off", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
    return level;
  });
  for (std::size_t i = 0; i < kFlush.size(); ++i) {
    SPIPlanPtr plan = plan_for(i);
    guarded([plan] {
      int rc = SPI_execute_plan(plan, nullptr, nullptr, false, 0);
      if (rc < 0) elog(ERROR, "ciprov: rollup flush failed: %s", SPI_result_code_string(rc));
    });
  }
  guarded([nest] { AtEOXact_GUC(true, nest); });
  g_pending = false;
}

}  // namespace ciprov::pg

// ciprov.rollup_flush(): the flush, whether or not this backend noted
// anything (the deferred trigger at commit; by hand).
CIPROV_FUNCTION(ciprov_rollup_flush) {
  (void)fcinfo;
  ciprov::pg::guarded([] {
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "ciprov: SPI_connect failed");
  });
  ciprov::pg::rollup_flush();
  ciprov::pg::guarded([] { SPI_finish(); });
  PG_RETURN_VOID();
}

// ciprov.rollup_noted(): the rollup triggers' call after noting a change.
CIPROV_FUNCTION(ciprov_rollup_noted) {
  (void)fcinfo;
  ciprov::pg::rollup_noted();
  return BoolGetDatum(ciprov::pg::in_submit());
}
