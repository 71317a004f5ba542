// Latest sets: for one (checkout, architecture, config) group of builds,
// the latest test of each (platform, path), as ciprov.tree_compare compares
// them (one row of ciprov.rollup_latest, docs/rollup.md). "Latest" is by
// start time (a test without one is the oldest), then by id (bytewise, the
// larger later). The flush recomputes a group's set from its test runs
// whenever it writes one of them; ciprov.rollup_rebuild packs them from the
// kcidb tables.
//
// Sets are laid out for comparing two revisions: the keys of a set come
// first in one section, so that two revisions that ran the same tests
// (the common case) have byte-equal key sections, and their statuses,
// one byte per test in key order, can be compared position by position
// without decoding a key. Packed (core/bytes.h encodings):
//   u8 format (kLatestFormat); varint count; varint key section size;
//   the key section: the tests in (platform, path) order (each NULL first,
//     then bytewise: the order of the format, which readers merge two sets
//     in with byte comparisons; tree_compare sorts its answer itself), in
//     one run per platform: optional text platform, varint count, u8 1 when
//     the run's first path is NULL (else 0); then each other path as
//     varint shared (the length of its longest common prefix with the path
//     before it in the run, 0 for the first) and text suffix;
//   the statuses: one u8 Status per test;
//   then per test: u8 1 and a signed varint start (microseconds since
//   2000-01-01 UTC) or u8 0; text id.
// The decoder accepts one encoding per set (keys strictly ascending,
// shared prefixes longest), so what decodes encodes back to the same bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/bytes.h"
#include "core/rollup_fold.h"
#include "core/rollup_model.h"

namespace ciprov::core::rollup {

inline constexpr std::uint8_t kLatestFormat = 1;

struct LatestTest {
  Text platform;
  Text path;
  Status status = kNull;
  std::optional<std::int64_t> start;
  std::string id;
  bool operator==(const LatestTest& o) const;
};

// (platform, path) order, the order of a set: NULL first, then bytewise.
int latest_key_compare(const std::optional<std::string_view>& platform_a, const std::optional<std::string_view>& path_a,
                       const std::optional<std::string_view>& platform_b, const std::optional<std::string_view>& path_b);

// Whether test a is later than test b (start, NULL oldest, then id
// bytewise). Inline: test_history compares with it per result candidate.
inline bool later_test(const std::optional<std::int64_t>& start_a, std::string_view id_a,
                       const std::optional<std::int64_t>& start_b, std::string_view id_b) {
  if (start_a != start_b) return !start_b || (start_a && *start_a > *start_b);
  return id_a > id_b;
}

// The latest test of each (platform, path) of tests, packed (an empty set
// when there are none).
std::string pack_latest(std::vector<LatestTest> tests);
std::vector<LatestTest> unpack_latest(std::string_view packed);  // throws 22P03

// The union of several sets (of one group in several checkouts), the
// latest test of each key kept: packed.
std::string merge_latest(const std::vector<std::string_view>& sets);

// Reads a set's keys and statuses one by one (and, on request, the start
// times and ids); the bytes must outlive the reader. kTrustOrder skips the
// checks of key order and longest prefixes, for the rollups' own rows.
class LatestReader {
 public:
  enum Order { kCheckOrder, kTrustOrder };
  enum Tail { kKeysOnly, kWithTail };
  explicit LatestReader(std::string_view packed, Order order = kCheckOrder, Tail tail = kKeysOnly);  // throws 22P03
  LatestReader(std::string&&, Order = kCheckOrder, Tail = kKeysOnly) = delete;  // (it keeps a view of its bytes)
  std::uint64_t size() const { return n_; }
  std::string_view keys() const { return keys_; }          // the key section
  std::string_view statuses() const { return statuses_; }  // one byte per test
  // False after the last test. Always inlined: the compare's loop called
  // it out of line, a tenth of tree_compare.
  bool next();
  const std::optional<std::string_view>& platform() const { return platform_; }
  bool new_platform() const { return new_platform_; }  // (the last next() read a platform)
  // Whether the path follows a path under the same platform, and the
  // length of their longest common prefix then.
  bool continues() const { return continues_; }
  std::size_t shared() const { return shared_; }
  std::optional<std::string_view> path() const {  // (valid until next())
    return path_null_ ? std::nullopt : std::optional<std::string_view>(std::string_view(path_.get(), path_size_));
  }
  Status status() const { return status_; }
  const std::optional<std::int64_t>& start() const { return start_; }  // (kWithTail)
  std::string_view id() const { return id_; }                          // (kWithTail)

