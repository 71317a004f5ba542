// Rollup maintenance on the PostgreSQL side (docs/rollup.md): the flush
// that folds what the rollup triggers noted (pg/rollup_notes.h) into the
// counters and test runs.
//
// ciprov.kcidb_submit flushes after its five upserts, while the submission's
// rows are locked, so the rest of the transaction reads exact rollups and
// rollup rows are always locked after kcidb rows. Writers that bypass it
// get a marker row whose deferred trigger flushes at commit. The arithmetic
// is core::rollup::fold; here the statements that read its inputs and write
// its result, prepared once per backend with generic plans:
//   1. kLockBuilds     the anchors of the touched builds created or locked
//                      in key order, as counted, and the noted builds now;
//   2. kLockCheckouts  the same for the checkouts of those builds (after
//                      every build anchor: one global lock order), and the
//                      noted checkouts now;
//   3. kRekey          (only when a checkout's attributes changed) its
//                      test runs rewritten with them;
//   4. kReadRuns       the stored test runs of the touched builds (none
//                      when every anchor is new);
//   5. kApply          counters, runs, anchors and the marker in one
//                      statement.
// kReread reads the tests whose note a rolled-back savepoint voided. Once
// the checkout anchors are held, every row the flush writes belongs to a
// build or checkout it holds, so nothing after step 2 waits on another
// flush, and concurrent flushes queue on the anchors without deadlock.
#include "pg/rollup_flush.h"

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/rollup_fold.h"
#include "core/rollup_packed.h"
#include "core/rollup_runs.h"
#include "pg/datum.h"
#include "pg/guard.h"
#include "pg/rollup_notes.h"
#include "pg/spi.h"

extern "C" {
#include "catalog/pg_type_d.h"
#include "utils/guc.h"
}

namespace rollup = ciprov::core::rollup;

namespace ciprov::pg {

namespace {

// clang-format off
// kReread ($1 test ids): each test as it is now, with its ordinal.
constexpr const char kReread[] = R"sql(
SELECT u.o, t.build_id, t.path::pg_catalog.text, ciprov.platform(t.environment_misc, t.environment_compatible),
       t.environment_compatible, t.status::pg_catalog.text, t.start_time
FROM pg_catalog.unnest($1) WITH ORDINALITY AS u(id, o)
JOIN LATERAL (SELECT * FROM ciprov.tests t0 WHERE t0.id OPERATOR(pg_catalog.=) u.id OFFSET 0) t ON true
)sql";

// kLockBuilds ($1 touched builds, sorted; $2 noted builds): each anchor
// created or locked in key order (the no-op update locks an existing one),
// as counted, whether it is new, and for noted builds the build as it is.
constexpr const char kLockBuilds[] = R"sql(
WITH a AS (
  INSERT INTO ciprov.rollup_builds AS a (build_id)
  SELECT u.id FROM pg_catalog.unnest($1) WITH ORDINALITY AS u(id, o) ORDER BY u.o
  ON CONFLICT (build_id) DO UPDATE SET known = a.known
  RETURNING a.build_id, a.known, a.checkout_id, a.architecture, a.config_name, a.compiler, a.status,
            a.xmax OPERATOR(pg_catalog.=) '0'::pg_catalog.xid AS created
)
SELECT a.build_id, a.known, a.checkout_id, a.architecture, a.config_name, a.compiler, a.status::pg_catalog.text,
       a.created, b.id IS NOT NULL, b.checkout_id, b.architecture, b.config_name, b.compiler,
       b.status::pg_catalog.text
FROM a LEFT JOIN LATERAL (SELECT * FROM ciprov.builds b0
                          WHERE a.build_id OPERATOR(pg_catalog.=) ANY ($2) AND b0.id OPERATOR(pg_catalog.=) a.build_id
                          OFFSET 0) b ON true
)sql";

