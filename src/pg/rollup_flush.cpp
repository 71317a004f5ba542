// Rollup maintenance on the PostgreSQL side (docs/rollup.md): the flush
// that folds what the rollup triggers noted into the counters, and the
// backend-local bookkeeping that lets ciprov.kcidb_submit skip it when
// nothing was noted (rollups off, or an unchanged resubmission).
//
// ciprov.kcidb_submit flushes after its five upserts, while the submission's
// rows are locked, so the rest of the transaction reads exact rollups and
// rollup rows are always locked after kcidb rows (the deadlock-free order).
// Writers that bypass it get a marker row whose deferred trigger flushes at
// commit. The arithmetic is core::rollup::delta; here the statements that
// read its inputs and write its result, prepared once per backend.
#include "pg/rollup_flush.h"

#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/rollup_delta.h"
#include "pg/datum.h"
#include "pg/guard.h"

extern "C" {
#include "access/xact.h"
#include "catalog/pg_type_d.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
}

namespace rollup = ciprov::core::rollup;

namespace ciprov::pg {

namespace {

// What the rollup triggers noted and no flush has folded in yet, in note
// order (for a test noted twice the first note holds the state its counters
// count, the last one its state now). Notes live until the flush that folds
// them in; a flush moves them to g_flushed under its subtransaction, so that
// a rollback of that subtransaction (which undoes the flush) brings them
// back.
struct TestNote {
  std::string id;
  std::optional<rollup::TestState> before;  // none: the test is new
  std::optional<rollup::TestState> now;     // none: the test was deleted
  SubTransactionId subxact;                 // where the note was made
  // False once the subtransaction that made the note rolled back: the
  // flush reads the test's state now from the table.
  bool now_known;
};
struct Batch {
  SubTransactionId subxact;
  std::vector<TestNote> tests;
  std::vector<std::string> builds;
};
std::vector<TestNote> g_tests;
std::vector<std::string> g_builds;
std::vector<Batch> g_flushed;
// kcidb_submit calls running in this backend (their triggers need no marker).
int g_in_submit = 0;
bool g_callbacks = false;

void at_xact_event(XactEvent event, void*) {
  if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_COMMIT ||
      event == XACT_EVENT_PARALLEL_ABORT || event == XACT_EVENT_PREPARE) {
    g_tests.clear();
    g_builds.clear();
    g_flushed.clear();
    g_in_submit = 0;
  }
}

// A committed subtransaction's flushes become its parent's; a rolled-back
// one's (and its children's, which have later ids) are undone, so their
// notes are pending again, ahead of later notes.
void at_subxact_event(SubXactEvent event, SubTransactionId mine, SubTransactionId parent, void*) {
  if (event == SUBXACT_EVENT_COMMIT_SUB) {
    for (Batch& b : g_flushed)
      if (b.subxact == mine) b.subxact = parent;
  } else if (event == SUBXACT_EVENT_ABORT_SUB) {
    std::vector<TestNote> tests;
    std::vector<std::string> builds;
    auto keep = g_flushed.begin();
    for (Batch& b : g_flushed) {
      if (b.subxact >= mine) {
        for (TestNote& t : b.tests) tests.push_back(std::move(t));
        for (std::string& id : b.builds) builds.push_back(std::move(id));
      } else {
        *keep++ = std::move(b);
      }
    }
    g_flushed.erase(keep, g_flushed.end());
    for (TestNote& t : g_tests) tests.push_back(std::move(t));
    // What the rolled-back subtransaction (or a child: later ids) wrote is
    // gone: those notes' states now are not.
    for (TestNote& t : tests)
      if (t.subxact >= mine) t.now_known = false;
    for (std::string& id : g_builds) builds.push_back(std::move(id));
    g_tests = std::move(tests);
    g_builds = std::move(builds);
  }
}

void register_callbacks() {
  if (g_callbacks) return;
  guarded([] {
    RegisterXactCallback(at_xact_event, nullptr);
    RegisterSubXactCallback(at_subxact_event, nullptr);
  });
  g_callbacks = true;
}

// The pending notes leave for g_flushed (after a flush, or a rebuild that
// counted them).
void retire_notes() {
  SubTransactionId subxact = guarded([] { return GetCurrentSubTransactionId(); });
  // (at the top level only the whole transaction can undo the flush)
  if (subxact != TopSubTransactionId) g_flushed.push_back(Batch{subxact, std::move(g_tests), std::move(g_builds)});
  g_tests.clear();
  g_builds.clear();
}

// The flush's statements. Each sees what committed before it began, so the
// reads that follow the anchor locks see every flush that held them.
enum Statement { kReadNotes, kLockBuilds, kReadTests, kApply, kStatements };
// clang-format off
const std::array<const char*, kStatements> kSql = {
    // kReadNotes ($1: ids of noted tests whose state now is unknown, after
    // a rollback; $2: the other touched builds: noted builds and the builds
    // noted tests belong or belonged to): each such test now (rows with its
    // ordinal), and the anchors of all touched builds created when new, in
    // key order (rows without ordinal: the new ones).
    R"sql(
WITH now AS MATERIALIZED (
  SELECT u.o, t.id IS NOT NULL AS found, t.build_id, ciprov.path_group(t.path) AS path_group,
         ciprov.platform(t.environment_misc, t.environment_compatible) AS platform,
         t.environment_compatible AS compatible, t.status::pg_catalog.text AS status
  FROM pg_catalog.unnest($1) WITH ORDINALITY AS u(id, o)
  LEFT JOIN LATERAL (SELECT * FROM ciprov.tests t0 WHERE t0.id OPERATOR(pg_catalog.=) u.id OFFSET 0) t ON true
), created AS (
  INSERT INTO ciprov.rollup_builds (build_id)
  SELECT x.id FROM (SELECT n.build_id FROM now n UNION SELECT pg_catalog.unnest($2)) AS x(id)
  WHERE x.id IS NOT NULL
  ORDER BY x.id COLLATE "C"
  ON CONFLICT (build_id) DO NOTHING
  RETURNING build_id
)
SELECT n.o, n.found, n.build_id, n.path_group, n.platform, n.compatible, n.status FROM now n
UNION ALL
SELECT NULL, NULL, c.build_id, NULL, NULL, NULL, NULL FROM created c
)sql",
    // kLockBuilds ($1: touched builds, sorted; $2: noted builds): their
    // anchors locked in key order (from here on no other transaction counts
    // these builds or their tests until we commit), each build as counted
    // (the anchor, its latest version once locked) and, for noted builds,
    // as it is now (our own row: we wrote it). A build that was not noted
    // is as counted: every committed change was flushed under this lock.
    R"sql(
SELECT u.id, a.known, a.checkout_id, a.architecture, a.config_name, a.compiler, a.status::pg_catalog.text,
       b.id IS NOT NULL, b.checkout_id, b.architecture, b.config_name, b.compiler, b.status::pg_catalog.text
FROM pg_catalog.unnest($1) WITH ORDINALITY AS u(id, o)
CROSS JOIN LATERAL (SELECT * FROM ciprov.rollup_builds a0
                    WHERE a0.build_id OPERATOR(pg_catalog.=) u.id FOR NO KEY UPDATE) a
LEFT JOIN LATERAL (SELECT * FROM ciprov.builds b0
                   WHERE u.id OPERATOR(pg_catalog.=) ANY ($2) AND b0.id OPERATOR(pg_catalog.=) u.id OFFSET 0) b ON true
ORDER BY u.o
)sql",
    // kReadTests ($1: builds recounted whole): all their tests.
    R"sql(
