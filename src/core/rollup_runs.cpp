// See rollup_runs.h.
#include "core/rollup_runs.h"

#include <algorithm>

#include "core/bytes.h"
#include "core/error.h"
#include "core/testpath.h"

namespace ciprov::core::rollup {

namespace {

constexpr const char kWhat[] = "rollup test run";
constexpr std::uint8_t kHasStart = 1, kHasCompatible = 2;

}  // namespace

int path_compare(const std::optional<std::string_view>& a, const std::optional<std::string_view>& b) {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  return testpath::compare(*a, *b);
}

std::optional<std::int32_t> day_of(const std::optional<std::int64_t>& start) {
  if (!start) return std::nullopt;
  std::int64_t day = *start / kMicrosPerDay;
  if (*start % kMicrosPerDay < 0) --day;  // (floor, not truncation)
  return static_cast<std::int32_t>(day);  // (|day| < 1.1e8 for any int64)
}

RunKey run_key(const TestState& t) { return RunKey{t.build_id.value_or(std::string()), t.platform, day_of(t.start)}; }

bool RunTest::operator==(const RunTest& o) const {
  return id == o.id && path == o.path && status == o.status && start == o.start && compatible == o.compatible;
}

RunTest run_test(const std::string& id, const TestState& t) {
  return RunTest{id, t.path, t.status, t.start, t.compatible};
}

bool run_test_less(const RunTest& a, const RunTest& b) {
  int c = path_compare(view(a.path), view(b.path));
  if (c != 0) return c < 0;
  return a.id < b.id;
}

std::string pack_tests(std::vector<RunTest> tests) {
  std::sort(tests.begin(), tests.end(), run_test_less);
  return pack_sorted_tests(tests);
}

std::string pack_sorted_tests(const std::vector<RunTest>& tests) {
  bytes::Writer out;
  out.byte(kRunsFormat);
  out.varint(tests.size());
  for (const RunTest& t : tests) {
    out.text(t.id);
    out.optional_text(t.path);
    out.byte(static_cast<std::uint8_t>(t.status));
    out.byte(static_cast<std::uint8_t>((t.start ? kHasStart : 0) | (t.compatible ? kHasCompatible : 0)));
    if (t.start) out.signed_varint(*t.start);
    if (t.compatible) {
      out.varint(t.compatible->size());
      for (const Text& c : *t.compatible) out.optional_text(c);
    }
  }
  return out.take();
}

std::vector<RunTest> unpack_tests(std::string_view packed) {
  RunTestReader in(packed);
  std::vector<RunTest> tests;
  tests.reserve(static_cast<std::size_t>(in.size()));
  while (in.next()) {
    RunTest t;
    t.id = std::string(in.id());
    if (in.path()) t.path = std::string(*in.path());
    t.status = in.status();
    t.start = in.start();
    t.compatible = in.compatible();
    tests.push_back(std::move(t));
  }
  return tests;
}

RunTestReader::RunTestReader(std::string_view packed, Order order)
    : in_(packed, kWhat), check_order_(order == kCheckOrder) {
  if (in_.byte() != kRunsFormat) in_.fail("unknown format version");
  n_ = in_.varint();
  // (a test takes at least 4 bytes: a count the rest cannot hold is damage,
  // and callers may reserve room for n tests)
  if (n_ > in_.rest().size() / 4) in_.fail("test count beyond the end");
}

bool RunTestReader::next() {
  if (read_ == n_) {
    if (!in_.done()) in_.fail("bytes after the last test");
    return false;
  }
  std::string_view id = in_.text();
  std::optional<std::string_view> path = in_.optional_text();
  if (check_order_ && read_ > 0) {
    int c = path_compare(path_, path);
    if (c > 0 || (c == 0 && !(id_ < id))) in_.fail("tests out of order");
  }
  id_ = id;
  path_ = path;
  std::uint8_t status = in_.byte();
  if (status > kNull) in_.fail("bad status");
  status_ = static_cast<Status>(status);
  std::uint8_t flags = in_.byte();
  if ((flags & ~(kHasStart | kHasCompatible)) != 0) in_.fail("bad flags");
  start_ = std::nullopt;
  if ((flags & kHasStart) != 0) start_ = in_.signed_varint();
  has_compatible_ = (flags & kHasCompatible) != 0;
  compatible_ = {};
  if (has_compatible_) {
    // (skipped here, decoded by compatible(): most readers never ask)
    std::string_view rest = in_.rest();
    std::uint64_t count = in_.varint();
    for (std::uint64_t i = 0; i < count; ++i) in_.optional_text();
    compatible_ = rest.substr(0, rest.size() - in_.rest().size());
  }
  ++read_;
  return true;
}

std::optional<std::vector<Text>> RunTestReader::compatible() const {
  if (!has_compatible_) return std::nullopt;
  bytes::Reader in(compatible_, kWhat);
  std::vector<Text> out;
  std::uint64_t count = in.varint();
  for (std::uint64_t i = 0; i < count; ++i) {
    std::optional<std::string_view> c = in.optional_text();
    out.emplace_back(c ? Text(std::string(*c)) : std::nullopt);
  }
  return out;
}

std::int64_t series_hash(std::string_view tree_name, std::string_view branch, std::string_view config_name,
                         std::string_view platform) {
  std::uint64_t h = 14695981039346656037ULL;  // FNV-1a 64
  auto mix = [&h](std::string_view s) {
    std::uint64_t n = s.size();
    for (int i = 0; i < 8; ++i) {
      h ^= (n >> (8 * i)) & 0xff;
      h *= 1099511628211ULL;
    }
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
  };
  mix(tree_name);
  mix(branch);
  mix(config_name);
  mix(platform);
  return static_cast<std::int64_t>(h);
}

std::optional<std::int64_t> series_key(const Text& tree_name, const Text& branch, const Text& config_name,
                                       const Text& platform) {
  if (!tree_name || !branch || !config_name || !platform) return std::nullopt;
  return series_hash(*tree_name, *branch, *config_name, *platform);
}

}  // namespace ciprov::core::rollup
