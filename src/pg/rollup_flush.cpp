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
//   1. the anchors     of the touched builds created or locked in key
//                      order, then those of their checkouts (one global
//                      lock order), those of noted ones brought up to date,
//                      without a statement (pg/rollup_anchors.h);
//   2. kRekey          (only when a checkout's attributes changed) its
//                      test runs rewritten with them;
//   3. kRead           the stored test runs of the touched builds, with
//                      their row ids (none when every anchor is new);
//   4. the writes      counters moved by the fold's change, runs replaced
//                      by row id, inserted or deleted, without statements
//                      (pg/table_write.h: a statement cost more to start
//                      than its rows to write); the latest sets of the
//                      groups whose runs changed, brought up to date
//                      (pg/rollup_latest_write.h); the marker.
// What the rollups count a build or checkout as is what its anchor says
// once locked (every committed change was flushed under it), unless this
// transaction changed it: then its first note's state before (its anchor
// is brought up to date as it is locked).
// kReread reads the tests whose note a rolled-back savepoint voided. Once
// the checkout anchors are held, every row the flush writes belongs to a
// build or checkout it holds, so nothing after step 1 waits on another
// flush, and concurrent flushes queue on the anchors without deadlock; it
// is also why the rows read in step 3 are still the rows to write in step 4
// (no one else writes them, and they cannot move meanwhile).
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
#include "pg/rollup_anchors.h"
#include "pg/rollup_latest_write.h"
#include "pg/rollup_notes.h"
#include "pg/spi.h"
#include "pg/table_write.h"

extern "C" {
#include "access/stratnum.h"
#include "catalog/pg_type_d.h"
#include "utils/fmgroids.h"
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

// kRead ($1, $2 the (checkout, build) pairs of builds counted under a
// checkout, $3 builds counted under none): the stored runs of the builds
// (row id, build, platform, day, tests; a build's runs are kept under its
// counted checkout).
constexpr const char kRead[] = R"sql(
SELECT r.tid, r.build_id, r.platform, r.day, r.tests
FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2)) AS u(checkout_id, build_id)
JOIN LATERAL (SELECT r0.ctid AS tid, r0.build_id, r0.platform, r0.day, r0.tests FROM ciprov.rollup_runs r0
              WHERE r0.checkout_id OPERATOR(pg_catalog.=) u.checkout_id AND r0.build_id OPERATOR(pg_catalog.=) u.build_id
              OFFSET 0) r ON true
UNION ALL
SELECT r.ctid, r.build_id, r.platform, r.day, r.tests FROM ciprov.rollup_runs r
WHERE r.checkout_id IS NULL AND r.build_id OPERATOR(pg_catalog.=) ANY ($3)
)sql";

// kMarker: the transaction's marker row gone.
constexpr const char kMarker[] = R"sql(
DELETE FROM ciprov.rollup_marker WHERE xid OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id()
)sql";
// clang-format on

SPIPlanPtr g_reread = nullptr, g_rekey = nullptr, g_read = nullptr, g_marker = nullptr;

// Generic plans: the statements are index probes whatever the array sizes,
// and re-planning them for every flush (custom plans) cost more than
// running them.
SPIPlanPtr plan(SPIPlanPtr& cache, const char* sql, std::vector<Oid> types) {
  return spi::plan(cache, sql, std::move(types), spi::PlanMode::kGeneric);
}

using Texts = std::vector<rollup::Text>;

Datum texts(const Texts& items) { return text_array_datum(items); }

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