// kLockCheckouts ($1 checkouts, sorted; $2 noted checkouts): the same.
constexpr const char kLockCheckouts[] = R"sql(
WITH a AS (
  INSERT INTO ciprov.rollup_checkouts AS a (checkout_id)
  SELECT u.id FROM pg_catalog.unnest($1) WITH ORDINALITY AS u(id, o) ORDER BY u.o
  ON CONFLICT (checkout_id) DO UPDATE SET known = a.known
  RETURNING a.checkout_id, a.known, a.tree_name, a.git_repository_branch, a.git_commit_hash
)
SELECT a.checkout_id, a.known, a.tree_name, a.git_repository_branch, a.git_commit_hash,
       c.id IS NOT NULL, c.tree_name, c.git_repository_branch, c.git_commit_hash
FROM a LEFT JOIN LATERAL (SELECT * FROM ciprov.checkouts c0
                          WHERE a.checkout_id OPERATOR(pg_catalog.=) ANY ($2) AND c0.id OPERATOR(pg_catalog.=) a.checkout_id
                          OFFSET 0) c ON true
)sql";

// kRekey ($1 checkouts whose attributes changed, $2 trees, $3 branches,
// $4 commits: NULL for a checkout that is gone): their runs rewritten.
constexpr const char kRekey[] = R"sql(
UPDATE ciprov.rollup_runs r
SET tree_name = u.tree, git_repository_branch = u.branch, git_commit_hash = u.commit,
    series = ciprov.rollup_series(u.tree, u.branch, r.config_name, r.platform)
FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3), pg_catalog.unnest($4))
     AS u(id, tree, branch, commit)
WHERE r.checkout_id OPERATOR(pg_catalog.=) u.id
)sql";

// kReadRuns ($1 builds): their stored runs.
constexpr const char kReadRuns[] = R"sql(
SELECT r.build_id, r.platform, r.day, r.tests FROM ciprov.rollup_runs r
WHERE r.build_id OPERATOR(pg_catalog.=) ANY ($1)
)sql";

// kApply: $1-$3 counter changes (checkout, rollup, packed delta) in key
// order; $4-$14 and $20 runs rows to write; $15-$17 runs rows to drop; $18
// noted builds, $19 noted checkouts (their anchors brought up to date).
constexpr const char kApply[] = R"sql(
WITH counters AS (
  INSERT INTO ciprov.rollup_packed AS c (checkout_id, rollup, packed)
  SELECT k.checkout_id, k.rollup::"char", k.packed
  FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3)) WITH ORDINALITY
       AS k(checkout_id, rollup, packed, o)
  ORDER BY k.o
  ON CONFLICT (checkout_id, rollup) DO UPDATE SET packed = ciprov.rollup_add(c.packed, EXCLUDED.packed)
), runs AS (
  INSERT INTO ciprov.rollup_runs AS r (series, max_start, day, build_id, platform, checkout_id, architecture,
                                       config_name, tree_name, git_repository_branch, git_commit_hash, tests)
  SELECT * FROM ROWS FROM (pg_catalog.unnest($4), pg_catalog.unnest($20), pg_catalog.unnest($5), pg_catalog.unnest($6),
                           pg_catalog.unnest($7), pg_catalog.unnest($8), pg_catalog.unnest($9), pg_catalog.unnest($10),
                           pg_catalog.unnest($11), pg_catalog.unnest($12), pg_catalog.unnest($13), pg_catalog.unnest($14))
  ON CONFLICT ON CONSTRAINT rollup_runs_key DO UPDATE SET
    series = EXCLUDED.series, max_start = EXCLUDED.max_start, checkout_id = EXCLUDED.checkout_id,
    architecture = EXCLUDED.architecture,
    config_name = EXCLUDED.config_name, tree_name = EXCLUDED.tree_name,
    git_repository_branch = EXCLUDED.git_repository_branch, git_commit_hash = EXCLUDED.git_commit_hash,
    tests = EXCLUDED.tests
), dropped AS (
  DELETE FROM ciprov.rollup_runs r
  USING ROWS FROM (pg_catalog.unnest($15), pg_catalog.unnest($16), pg_catalog.unnest($17)) AS d(build_id, platform, day)
  WHERE r.build_id OPERATOR(pg_catalog.=) d.build_id AND r.platform IS NOT DISTINCT FROM d.platform
    AND r.day IS NOT DISTINCT FROM d.day
), builds AS (
  UPDATE ciprov.rollup_builds a
  SET (known, checkout_id, architecture, config_name, compiler, status) =
      (SELECT b.id IS NOT NULL, b.checkout_id, b.architecture, b.config_name, b.compiler, b.status
       FROM (VALUES (a.build_id)) AS v(id) LEFT JOIN ciprov.builds b ON b.id OPERATOR(pg_catalog.=) v.id)
  WHERE a.build_id OPERATOR(pg_catalog.=) ANY ($18)
), checkouts AS (
  UPDATE ciprov.rollup_checkouts a
  SET (known, tree_name, git_repository_branch, git_commit_hash) =
      (SELECT c.id IS NOT NULL, c.tree_name, c.git_repository_branch, c.git_commit_hash
       FROM (VALUES (a.checkout_id)) AS v(id) LEFT JOIN ciprov.checkouts c ON c.id OPERATOR(pg_catalog.=) v.id)
  WHERE a.checkout_id OPERATOR(pg_catalog.=) ANY ($19)
)
DELETE FROM ciprov.rollup_marker WHERE xid OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id()
)sql";
// clang-format on

