// Test runs: the rollups' own compact copy of the tests, one row of
// ciprov.rollup_runs per (build, platform, UTC day of start time) holding
// those tests packed into one bytea (docs/rollup.md). A row also carries
// its build's and checkout's attributes and the series key
// hash(tree, branch, config, platform), so that
//   * ciprov.test_history reads a series newest day first through one
//     index and stops after about n rows (a row spans less than a day);
//   * ciprov.tree_compare reads a revision's rows by checkout;
//   * a flush learns a build's tests and platforms from its rows, without
//     reading ciprov.tests.
//
// Packed tests (core/bytes.h encodings): u8 format (kRunsFormat), varint
// count, then per test in (path, id) order (NULL path first, paths in
// ciprov.testpath order, ids bytewise):
//   text id; optional text path; u8 status (Status);
//   u8 flags (1: start follows, 2: compatible follows);
//   signed varint start (microseconds since 2000-01-01 UTC);
//   varint n, then n optional texts: the compatible strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/bytes.h"
#include "core/rollup_model.h"

namespace ciprov::core::rollup {

inline constexpr std::uint8_t kRunsFormat = 1;
inline constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

// The UTC day (since 2000-01-01) of a start time; none without one.
std::optional<std::int32_t> day_of(const std::optional<std::int64_t>& start);

// One row of ciprov.rollup_runs: (build_id, platform, day).
struct RunKey {
  std::string build_id;
  Text platform;
  std::optional<std::int32_t> day;
  bool operator<(const RunKey& o) const {
    return std::tie(build_id, platform, day) < std::tie(o.build_id, o.platform, o.day);
  }
  bool operator==(const RunKey& o) const {
    return build_id == o.build_id && platform == o.platform && day == o.day;
  }
};

// The row a test state belongs to (its build must be set).
RunKey run_key(const TestState& t);

// One test of a row (the row holds its build and platform).
struct RunTest {
  std::string id;
  Text path;
  Status status = kNull;
  std::optional<std::int64_t> start;
  std::optional<std::vector<Text>> compatible;
  bool operator==(const RunTest& o) const;
};

RunTest run_test(const std::string& id, const TestState& t);

// The order of a row's test paths: NULL first, then ciprov.testpath order
// (-1, 0 or 1).
int path_compare(const std::optional<std::string_view>& a, const std::optional<std::string_view>& b);

// (path, id) order: NULL path first, paths in ciprov.testpath order.
bool run_test_less(const RunTest& a, const RunTest& b);

// Sorts the tests into (path, id) order and encodes them.
std::string pack_tests(std::vector<RunTest> tests);
// Encodes tests already in (path, id) order.
std::string pack_sorted_tests(const std::vector<RunTest>& tests);
std::vector<RunTest> unpack_tests(std::string_view packed);  // throws 22P03

// Reads packed tests one by one without copying (the readers' loop); the
// bytes must outlive the reader. Every value is bounds-checked; the (path,
// id) order is checked too unless the caller reads the rollups' own rows
// and trusts it (kTrustOrder: the order check compares paths, a third of
// a reader's time).
class RunTestReader {
 public:
  enum Order { kCheckOrder, kTrustOrder };
  explicit RunTestReader(std::string_view packed, Order order = kCheckOrder);  // throws 22P03
  RunTestReader(std::string&&, Order = kCheckOrder) = delete;  // (it keeps a view of its bytes)
  std::uint64_t size() const { return n_; }
  bool next();  // false after the last test
  std::string_view id() const { return id_; }
  const std::optional<std::string_view>& path() const { return path_; }
  Status status() const { return status_; }
  const std::optional<std::int64_t>& start() const { return start_; }
  // The compatible strings of the current test (copies; NULL elements kept).
  std::optional<std::vector<Text>> compatible() const;

 private:
  bytes::Reader in_;
  bool check_order_;
  std::uint64_t n_ = 0, read_ = 0;
  std::string_view id_;
  std::optional<std::string_view> path_;
  Status status_ = kNull;
  std::optional<std::int64_t> start_;
  std::string_view compatible_;  // the encoded list, decoded on request
  bool has_compatible_ = false;
};

// The series key of a row: a 64-bit FNV-1a hash of tree, branch, config
// and platform (each length-prefixed); none when one is missing. Stored on
// disk: never change it without rebuilding the rows. Equal keys do not
// prove equal series: readers compare the row's columns too.
std::optional<std::int64_t> series_key(const Text& tree_name, const Text& branch, const Text& config_name,
                                       const Text& platform);
// The same of four known values.
std::int64_t series_hash(std::string_view tree_name, std::string_view branch, std::string_view config_name,
                         std::string_view platform);

}  // namespace ciprov::core::rollup