SELECT t.id, t.build_id, ciprov.path_group(t.path), ciprov.platform(t.environment_misc, t.environment_compatible),
       t.environment_compatible, t.status::pg_catalog.text
FROM pg_catalog.unnest($1) AS u(id)
CROSS JOIN LATERAL (SELECT * FROM ciprov.tests t0 WHERE t0.build_id OPERATOR(pg_catalog.=) u.id OFFSET 0) t
)sql",
    // kApply ($1 checkout ids, $2 rollups, $3 values, $4 the 21 cells of
    // each row, in key order; $5 noted builds): counters moved, anchors of
    // noted builds brought up to date, marker dropped.
    R"sql(
WITH anchors AS (
  UPDATE ciprov.rollup_builds a
  SET (known, checkout_id, architecture, config_name, compiler, status) =
      (SELECT b.id IS NOT NULL, b.checkout_id, b.architecture, b.config_name, b.compiler, b.status
       FROM (VALUES (a.build_id)) AS v(id) LEFT JOIN ciprov.builds b ON b.id OPERATOR(pg_catalog.=) v.id)
  WHERE a.build_id OPERATOR(pg_catalog.=) ANY ($5)
), marker AS (
  DELETE FROM ciprov.rollup_marker WHERE xid OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id()
)
INSERT INTO ciprov.rollup_counts AS c
SELECT k.checkout_id, k.rollup::"char", k.value,
       $4[k.o * 21 - 20],
       $4[k.o * 21 - 19],
       $4[k.o * 21 - 18],
       $4[k.o * 21 - 17],
       $4[k.o * 21 - 16],
       $4[k.o * 21 - 15],
       $4[k.o * 21 - 14],
       $4[k.o * 21 - 13],
       $4[k.o * 21 - 12],
       $4[k.o * 21 - 11],
       $4[k.o * 21 - 10],
       $4[k.o * 21 - 9],
       $4[k.o * 21 - 8],
       $4[k.o * 21 - 7],
       $4[k.o * 21 - 6],
       $4[k.o * 21 - 5],
       $4[k.o * 21 - 4],
       $4[k.o * 21 - 3],
       $4[k.o * 21 - 2],
       $4[k.o * 21 - 1],
       $4[k.o * 21]
FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3)) WITH ORDINALITY
     AS k(checkout_id, rollup, value, o)
ORDER BY k.o
ON CONFLICT ON CONSTRAINT rollup_counts_key DO UPDATE SET
    build_fail = c.build_fail OPERATOR(pg_catalog.+) EXCLUDED.build_fail, build_error = c.build_error OPERATOR(pg_catalog.+) EXCLUDED.build_error, build_miss = c.build_miss OPERATOR(pg_catalog.+) EXCLUDED.build_miss, build_pass = c.build_pass OPERATOR(pg_catalog.+) EXCLUDED.build_pass, build_done = c.build_done OPERATOR(pg_catalog.+) EXCLUDED.build_done, build_skip = c.build_skip OPERATOR(pg_catalog.+) EXCLUDED.build_skip, build_null = c.build_null OPERATOR(pg_catalog.+) EXCLUDED.build_null, 
    boot_fail = c.boot_fail OPERATOR(pg_catalog.+) EXCLUDED.boot_fail, boot_error = c.boot_error OPERATOR(pg_catalog.+) EXCLUDED.boot_error, boot_miss = c.boot_miss OPERATOR(pg_catalog.+) EXCLUDED.boot_miss, boot_pass = c.boot_pass OPERATOR(pg_catalog.+) EXCLUDED.boot_pass, boot_done = c.boot_done OPERATOR(pg_catalog.+) EXCLUDED.boot_done, boot_skip = c.boot_skip OPERATOR(pg_catalog.+) EXCLUDED.boot_skip, boot_null = c.boot_null OPERATOR(pg_catalog.+) EXCLUDED.boot_null, 
    test_fail = c.test_fail OPERATOR(pg_catalog.+) EXCLUDED.test_fail, test_error = c.test_error OPERATOR(pg_catalog.+) EXCLUDED.test_error, test_miss = c.test_miss OPERATOR(pg_catalog.+) EXCLUDED.test_miss, test_pass = c.test_pass OPERATOR(pg_catalog.+) EXCLUDED.test_pass, test_done = c.test_done OPERATOR(pg_catalog.+) EXCLUDED.test_done, test_skip = c.test_skip OPERATOR(pg_catalog.+) EXCLUDED.test_skip, test_null = c.test_null OPERATOR(pg_catalog.+) EXCLUDED.test_null
)sql",
};
// clang-format on

