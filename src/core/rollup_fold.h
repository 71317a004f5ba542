// What a rollup flush writes (docs/rollup.md): from the noted tests, the
// touched builds (as counted and as now), the checkouts of those builds and
// the stored test runs of the touched builds, the change to the counters
// and the test-run rows to write or delete. Pure logic; src/pg/rollup_flush.cpp
// reads the inputs and writes the result. The SQL definition of the same
// rollups (ciprov.rollup_items, ciprov.rollup_raw_runs) is what
// rollup_check compares the result with.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/rollup_model.h"
#include "core/rollup_runs.h"

namespace ciprov::core::rollup {

// Test-run rows as stored, decoded.
using Runs = std::map<RunKey, std::vector<RunTest>>;

// One row of ciprov.rollup_runs as the fold writes it.
struct RunRow {
  RunKey key;
  Text checkout_id, architecture, config_name;  // the build's, when it is known
  Text tree_name, branch, commit;               // its checkout's, when that is known
  std::optional<std::int64_t> series;           // series_key(tree, branch, config, platform)
  std::optional<std::int64_t> max_start;        // the latest start time of its tests
  std::string tests;                            // packed (pack_tests)
};

struct FoldInput {
  std::vector<Note> notes;                                        // each test once
  std::map<std::string, Build> builds;                            // every touched build
  std::map<std::string, std::optional<CheckoutAttrs>> checkouts;  // checkouts of the touched builds, as now (none: unknown)
  Runs runs;                                                      // the stored rows of the touched builds
};

struct Fold {
  Delta counters;             // all-zero rows left out
  std::vector<RunRow> write;  // rows to insert or replace, in key order
  std::vector<RunKey> drop;   // rows left without tests, in key order
};

// The builds a flush touches: the noted ones and those that noted tests
// belong or belonged to.
std::set<std::string> touched_builds(const std::vector<Note>& notes, const std::set<std::string>& noted_builds);

// A build counts itself in L, a, f, m, and in p once per platform its tests
// ran on; a test counts once its build is known, under the build's checkout
// and attributes, in L, p, g, a, f, m, and in C once per compatible string
// when it has a platform. A build whose attributes changed is recounted
// whole (all its tests, from its runs); otherwise only the noted tests
// move, and the build's own platform counts follow its platform set.
Fold fold(const FoldInput& in);

}  // namespace ciprov::core::rollup