 private:
  bytes::Reader in_, tail_;
  bool check_order_, with_tail_;
  std::uint64_t n_ = 0, read_ = 0;
  std::string_view keys_, statuses_;
  std::optional<std::string_view> platform_;
  std::unique_ptr<char[]> path_;  // (the size of the key section: no path is longer)
  std::size_t path_size_ = 0, shared_ = 0;
  std::uint64_t left_in_run_ = 0;  // (tests of the current platform not read yet)
  bool continues_ = false;
  bool path_null_ = true, new_platform_ = false;
  Status status_ = kNull;
  std::optional<std::int64_t> start_;
  std::string_view id_;

  // A suffix copied without a library call when it is short, as most are
  // (about 2% of tree_compare).
  static void copy_short(char* to, std::string_view s) {
    const std::size_t n = s.size();
    if (n > 16) {
      std::memcpy(to, s.data(), n);
    } else if (n >= 8) {
      std::memcpy(to, s.data(), 8);
      std::memcpy(to + n - 8, s.data() + n - 8, 8);
    } else if (n >= 4) {
      std::memcpy(to, s.data(), 4);
      std::memcpy(to + n - 4, s.data() + n - 4, 4);
    } else {
      for (std::size_t i = 0; i < n; ++i) to[i] = s[i];
    }
  }
  // The cold parts of next(), out of line: the end, a run's header (true
  // when its first path is NULL), a path's order checks, the tail.
  bool end();
  bool begin_run();
  void check_path(std::uint64_t shared, std::string_view suffix, std::size_t base);
  void read_tail();
};

__attribute__((always_inline)) inline bool LatestReader::next() {
  if (read_ == n_) return end();
  new_platform_ = left_in_run_ == 0;
  // A path shares its prefix with the path before it under the same
  // platform (none after a NULL path, which comes first).
  const bool after_path = !new_platform_ && !path_null_;
  if (new_platform_ && begin_run()) {
    path_null_ = true;
    path_size_ = 0;
    continues_ = false;
  } else {
    const std::uint64_t shared = in_.varint();
    std::string_view suffix = in_.text();
    const std::size_t base = after_path ? path_size_ : 0;
    if (shared > base) in_.fail("shared prefix beyond the path before");
    if (check_order_ && after_path) check_path(shared, suffix, base);
    // (a path is at most the sum of the suffixes so far: within path_)
    copy_short(path_.get() + shared, suffix);
    path_size_ = static_cast<std::size_t>(shared) + suffix.size();
    path_null_ = false;
    continues_ = after_path;
    shared_ = static_cast<std::size_t>(shared);
  }
  --left_in_run_;
  status_ = static_cast<Status>(statuses_[static_cast<std::size_t>(read_)]);
  if (with_tail_) read_tail();
  ++read_;
  return true;
}

// A (checkout, architecture, config) group: one row of ciprov.rollup_latest.
struct LatestGroup {
  std::string checkout_id;
  Text architecture, config_name;
  bool operator<(const LatestGroup& o) const {
    return std::tie(checkout_id, architecture, config_name) < std::tie(o.checkout_id, o.architecture, o.config_name);
  }
  bool operator==(const LatestGroup& o) const {
    return checkout_id == o.checkout_id && architecture == o.architecture && config_name == o.config_name;
  }
};

// What a flush changed in one group's runs: the tests of its rows as they
// were (removed) and as they are written (added); or, when a build left
// the group, only that the set must be recomputed from its runs. (A build
// that joined it has all its tests added.)
struct LatestDelta {
  bool recompute = false;
  std::vector<LatestTest> removed, added;
};

// The deltas of the groups whose runs a fold rewrote or dropped: removed
// from the group each build was counted under, added to the one its
// written rows carry.
std::map<LatestGroup, LatestDelta> latest_deltas(const Fold& f, const FoldInput& in);

// A packed set updated by a delta, packed: the added tests merged in (the
// latest of each key kept; a stored test added again replaced by its new
// self). None when a removed test was the latest of its key and is not
// added back with its key at least as late: the key's next latest is only
// in the runs. The stored set is streamed, not unpacked.
std::optional<std::string> apply_latest(std::string_view packed, const LatestDelta& d);

// A key tested on both sides whose latest statuses differ, or both fail.
struct LatestChange {
  Text platform;
  Text path;
  Status a = kNull, b = kNull;
};

// The changes between two sets of one group, in key order: on_change(r,
// a, b) for each, with r (a reader of set a) at its key.
using LatestChangeSink = std::function<void(const LatestReader& r, Status a, Status b)>;
void compare_latest(std::string_view a, std::string_view b, const LatestChangeSink& on_change);
// The same, appended to out.
void compare_latest(std::string_view a, std::string_view b, std::vector<LatestChange>& out);

}  // namespace ciprov::core::rollup