SPIPlanPtr g_reread = nullptr, g_lock_builds = nullptr, g_lock_checkouts = nullptr, g_rekey = nullptr,
           g_read_runs = nullptr, g_apply = nullptr;

// Generic plans: the statements are index probes whatever the array sizes,
// and re-planning them for every flush (custom plans) cost more than
// running them.
SPIPlanPtr plan(SPIPlanPtr& cache, const char* sql, std::vector<Oid> types) {
  return spi::plan(cache, sql, std::move(types), spi::PlanMode::kGeneric);
}

using Texts = std::vector<rollup::Text>;

Datum texts(const Texts& items) { return text_array_datum(items); }

Datum texts(const std::set<std::string>& items) { return texts(Texts(items.begin(), items.end())); }

Datum byteas(const std::vector<std::string>& items) {
  std::vector<Datum> elems;
  elems.reserve(items.size());
  for (const std::string& b : items) elems.push_back(PointerGetDatum(make_varlena(b)));
  return array_datum(BYTEAOID, elems, {});
}

template <typename T>
Datum numbers(Oid type, const std::vector<std::optional<T>>& items) {
  std::vector<Datum> elems;
  std::vector<bool> nulls;
  for (const std::optional<T>& v : items) {
    nulls.push_back(!v);
    if constexpr (sizeof(T) == 8)
      elems.push_back(v ? Int64GetDatum(*v) : static_cast<Datum>(0));
    else
      elems.push_back(v ? Int32GetDatum(*v) : static_cast<Datum>(0));
  }
  return array_datum(type, elems, nulls);
}

// Columns first.. of a test row: build_id, path, platform, compatible,
// status, start_time.
rollup::TestState test_at(std::uint64_t row, int first) {
  rollup::TestState t;
  t.build_id = spi::get_opt_text(row, first);
  t.path = spi::get_opt_text(row, first + 1);
  t.platform = spi::get_opt_text(row, first + 2);
  bool isnull = false;
  Datum compatible = spi::get_datum(row, first + 3, &isnull);
  if (!isnull) {
    TextElements e = text_elements(compatible);
    std::vector<rollup::Text> list;
    for (int i = 0; i < e.n; ++i)
      list.emplace_back(e.nulls[i] ? rollup::Text() : rollup::Text(std::string(text_bytes(e.elems[i]))));
    t.compatible = std::move(list);
  }
  t.status = rollup::status_of(spi::get_opt_text(row, first + 4));
  t.start = spi::get_opt_int64(row, first + 5);
  return t;
}

