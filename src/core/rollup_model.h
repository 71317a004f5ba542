// What the rollups (docs/rollup.md) see of the kcidb objects: statuses and
// kinds, a test's and a build's rollup-relevant state, a checkout's, and
// the counter keys and cells. Pure data; the flush's arithmetic is
// core/rollup_fold.h, the SQL definition of the same rollups is
// ciprov.rollup_items (the reference rollup_check compares against).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace ciprov::core::rollup {

using Text = std::optional<std::string>;
// A Text as a view of its bytes (NULL stays NULL).
inline std::optional<std::string_view> view(const Text& t) {
  return t ? std::optional<std::string_view>(*t) : std::nullopt;
}

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
  Text path;      // canonical ciprov.testpath text
  Text platform;  // ciprov.platform(environment_misc, environment_compatible)
  std::optional<std::vector<Text>> compatible;
  Status status = kNull;
  std::optional<std::int64_t> start;  // start_time: microseconds since 2000-01-01 UTC
  bool operator==(const TestState& o) const;
  bool operator!=(const TestState& o) const { return !(*this == o); }
};

// The first path segment (ciprov.path_group); none for a NULL or root path.
Text path_group(const Text& path);

// A noted test: its state as counted (none when it is new) and now (none
// when it was deleted).
struct Note {
  std::string id;
  std::optional<TestState> before;
  std::optional<TestState> now;
};

// A build's attributes the rollups use.
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

// A checkout's attributes the test runs carry (ciprov.test_history's
// series, its commit).
struct CheckoutAttrs {
  Text tree_name, branch, commit;
  bool operator==(const CheckoutAttrs& o) const;
  bool operator!=(const CheckoutAttrs& o) const { return !(*this == o); }
};

// One counter row: (checkout, rollup, value), and a view of one (for
// lookups that allocate nothing).
struct Key {
  std::string checkout_id;
  char rollup;
  Text value;
};
struct KeyView {
  std::string_view checkout_id;
  char rollup;
  std::optional<std::string_view> value;
};
// Checkout, rollup, then value (NULL first, then bytes); Keys and KeyViews
// compare with each other.
struct KeyLess {
  using is_transparent = void;
  static KeyView view(const KeyView& k) { return k; }
  static KeyView view(const Key& k) {
    return KeyView{k.checkout_id, k.rollup,
                   k.value ? std::optional<std::string_view>(*k.value) : std::nullopt};
  }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    KeyView x = view(a), y = view(b);
    return std::tie(x.checkout_id, x.rollup, x.value) < std::tie(y.checkout_id, y.rollup, y.value);
  }
};
using Cells = std::array<std::int64_t, kCells>;
using Delta = std::map<Key, Cells, KeyLess>;  // in key order: (checkout, rollup) groups are contiguous

}  // namespace ciprov::core::rollup
