// What a rollup flush adds to the counters (docs/rollup.md): the change of
// the noted tests and builds, as wide counter rows. Pure logic; the
// PostgreSQL side (pg/rollup_flush.cpp) reads the notes, anchors and tests
// and writes the result. The SQL definition of the same counters
// (ciprov.rollup_items, used by rollup_check and rollup_rebuild) is the
// reference it is tested against.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace ciprov::core::rollup {

using Text = std::optional<std::string>;

// Statuses in kcidb priority order, then "not finished".
enum Status : int { kFail = 0, kError, kMiss, kPass, kDone, kSkip, kNull };
// Kinds of counted object; a cell of a counter row is kind * 7 + status.
enum Kind : int { kBuild = 0, kBoot, kTest };
constexpr int kCells = 21;

// "FAIL" .. "SKIP" to a Status; anything else (NULL) is kNull.
Status status_of(const Text& text);

// A test as the rollups see it.
struct TestState {
  Text build_id;
  Text path_group;  // first path segment (ciprov.path_group)
  Text platform;    // ciprov.platform(environment_misc, environment_compatible)
  std::optional<std::vector<Text>> compatible;
  Status status = kNull;
  bool operator==(const TestState& o) const;
  bool operator!=(const TestState& o) const { return !(*this == o); }
};

// A noted test: its state as counted (none when it is new) and now (none
// when it was deleted).
struct Note {
  std::string id;
  std::optional<TestState> before;
  std::optional<TestState> now;
};

// A build's attributes the counters use.
struct BuildAttrs {
  Text checkout_id, architecture, config_name, compiler;
  Status status = kNull;
  bool operator==(const BuildAttrs& o) const;
  bool operator!=(const BuildAttrs& o) const { return !(*this == o); }
};

// A touched build: as counted (the anchor, when known) and as it is now
// (the ciprov.builds row, when present).
struct Build {
  std::optional<BuildAttrs> before;
  std::optional<BuildAttrs> now;
};

// One counter row: (checkout, rollup, value).
struct Key {
  std::string checkout_id;
  char rollup;
  Text value;
  bool operator<(const Key& o) const {
    return std::tie(checkout_id, rollup, value) < std::tie(o.checkout_id, o.rollup, o.value);
  }
};
using Cells = std::array<std::int64_t, kCells>;
using Delta = std::map<Key, Cells>;  // in key order: the flush's lock order

// The builds a flush touches: the noted ones and those noted tests belong
// or belonged to.
std::set<std::string> touched_builds(const std::vector<Note>& notes, const std::set<std::string>& noted_builds);

// The touched builds whose every test must be recounted: their attributes
// changed, or a test came, went, or changed build or platform (which may
// change the set of platforms the build counts for).
std::set<std::string> whole_builds(const std::vector<Note>& notes, const std::map<std::string, Build>& builds);

// The change to the counters: what the noted tests and the whole builds
// (with `others`, their tests that were not noted) count for now minus what
// they counted for. Rows whose cells are all zero are left out.
Delta delta(const std::vector<Note>& notes, const std::map<std::string, Build>& builds,
            const std::set<std::string>& whole, const std::vector<TestState>& others);

}  // namespace ciprov::core::rollup