const std::array<int, kStatements> kArgs = {2, 2, 1, 5};

std::array<SPIPlanPtr, kStatements> g_plans{};

SPIPlanPtr plan_for(Statement s) {
  if (g_plans[s] != nullptr) return g_plans[s];
  const char* sql = kSql[s];
  int nargs = kArgs[s];
  g_plans[s] = guarded([sql, nargs] {
    Oid types[5] = {TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID, INT4ARRAYOID, TEXTARRAYOID};
    // Generic plans: the statements are index probes whatever the array
    // sizes, and re-planning them for every flush (custom plans) cost more
    // than running them.
    SPIPlanPtr p = SPI_prepare_cursor(sql, nargs, types, CURSOR_OPT_GENERIC_PLAN);
    if (p == nullptr) elog(ERROR, "ciprov: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
    if (SPI_keepplan(p) != 0) elog(ERROR, "ciprov: SPI_keepplan failed");
    return p;
  });
  return g_plans[s];
}

// Runs statement s; afterwards SPI_tuptable holds its rows.
std::uint64_t run(Statement s, Datum* args) {
  SPIPlanPtr plan = plan_for(s);
  return guarded([plan, args] {
    int rc = SPI_execute_plan(plan, args, nullptr, false, 0);
    if (rc < 0) elog(ERROR, "ciprov: rollup flush failed: %s", SPI_result_code_string(rc));
    return static_cast<std::uint64_t>(SPI_processed);
  });
}

// Column readers for the current SPI_tuptable (columns counted from 1).
rollup::Text text_at(std::uint64_t row, int col) {
  char* value = guarded([row, col] {
    return SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col);
  });
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

bool bool_at(std::uint64_t row, int col) {
  bool isnull = false;
  Datum d = guarded([row, col, &isnull] {
    return SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, &isnull);
  });
  return !isnull && DatumGetBool(d);
}

std::optional<std::vector<rollup::Text>> text_array_at(std::uint64_t row, int col) {
  bool isnull = false;
  Datum d = guarded([row, col, &isnull] {
    return SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, &isnull);
  });
  if (isnull) return std::nullopt;
  TextElements e = text_elements(d);
  std::vector<rollup::Text> out;
  out.reserve(static_cast<std::size_t>(e.n));
  for (int i = 0; i < e.n; ++i) {
    if (e.nulls[i]) {
      out.emplace_back(std::nullopt);
    } else {
      out.emplace_back(std::string(text_bytes(e.elems[i])));
    }
  }
  return out;
}

// Columns first..first+4 of a test row: build_id, path group, platform,
// compatible, status.
rollup::TestState test_at(std::uint64_t row, int first) {
  rollup::TestState t;
  t.build_id = text_at(row, first);
  t.path_group = text_at(row, first + 1);
  t.platform = text_at(row, first + 2);
  t.compatible = text_array_at(row, first + 3);
  t.status = rollup::status_of(text_at(row, first + 4));
  return t;
}

// Columns first..first+4: checkout_id, architecture, config_name,
// compiler, status.
rollup::BuildAttrs build_at(std::uint64_t row, int first) {
  rollup::BuildAttrs b;
  b.checkout_id = text_at(row, first);
  b.architecture = text_at(row, first + 1);
  b.config_name = text_at(row, first + 2);
  b.compiler = text_at(row, first + 3);
  b.status = rollup::status_of(text_at(row, first + 4));
  return b;
}