// Columns first..first+4: checkout_id, architecture, config_name,
// compiler, status.
rollup::BuildAttrs build_at(std::uint64_t row, int first) {
  rollup::BuildAttrs b;
  b.checkout_id = spi::get_opt_text(row, first);
  b.architecture = spi::get_opt_text(row, first + 1);
  b.config_name = spi::get_opt_text(row, first + 2);
  b.compiler = spi::get_opt_text(row, first + 3);
  b.status = rollup::status_of(spi::get_opt_text(row, first + 4));
  return b;
}

// Columns first..first+2: tree_name, branch, commit.
rollup::CheckoutAttrs checkout_at(std::uint64_t row, int first) {
  return rollup::CheckoutAttrs{spi::get_opt_text(row, first), spi::get_opt_text(row, first + 1),
                               spi::get_opt_text(row, first + 2)};
}

// The pending notes, each test once: as counted (its first note) and as it
// is now (its last note; read from the table when a rollback voided it).
std::vector<rollup::Note> collapse_notes() {
  std::vector<rollup::Note> notes;
  std::unordered_map<std::string, std::size_t> at;
  std::vector<bool> voided;
  for (const notes::TestNote& t : notes::pending().tests) {
    auto [it, fresh] = at.emplace(t.id, notes.size());
    if (fresh) {
      notes.push_back(rollup::Note{t.id, t.before, std::nullopt});
      voided.push_back(false);
    }
    notes[it->second].now = t.now_known ? t.now : std::nullopt;
    voided[it->second] = !t.now_known;
  }
  Texts ids;
  std::vector<std::size_t> where;
  for (std::size_t i = 0; i < notes.size(); ++i) {
    if (!voided[i]) continue;
    ids.emplace_back(notes[i].id);
    where.push_back(i);
  }
  if (!ids.empty()) {
    std::uint64_t rows = spi::exec(plan(g_reread, kReread, {TEXTARRAYOID}), {texts(ids)}, "", false);
    for (std::uint64_t r = 0; r < rows; ++r)
      notes[where[static_cast<std::size_t>(spi::get_int64(r, 1) - 1)]].now = test_at(r, 2);
  }
  return notes;
}

// 1. The touched builds' anchors, created or locked; the new ones.
std::set<std::string> lock_builds(const std::set<std::string>& touched, const std::set<std::string>& noted,
                                  std::map<std::string, rollup::Build>& builds) {
  std::set<std::string> created;
  std::uint64_t rows = spi::exec(plan(g_lock_builds, kLockBuilds, {TEXTARRAYOID, TEXTARRAYOID}),
                                 {texts(touched), texts(noted)}, "", false);
  for (std::uint64_t r = 0; r < rows; ++r) {
    std::string id = spi::get_text(r, 1);
    rollup::Build& b = builds[id];
    if (spi::get_bool(r, 2)) b.before = build_at(r, 3);
    if (spi::get_bool(r, 8)) created.insert(id);
    if (noted.count(id) == 0) {
      b.now = b.before;  // (every committed change was flushed under this lock)
    } else if (spi::get_bool(r, 9)) {
      b.now = build_at(r, 10);
    }
  }
  return created;
}

// 2. The checkouts' anchors, created or locked: each checkout as the runs
// will carry it (none: not known); those whose attributes changed.
std::map<std::string, std::optional<rollup::CheckoutAttrs>> lock_checkouts(
    const std::set<std::string>& ids, const std::set<std::string>& noted, std::set<std::string>& changed) {
  std::map<std::string, std::optional<rollup::CheckoutAttrs>> out;
  if (ids.empty()) return out;
  std::uint64_t rows = spi::exec(plan(g_lock_checkouts, kLockCheckouts, {TEXTARRAYOID, TEXTARRAYOID}),
                                 {texts(ids), texts(noted)}, "", false);
  for (std::uint64_t r = 0; r < rows; ++r) {
    std::string id = spi::get_text(r, 1);
    std::optional<rollup::CheckoutAttrs> counted, now;
    if (spi::get_bool(r, 2)) counted = checkout_at(r, 3);
    now = counted;
    if (noted.count(id) != 0) {
      now = std::nullopt;
      if (spi::get_bool(r, 6)) now = checkout_at(r, 7);
      if (now != counted) changed.insert(id);
    }
    out[id] = now;
  }
  return out;
}

