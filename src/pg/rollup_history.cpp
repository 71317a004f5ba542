// ciprov.test_history(path, platform, config_name, tree_name, branch, before,
// n): the newest n results of one test, read from the test runs
// (ciprov.rollup_runs, docs/rollup.md) down the index (series, max_start)
// newest first. A row holds one build's tests on one platform and day, all
// started within that day, so the walk starts at the rows whose max_start
// is before the end of before's day and stops at the first row whose
// max_start is older than the n-th result found: nothing in it or after it
// is newer. A row's tests are read in their (path, id) order up to the
// first path after the one asked for. The rows' columns are compared with
// the arguments, so a series key shared by two series (a hash collision)
// mixes nothing.
#include <algorithm>
#include <string>
#include <vector>

#include "core/bytes.h"
#include "core/error.h"
#include "core/interrupt.h"
#include "core/rollup_latest.h"
#include "core/rollup_runs.h"
#include "pg/datum.h"
#include "pg/rollup_row.h"
#include "pg/srf.h"
#include "pg/table_read.h"
#include "pg/testpath_datum.h"

extern "C" {
#include "access/stratnum.h"
#include "utils/fmgroids.h"
#include "utils/timestamp.h"
}

namespace {

using namespace ciprov;
namespace cr = core::rollup;

// The results' bytes are kept in one pool (core/bytes.h): a test id per
// result, a row's build, checkout and commit once for all its results.
using Slice = core::bytes::Pool::Slice;

struct RowAttrs {
  Slice build_id;
  std::optional<Slice> checkout_id, commit;
};

struct HistoryRow {
  std::int64_t start;
  Slice id;
  cr::Status status;
  std::size_t row;  // (into the RowAttrs)
};

// Newest first; ties by id, bytewise (COLLATE "C"): the rollups' one order
// of tests (core later_test).
struct Newer {
  const core::bytes::Pool& bytes;
  bool operator()(std::int64_t start, std::string_view id, const HistoryRow& b) const {
    return cr::later_test(start, id, b.start, bytes.get(b.id));
  }
  bool operator()(const HistoryRow& a, const HistoryRow& b) const { return (*this)(a.start, bytes.get(a.id), b); }
};

bool equals(TupleTableSlot* slot, int att, std::string_view arg) { return pg::text_view(slot, att) == arg; }

}  // namespace