// The pending notes, each test once: as counted (its first note) and as it
// is now (its last note; read from the table when a rollback voided it).
// At the top level the notes are moved out (nothing can bring them back
// after the flush); inside a subtransaction they are copied, for its
// rollback to restore.
std::vector<rollup::Note> collapse_notes() {
  const bool consume = guarded([] { return GetCurrentSubTransactionId(); }) == TopSubTransactionId;
  std::vector<rollup::Note> notes;
  std::unordered_map<std::string, std::size_t> at;
  std::vector<bool> voided;
  for (notes::TestNote& t : notes::pending().tests) {
    auto [it, fresh] = at.emplace(t.id, notes.size());
    if (fresh) {
      notes.push_back(rollup::Note{t.id, consume ? std::move(t.before) : t.before, std::nullopt});
      voided.push_back(false);
    }
    if (t.now_known)
      notes[it->second].now = consume ? std::move(t.now) : t.now;
    else
      notes[it->second].now = std::nullopt;
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

// The first note of each noted build or checkout: its state as counted.
template <typename State>
std::map<std::string, std::optional<State>> first_notes(const std::vector<notes::Noted<State>>& noted) {
  std::map<std::string, std::optional<State>> out;
  for (const notes::Noted<State>& n : noted) out.try_emplace(n.id, n.before);
  return out;
}


// 2. The runs of checkouts whose attributes changed, rewritten.
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

// What kRead returns: the stored runs, with their row ids.
struct Stored {
  rollup::Runs runs;
  std::map<rollup::RunKey, ItemPointerData> run_ids;
};

ItemPointerData tid_at(std::uint64_t row, int col) {
  bool isnull = false;
  Datum d = spi::get_datum(row, col, &isnull);
  return *reinterpret_cast<ItemPointer>(DatumGetPointer(d));
}

// 3. The stored runs of builds (under the checkouts they are counted
// under).
Stored read_stored(const std::set<std::string>& builds, const std::map<std::string, rollup::Build>& counted_as) {
  Stored out;
  if (builds.empty()) return out;
  Texts pair_checkouts, pair_builds, loose;
  for (const std::string& id : builds) {
    const std::optional<rollup::BuildAttrs>& b = counted_as.at(id).before;
    if (b && b->checkout_id) {
      pair_checkouts.push_back(b->checkout_id);
      pair_builds.emplace_back(id);
    } else {
      loose.emplace_back(id);
    }
  }
  std::uint64_t rows = spi::exec(plan(g_read, kRead, {TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID}),
                                 {texts(pair_checkouts), texts(pair_builds), texts(loose)}, "", false);
  for (std::uint64_t r = 0; r < rows; ++r) {
    rollup::RunKey key{spi::get_opt_text(r, 2).value_or(std::string()), spi::get_opt_text(r, 3), std::nullopt};
    std::optional<std::int64_t> day = spi::get_opt_int64(r, 4);
    if (day) key.day = static_cast<std::int32_t>(*day);
    out.run_ids[key] = tid_at(r, 1);
    out.runs.emplace(std::move(key), rollup::unpack_tests(spi::get_text_view(r, 5)));
  }
  return out;
}

// 4. The fold's result: each counter set changed by the fold's change
// (a new set stored as the change), found by its key under the anchors.
void write_counters(const rollup::Delta& counters) {
  if (counters.empty()) return;
  TableWriter w("rollup_packed");
  const int id_col = w.column("checkout_id"), rollup_col = w.column("rollup"), packed_col = w.column("packed");
  for (auto it = counters.begin(); it != counters.end();) {
    const std::string& checkout = it->first.checkout_id;
    const char code = it->first.rollup;
    std::vector<rollup::CountRow> rows;
    for (; it != counters.end() && it->first.checkout_id == checkout && it->first.rollup == code; ++it)
      rows.push_back(rollup::CountRow{it->first.value, it->second});
    std::string change = rollup::pack_counts(rows);
    Datum id = text_datum(checkout);
    ScanKeyData keys[2];
    guarded([&keys, id, code] {
      ScanKeyEntryInitialize(&keys[0], 0, 1, BTEqualStrategyNumber, InvalidOid, InvalidOid, F_TEXTEQ, id);
      ScanKeyEntryInitialize(&keys[1], 0, 2, BTEqualStrategyNumber, InvalidOid, InvalidOid, F_CHAREQ, CharGetDatum(code));
    });
    TupleTableSlot* stored = w.find("rollup_packed_pkey", keys, 2);
    std::string packed;
    if (stored != nullptr) {
      guarded([stored, packed_col] { slot_getsomeattrs(stored, packed_col + 1); });
      packed = rollup::add_counts(text_bytes(stored->tts_values[packed_col]), change);
    }
    TupleTableSlot* row = w.row();
    row->tts_values[id_col] = id;
    row->tts_values[rollup_col] = CharGetDatum(code);
    row->tts_values[packed_col] = PointerGetDatum(make_varlena(stored != nullptr ? packed : change));
    for (int col : {id_col, rollup_col, packed_col}) row->tts_isnull[col] = false;
    if (stored != nullptr)
      w.update(&stored->tts_tid);
    else
      w.insert();
  }
  w.close();
}

// 4. The runs: rows left without tests deleted, the others replaced (by
// row id) or inserted.
void write_runs(const rollup::Fold& f, const Stored& stored) {
  if (f.write.empty() && f.drop.empty()) return;
  TableWriter w("rollup_runs");
  for (const rollup::RunKey& key : f.drop) {
    ItemPointerData tid = stored.run_ids.at(key);
    w.remove(&tid);
  }
  const int series = w.column("series"), max_start = w.column("max_start"), day = w.column("day"),
            build = w.column("build_id"), platform = w.column("platform"), checkout = w.column("checkout_id"),
            arch = w.column("architecture"), config = w.column("config_name"), tree = w.column("tree_name"),
            branch = w.column("git_repository_branch"), commit = w.column("git_commit_hash"),
            tests = w.column("tests");
  for (const rollup::RunRow& r : f.write) {
    TupleTableSlot* row = w.row();
    auto set = [row](int col, Datum d) {
      row->tts_values[col] = d;
      row->tts_isnull[col] = false;
    };
    auto set_text = [&set](int col, const rollup::Text& t) {
      if (t) set(col, text_datum(*t));
    };
    if (r.series) set(series, Int64GetDatum(*r.series));
    if (r.max_start) set(max_start, Int64GetDatum(*r.max_start));  // (timestamptz: microseconds)
    if (r.key.day) set(day, Int32GetDatum(*r.key.day));
    set(build, text_datum(r.key.build_id));
    set_text(platform, r.key.platform);
    set_text(checkout, r.checkout_id);
    set_text(arch, r.architecture);
    set_text(config, r.config_name);
    set_text(tree, r.tree_name);
    set_text(branch, r.branch);
    set_text(commit, r.commit);
    set(tests, PointerGetDatum(make_varlena(r.tests)));
    auto have = stored.run_ids.find(r.key);
    if (have != stored.run_ids.end()) {
      ItemPointerData tid = have->second;
      w.update(&tid);
    } else {
      w.insert();
    }
  }
  w.close();
}

// The transaction's marker row: what it asked for is done.
void drop_marker() {
  spi::exec(plan(g_marker, kMarker, {}), {}, "", false);
  notes::marker_placed() = false;
}

void flush_notes() {
  const notes::Pending& pending = notes::pending();
  std::vector<rollup::Note> notes = collapse_notes();
  const auto noted_builds = first_notes(pending.builds);
  const auto noted_checkouts = first_notes(pending.checkouts);

  rollup::FoldInput in;
  std::set<std::string> noted_build_ids;
  for (const auto& [id, before] : noted_builds) noted_build_ids.insert(id);
  std::set<std::string> touched = rollup::touched_builds(notes, noted_build_ids);
  LockedAnchors locked = lock_anchors(touched, noted_builds, noted_checkouts, in);
  const std::set<std::string>& created = locked.created;
  if (!locked.changed.empty()) rekey(locked.changed, in.checkouts);

  // (a new anchor has no runs: runs are only written under their anchor)
  std::set<std::string> with_runs;
  for (const std::string& id : touched)
    if (created.count(id) == 0) with_runs.insert(id);
  Stored stored = read_stored(with_runs, in.builds);
  in.runs = std::move(stored.runs);
  in.notes = std::move(notes);
  rollup::Fold f = rollup::fold(in);
  write_counters(f.counters);
  write_runs(f, stored);
  write_latest(rollup::latest_deltas(f, in));
  if (notes::marker_placed()) drop_marker();
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

void note_build(std::string id, std::optional<rollup::BuildAttrs> before) {
  notes::register_callbacks();
  notes::pending().builds.push_back(notes::Noted<rollup::BuildAttrs>{std::move(id), std::move(before)});
}

void note_checkout(std::string id, std::optional<rollup::CheckoutAttrs> before) {
  notes::register_callbacks();
  notes::pending().checkouts.push_back(notes::Noted<rollup::CheckoutAttrs>{std::move(id), std::move(before)});
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
  ciprov::pg::drop_marker();  // (its deferred trigger calls this; a marker may stay from a rolled-back flush)
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