// 3. The runs of checkouts whose attributes changed, rewritten.
void rekey(const std::set<std::string>& changed,
           const std::map<std::string, std::optional<rollup::CheckoutAttrs>>& checkouts) {
  Texts ids, trees, branches, commits;
  for (const std::string& id : changed) {
    const std::optional<rollup::CheckoutAttrs>& c = checkouts.at(id);
    ids.emplace_back(id);
    trees.push_back(c ? c->tree_name : std::nullopt);
    branches.push_back(c ? c->branch : std::nullopt);
    commits.push_back(c ? c->commit : std::nullopt);
  }
  spi::exec(plan(g_rekey, kRekey, {TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID}),
            {texts(ids), texts(trees), texts(branches), texts(commits)}, "", false);
}

// 4. The stored runs of builds.
rollup::Runs read_runs(const std::set<std::string>& builds) {
  rollup::Runs runs;
  if (builds.empty()) return runs;
  std::uint64_t rows = spi::exec(plan(g_read_runs, kReadRuns, {TEXTARRAYOID}), {texts(builds)}, "", false);
  for (std::uint64_t r = 0; r < rows; ++r) {
    rollup::RunKey key{spi::get_text(r, 1), spi::get_opt_text(r, 2), std::nullopt};
    std::optional<std::int64_t> day = spi::get_opt_int64(r, 3);
    if (day) key.day = static_cast<std::int32_t>(*day);
    runs.emplace(std::move(key), rollup::unpack_tests(spi::get_text_view(r, 4)));
  }
  return runs;
}

// 5. The fold's result, the noted anchors and the marker, in one statement.
void apply(const rollup::Fold& f, const std::set<std::string>& noted_builds,
           const std::set<std::string>& noted_checkouts) {
  Texts checkouts, codes;
  std::vector<std::string> packed;
  for (auto it = f.counters.begin(); it != f.counters.end();) {
    const std::string& checkout = it->first.checkout_id;
    const char code = it->first.rollup;
    std::vector<rollup::CountRow> rows;
    for (; it != f.counters.end() && it->first.checkout_id == checkout && it->first.rollup == code; ++it)
      rows.push_back(rollup::CountRow{it->first.value, it->second});
    checkouts.emplace_back(checkout);
    codes.emplace_back(std::string(1, code));
    packed.push_back(rollup::pack_counts(rows));
  }
  std::vector<std::optional<std::int64_t>> series, max_starts;
  std::vector<std::optional<std::int32_t>> days;
  Texts builds, platforms, run_checkouts, archs, configs, trees, branches, commits;
  std::vector<std::string> tests;
  for (const rollup::RunRow& row : f.write) {
    series.push_back(row.series);
    max_starts.push_back(row.max_start);
    days.push_back(row.key.day);
    builds.emplace_back(row.key.build_id);
    platforms.push_back(row.key.platform);
    run_checkouts.push_back(row.checkout_id);
    archs.push_back(row.architecture);
    configs.push_back(row.config_name);
    trees.push_back(row.tree_name);
    branches.push_back(row.branch);
    commits.push_back(row.commit);
    tests.push_back(rollup::pack_tests(row.tests));
  }
  Texts drop_builds, drop_platforms;
  std::vector<std::optional<std::int32_t>> drop_days;
  for (const rollup::RunKey& key : f.drop) {
    drop_builds.emplace_back(key.build_id);
    drop_platforms.push_back(key.platform);
    drop_days.push_back(key.day);
  }
  std::vector<Oid> types = {TEXTARRAYOID, TEXTARRAYOID, BYTEAARRAYOID, INT8ARRAYOID, INT4ARRAYOID};
  for (int i = 0; i < 8; ++i) types.push_back(TEXTARRAYOID);
  types.push_back(BYTEAARRAYOID);
  types.insert(types.end(), {TEXTARRAYOID, TEXTARRAYOID, INT4ARRAYOID, TEXTARRAYOID, TEXTARRAYOID, TIMESTAMPTZARRAYOID});
  spi::exec(plan(g_apply, kApply, types),
            {texts(checkouts), texts(codes), byteas(packed), numbers(INT8OID, series), numbers(INT4OID, days),
             texts(builds), texts(platforms), texts(run_checkouts), texts(archs), texts(configs), texts(trees),
             texts(branches), texts(commits), byteas(tests), texts(drop_builds), texts(drop_platforms),
             numbers(INT4OID, drop_days), texts(noted_builds), texts(noted_checkouts),
             numbers(TIMESTAMPTZOID, max_starts)},
            "", false);
}