// A palloc'd text[] (NULL elements where absent).
Datum text_array(const std::vector<const rollup::Text*>& values) {
  const int n = static_cast<int>(values.size());
  if (n == 0) return guarded([] { return PointerGetDatum(construct_empty_array(TEXTOID)); });
  auto* elems = static_cast<Datum*>(alloc(sizeof(Datum) * static_cast<std::size_t>(n)));
  auto* nulls = static_cast<bool*>(alloc(sizeof(bool) * static_cast<std::size_t>(n)));
  for (int i = 0; i < n; ++i) {
    nulls[i] = !values[static_cast<std::size_t>(i)]->has_value();
    elems[i] = nulls[i] ? Datum(0) : text_datum(**values[static_cast<std::size_t>(i)]);
  }
  return guarded([elems, nulls, n] {
    int dims[1] = {n};
    int lbs[1] = {1};
    return PointerGetDatum(construct_md_array(elems, nulls, 1, dims, lbs, TEXTOID, -1, false, TYPALIGN_INT));
  });
}

Datum text_array(const std::set<std::string>& values) {
  std::vector<rollup::Text> texts(values.begin(), values.end());
  std::vector<const rollup::Text*> ptrs;
  for (const rollup::Text& t : texts) ptrs.push_back(&t);
  return text_array(ptrs);
}

void flush_notes() {
  // 1. The notes: each test once, as counted (its first note) and as it is
  // now (its last note; read from the table when a rollback voided that
  // note); the anchors of the touched builds created when new.
  std::vector<rollup::Note> notes;
  std::unordered_map<std::string, std::size_t> noted_tests;  // id -> position in notes
  std::vector<bool> unknown_now;
  for (const TestNote& t : g_tests) {
    auto [at, fresh] = noted_tests.emplace(t.id, notes.size());
    if (fresh) {
      notes.push_back(rollup::Note{t.id, t.before, std::nullopt});
      unknown_now.push_back(false);
    }
    notes[at->second].now = t.now_known ? t.now : std::nullopt;
    unknown_now[at->second] = !t.now_known;
  }
  std::set<std::string> noted_builds(g_builds.begin(), g_builds.end());
  std::vector<rollup::Text> reread;
  std::vector<std::size_t> reread_at;
  for (std::size_t i = 0; i < notes.size(); ++i) {
    if (!unknown_now[i]) continue;
    reread.emplace_back(notes[i].id);
    reread_at.push_back(i);
  }
  std::vector<const rollup::Text*> reread_ptrs;
  for (const rollup::Text& id : reread) reread_ptrs.push_back(&id);
  Datum args[5];
  args[0] = text_array(reread_ptrs);
  args[1] = text_array(rollup::touched_builds(notes, noted_builds));  // (those of re-read tests to come)
  // A build whose anchor is new has no test counted yet: all its tests
  // that count are among the notes (rollups were on since they arrived, or
  // rollup_enable rebuilt), so it needs no read of its tests.
  std::set<std::string> created;
  const std::uint64_t rows = run(kReadNotes, args);
  for (std::uint64_t r = 0; r < rows; ++r) {
    rollup::Text ordinal = text_at(r, 1);
    if (!ordinal) {
      created.insert(*text_at(r, 3));
      continue;
    }
    const std::size_t i = std::stoul(*ordinal) - 1;
    if (i < reread_at.size() && bool_at(r, 2)) notes[reread_at[i]].now = test_at(r, 3);
  }

  // 2. The touched builds' anchors locked in key order (byte order, as
  // std::set keeps them), with the builds as counted and as now.
  std::set<std::string> touched = rollup::touched_builds(notes, noted_builds);
  args[0] = text_array(touched);
  args[1] = text_array(noted_builds);
  std::map<std::string, rollup::Build> builds;
  const std::uint64_t nbuilds = run(kLockBuilds, args);
  for (std::uint64_t r = 0; r < nbuilds; ++r) {
    std::string id = *text_at(r, 1);
    rollup::Build& b = builds[id];
    if (bool_at(r, 2)) b.before = build_at(r, 3);
    if (noted_builds.count(id) == 0) {
      b.now = b.before;
    } else if (bool_at(r, 8)) {
      b.now = build_at(r, 9);
    }
  }

  // 3. The tests of the builds recounted whole.
  std::set<std::string> whole = rollup::whole_builds(notes, builds);
  std::set<std::string> to_read;
  for (const std::string& id : whole)
    if (created.count(id) == 0) to_read.insert(id);
  std::vector<rollup::TestState> others;
  if (!to_read.empty()) {
    Datum whole_args[1] = {text_array(to_read)};
    const std::uint64_t ntests = run(kReadTests, whole_args);
    for (std::uint64_t r = 0; r < ntests; ++r) {
      if (noted_tests.count(*text_at(r, 1)) != 0) continue;  // (counted from its notes)
      others.push_back(test_at(r, 2));
    }
  }

  // 4. The change, applied in key order.
  rollup::Delta delta = rollup::delta(notes, builds, whole, others);
  std::vector<rollup::Text> checkouts, rollups;
  std::vector<const rollup::Text*> values;
  checkouts.reserve(delta.size());
  rollups.reserve(delta.size());
  const std::size_t ncells = delta.size() * rollup::kCells;
  auto* cells = static_cast<Datum*>(alloc(sizeof(Datum) * (ncells == 0 ? 1 : ncells)));
  std::size_t i = 0;
  for (const auto& [key, row] : delta) {
    checkouts.emplace_back(key.checkout_id);
    rollups.emplace_back(std::string(1, key.rollup));
    values.push_back(&key.value);
    for (std::int64_t c : row) cells[i++] = Int32GetDatum(static_cast<std::int32_t>(c));
  }
  std::vector<const rollup::Text*> checkout_ptrs, rollup_ptrs;
  for (std::size_t k = 0; k < checkouts.size(); ++k) {
    checkout_ptrs.push_back(&checkouts[k]);
    rollup_ptrs.push_back(&rollups[k]);
  }
  args[0] = text_array(checkout_ptrs);
  args[1] = text_array(rollup_ptrs);
  args[2] = text_array(values);
  const int n = static_cast<int>(ncells);
  args[3] = guarded([cells, n] {
    return PointerGetDatum(n == 0 ? construct_empty_array(INT4OID)
                                  : construct_array(cells, n, INT4OID, 4, true, TYPALIGN_INT));
  });
  args[4] = text_array(noted_builds);
  run(kApply, args);
}

}  // namespace