CIPROV_FUNCTION(ciprov_test_history) {
  // (strict: no argument is NULL)
  const std::string path(pg::testpath_arg(fcinfo, 0));
  const std::string_view platform = pg::arg_bytes(fcinfo, 1), config = pg::arg_bytes(fcinfo, 2),
                         tree = pg::arg_bytes(fcinfo, 3), branch = pg::arg_bytes(fcinfo, 4);
  const std::int64_t before = PG_GETARG_TIMESTAMPTZ(5);
  const std::int32_t n = PG_GETARG_INT32(6);
  if (n < 0) throw core::Error("2201W", "test_history: n must not be negative", "n is " + std::to_string(n) + ".");

  std::vector<HistoryRow> found;  // the newest n so far, newest first
  std::vector<RowAttrs> rows;
  core::bytes::Pool bytes;
  const Newer newer{bytes};
  const std::optional<std::string_view> target(path);
  found.reserve(std::min<std::size_t>(static_cast<std::size_t>(n) + 1, 64));
  rows.reserve(found.capacity());
  bytes.reserve(2048);
  pg::TableRead r = pg::open_table_read("rollup_runs", "rollup_runs_series");
  static pg::TableColumns<9> columns({"max_start", "build_id", "platform", "checkout_id", "config_name", "tree_name",
                                      "git_repository_branch", "git_commit_hash", "tests"});
  const std::array<int, 9>& at = columns.find(r);
  const int att_max = at[0], att_build = at[1], att_platform = at[2], att_checkout = at[3], att_config = at[4],
            att_tree = at[5], att_branch = at[6], att_commit = at[7], att_tests = at[8];
  const int last_att = std::max({att_max, att_build, att_platform, att_checkout, att_config, att_tree, att_branch,
                                 att_commit, att_tests}) + 1;
  if (n > 0) {
    const std::int64_t series = cr::series_hash(tree, branch, config, platform);
    // The rows of before's day may hold tests before it (and after); no
    // later row holds any. (Past the last day a timestamp can name, no
    // bound.)
    const std::int64_t day_end_day = static_cast<std::int64_t>(*cr::day_of(before)) + 1;
    const bool bounded = day_end_day < INT64_MAX / cr::kMicrosPerDay;
    const std::int64_t day_end = bounded ? day_end_day * cr::kMicrosPerDay : 0;
    ScanKeyData keys[2];
    const int nkeys = bounded ? 2 : 1;
    Relation index = r.index;
    pg::guarded([&keys, series, day_end, bounded, index] {
      ScanKeyEntryInitialize(&keys[0], 0, 1, BTEqualStrategyNumber, InvalidOid, index->rd_indcollation[0], F_INT8EQ,
                             Int64GetDatum(series));
      if (bounded)
        ScanKeyEntryInitialize(&keys[1], 0, 2, BTLessStrategyNumber, InvalidOid, index->rd_indcollation[1],
                               F_TIMESTAMPTZ_LT, TimestampTzGetDatum(day_end));
    });
    Relation table = r.table;
    Snapshot snapshot = r.snapshot;
    ScanKey kp = keys;
    IndexScanDesc scan = pg::guarded([table, index, snapshot, kp, nkeys] {
      IndexScanDesc s = index_beginscan(table, index, snapshot, nkeys, 0);
      index_rescan(s, kp, nkeys, nullptr, 0);
      return s;
    });
    TupleTableSlot* slot = r.slot;
    while (pg::guarded([scan, slot, last_att] {
      if (!index_getnext_slot(scan, BackwardScanDirection, slot)) return false;
      slot_getsomeattrs(slot, last_att);
      return true;
    })) {
      core::poll_interrupts();
      if (slot->tts_isnull[att_max]) continue;  // (tests without a start time: never before anything)
      const std::int64_t max_start = DatumGetTimestampTz(slot->tts_values[att_max]);
      // (every test of this row and of the rows after it is older than the n-th)
      if (found.size() == static_cast<std::size_t>(n) && max_start < found.back().start) break;
      if (!equals(slot, att_platform, platform) || !equals(slot, att_config, config) ||
          !equals(slot, att_tree, tree) || !equals(slot, att_branch, branch))
        continue;
      cr::RunTestReader tests(pg::text_bytes(slot->tts_values[att_tests]), cr::RunTestReader::kTrustOrder);
      bool row_seen = false;
      while (tests.next()) {
        // (the tests are in path order: none after a later path matches)
        const int c = cr::path_compare(tests.path(), target);
        if (c > 0) break;
        if (c < 0 || !tests.start() || *tests.start() >= before) continue;
        if (found.size() == static_cast<std::size_t>(n) && !newer(*tests.start(), tests.id(), found.back())) continue;
        if (!row_seen) {
          rows.push_back(RowAttrs{bytes.put(pg::text_bytes(slot->tts_values[att_build])),
                                  bytes.put_optional(pg::text_view(slot, att_checkout)),
                                  bytes.put_optional(pg::text_view(slot, att_commit))});
          row_seen = true;
        }
        HistoryRow h{*tests.start(), bytes.put(tests.id()), tests.status(), rows.size() - 1};
        found.insert(std::upper_bound(found.begin(), found.end(), h, newer), h);
        if (found.size() > static_cast<std::size_t>(n)) found.pop_back();
      }
    }
    pg::guarded([scan] { index_endscan(scan); });
  }
  pg::close_table_read(r);

  pg::MaterializedResult out(fcinfo, 6);
  const pg::rollup::StatusLabels& labels = pg::rollup::status_labels(out.column_type(2));
  // (a row's build, checkout and commit made once, for all its results)
  pg::TextBlock texts(found.size() + 3 * rows.size(), bytes.size());
  std::vector<Datum> row_texts(3 * rows.size(), static_cast<Datum>(0));
  for (const HistoryRow& f : found) {
    Datum values[6];
    bool nulls[6] = {};
    const RowAttrs& a = rows[f.row];
    Datum* made = &row_texts[3 * f.row];
    if (made[0] == 0) {
      made[0] = texts.add(bytes.get(a.build_id));
      if (a.checkout_id) made[1] = texts.add(bytes.get(*a.checkout_id));
      if (a.commit) made[2] = texts.add(bytes.get(*a.commit));
    }
    values[0] = texts.add(bytes.get(f.id));
    values[1] = TimestampTzGetDatum(f.start);
    nulls[2] = f.status == cr::kNull;
    values[2] = nulls[2] ? static_cast<Datum>(0) : labels.label(f.status);
    values[3] = made[0];
    nulls[4] = !a.checkout_id;
    values[4] = made[1];
    nulls[5] = !a.commit;
    values[5] = made[2];
    out.put(values, nulls);
  }
  return static_cast<Datum>(0);
}