void flush_notes() {
  const notes::Pending& pending = notes::pending();
  std::vector<rollup::Note> notes = collapse_notes();
  const std::set<std::string> noted_builds(pending.builds.begin(), pending.builds.end());
  const std::set<std::string> noted_checkouts(pending.checkouts.begin(), pending.checkouts.end());

  rollup::FoldInput in;
  std::set<std::string> created;
  std::set<std::string> touched = rollup::touched_builds(notes, noted_builds);
  if (!touched.empty()) created = lock_builds(touched, noted_builds, in.builds);

  std::set<std::string> checkouts = noted_checkouts;
  for (const auto& [id, b] : in.builds) {
    if (b.before && b.before->checkout_id) checkouts.insert(*b.before->checkout_id);
    if (b.now && b.now->checkout_id) checkouts.insert(*b.now->checkout_id);
  }
  std::set<std::string> changed;
  in.checkouts = lock_checkouts(checkouts, noted_checkouts, changed);
  if (!changed.empty()) rekey(changed, in.checkouts);

  // (a new anchor has no runs: runs are only written under their anchor)
  std::set<std::string> stored;
  for (const std::string& id : touched)
    if (created.count(id) == 0) stored.insert(id);
  in.runs = read_runs(stored);
  in.notes = std::move(notes);
  apply(rollup::fold(in), noted_builds, noted_checkouts);
}

}  // namespace

SubmitScope::SubmitScope() { ++notes::submits_running(); }
SubmitScope::~SubmitScope() {
  if (notes::submits_running() > 0) --notes::submits_running();
}

bool rollup_pending() { return !notes::pending().empty(); }

bool in_submit() { return notes::submits_running() > 0; }

void note_test(std::string id, std::optional<rollup::TestState> before, std::optional<rollup::TestState> now) {
  notes::register_callbacks();
  SubTransactionId subxact = guarded([] { return GetCurrentSubTransactionId(); });
  notes::pending().tests.push_back(notes::TestNote{std::move(id), std::move(before), std::move(now), subxact, true});
}

void note_build(std::string id) {
  notes::register_callbacks();
  notes::pending().builds.push_back(std::move(id));
}

void note_checkout(std::string id) {
  notes::register_callbacks();
  notes::pending().checkouts.push_back(std::move(id));
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
  notes::retire();
}

}  // namespace ciprov::pg

// ciprov.rollup_flush(): the flush, whether or not this backend noted
// anything (the deferred trigger at commit; by hand).
CIPROV_FUNCTION(ciprov_rollup_flush) {
  (void)fcinfo;
  ciprov::pg::spi::connect();
  ciprov::pg::rollup_flush();
  ciprov::pg::spi::finish();
  PG_RETURN_VOID();
}

// ciprov.rollup_discard_notes(): rollup_rebuild counted everything.
CIPROV_FUNCTION(ciprov_rollup_discard_notes) {
  (void)fcinfo;
  ciprov::pg::notes::register_callbacks();
  ciprov::pg::notes::retire();
  PG_RETURN_VOID();
}