SubmitScope::SubmitScope() { ++g_in_submit; }
SubmitScope::~SubmitScope() {
  if (g_in_submit > 0) --g_in_submit;
}

bool rollup_pending() { return !g_tests.empty() || !g_builds.empty(); }

bool in_submit() { return g_in_submit > 0; }

void note_test(std::string id, std::optional<rollup::TestState> before, std::optional<rollup::TestState> now) {
  register_callbacks();
  SubTransactionId subxact = guarded([] { return GetCurrentSubTransactionId(); });
  g_tests.push_back(TestNote{std::move(id), std::move(before), std::move(now), subxact, true});
}

void note_build(std::string id) {
  register_callbacks();
  g_builds.push_back(std::move(id));
}

void rollup_flush() {
  // Every statement probes a few keys through an index; tables that grew
  // inside the transaction (or since the last ANALYZE) may look empty to
  // the planner, which would then scan them whole: plan without sequential
  // scans where an index serves, and without JIT (the seqscan penalty makes
  // every plan look expensive enough to compile).
  int nest = guarded([] {
    int level = NewGUCNestLevel();
    (void)set_config_option("enable_seqscan", "off", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
    (void)set_config_option("jit", "off", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
    return level;
  });
  flush_notes();
  guarded([nest] { AtEOXact_GUC(true, nest); });
  retire_notes();
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

// ciprov.rollup_discard_notes(): rollup_rebuild counted everything.
CIPROV_FUNCTION(ciprov_rollup_discard_notes) {
  (void)fcinfo;
  ciprov::pg::register_callbacks();
  ciprov::pg::retire_notes();
  PG_RETURN_VOID();
}
