// core::rollup latest sets (ciprov.rollup_latest): the latest test per
// (platform, path), the packed layout, merging and comparing two sets.
#include "core/rollup_latest.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <tuple>

#include "core/error.h"
#include "rollup_states.h"

namespace rollup = ciprov::core::rollup;
using rollup::LatestTest;
using ciprov::test::build_attrs;
using ciprov::test::test_state;

namespace {

LatestTest test(rollup::Text platform, rollup::Text path, rollup::Status s, std::optional<std::int64_t> start,
                std::string id) {
  return LatestTest{std::move(platform), std::move(path), s, start, std::move(id)};
}

std::string error_of(std::string_view packed) {
  try {
    rollup::unpack_latest(packed);
  } catch (const ciprov::core::Error& e) {
    EXPECT_EQ(e.sqlstate(), "22P03");
    return e.what();
  }
  return "no error";
}

// A small deterministic generator: next(n) is in [0, n).
class Random {
 public:
  explicit Random(std::uint64_t seed) : seed_(seed) {}
  std::uint64_t operator()(std::uint64_t n) {
    seed_ = seed_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed_ >> 33) % n;
  }

 private:
  std::uint64_t seed_;
};

}  // namespace

TEST(RollupLatest, KeepsTheLatestTestOfEachKeyInKeyOrder) {
  std::vector<LatestTest> in = {
      test("rpi", "boot", rollup::kPass, 10, "a"),
      test("rpi", "boot", rollup::kFail, 20, "b"),          // later start: kept
      test("rpi", "boot", rollup::kSkip, std::nullopt, "z"),  // no start: the oldest
      test("rpi", "ltp.a", rollup::kPass, 5, "m"),
      test("rpi", "ltp.a", rollup::kError, 5, "n"),  // same start: the larger id
      test(std::nullopt, "ltp.b", rollup::kPass, 1, "p"),
      test("qemu", std::nullopt, rollup::kDone, 1, "q"),
      test("qemu", "ltp", rollup::kMiss, 2, "r"),
  };
  std::vector<LatestTest> got = rollup::unpack_latest(rollup::pack_latest(in));
  std::vector<LatestTest> want = {
      test(std::nullopt, "ltp.b", rollup::kPass, 1, "p"),      // NULL platform first
      test("qemu", std::nullopt, rollup::kDone, 1, "q"),       // NULL path first
      test("qemu", "ltp", rollup::kMiss, 2, "r"),
      test("rpi", "boot", rollup::kFail, 20, "b"),
      test("rpi", "ltp.a", rollup::kError, 5, "n"),
  };
  EXPECT_EQ(got, want);
  EXPECT_TRUE(rollup::unpack_latest(rollup::pack_latest({})).empty());
}

TEST(RollupLatest, PathsShareTheirPrefixUnderOnePlatform) {
  std::vector<LatestTest> in;
  for (int i = 0; i < 20; ++i)
    in.push_back(test("board", "kselftest.net.case" + std::to_string(100 + i), rollup::kPass, i, "t" + std::to_string(i)));
  std::string packed = rollup::pack_latest(in);
  // (the 22-byte paths take about 4 key bytes each after the first)
  rollup::LatestReader r(packed);
  EXPECT_LT(r.keys().size(), 6 + 24 + 19 * 5u);
  EXPECT_EQ(rollup::unpack_latest(packed), in);
  EXPECT_EQ(rollup::pack_latest(rollup::unpack_latest(packed)), packed);
}

// The reader rebuilds each path from its shared prefix and its suffix,
// copying short suffixes by fixed-size moves (1-3, 4-7, 8-16 bytes) and
// longer ones whole. Under platform n, the first path (no prefix shared)
// is a suffix of n bytes, and the second shares it and adds n + 1: every
// length from 1 to 41 comes back exactly, in a round trip and through
// compare_latest.
TEST(RollupLatest, PathsOfEverySuffixLengthReadBack) {
  std::vector<LatestTest> in, failed;
  for (int n = 1; n <= 40; ++n) {
    char platform[8];
    std::snprintf(platform, sizeof platform, "b%02d", n);
    std::string suffix;
    for (int i = 0; i < n; ++i) suffix += static_cast<char>('a' + (i * 7 + n) % 26);
    in.push_back(test(std::string(platform), suffix, rollup::kPass, n, "s" + std::to_string(n)));
    in.push_back(test(std::string(platform), suffix + "." + suffix, rollup::kPass, n, "t" + std::to_string(n)));
  }
  std::sort(in.begin(), in.end(), [](const LatestTest& x, const LatestTest& y) {
    return std::tie(x.platform, x.path) < std::tie(y.platform, y.path);
  });
  const std::string packed = rollup::pack_latest(in);
  EXPECT_EQ(rollup::unpack_latest(packed), in);
  failed = in;
  for (LatestTest& t : failed) t.status = rollup::kFail;
  // (the same keys: compared by position; one key fewer: merged by key)
  for (std::size_t dropped : {0, 1}) {
    std::vector<LatestTest> b(failed.begin() + static_cast<std::ptrdiff_t>(dropped), failed.end());
    std::vector<rollup::LatestChange> got;
    rollup::compare_latest(packed, rollup::pack_latest(b), got);
    ASSERT_EQ(got.size(), in.size() - dropped);
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].platform, in[i + dropped].platform);
      EXPECT_EQ(got[i].path, in[i + dropped].path);
      EXPECT_EQ(got[i].a, rollup::kPass);
      EXPECT_EQ(got[i].b, rollup::kFail);
    }
  }
}

TEST(RollupLatest, DamagedSetsAreErrors) {
  std::string good = rollup::pack_latest({test("b", "x.y", rollup::kPass, 1, "i"), test("b", "x.z", rollup::kFail, 2, "j")});
  EXPECT_NE(error_of(good.substr(0, good.size() - 1)), "no error");
  EXPECT_EQ(error_of(""), "corrupt rollup latest set: truncated");
  std::string version = good;
  version[0] = 9;
  EXPECT_EQ(error_of(version), "corrupt rollup latest set: unknown format version");
  EXPECT_EQ(error_of(good + "x"), "corrupt rollup latest set: bytes after the last test");
  // the second path ("x." shared, then "z") made "x.a": before the first
  std::string before = good;
  before[before.find("z")] = 'a';
  EXPECT_EQ(error_of(before), "corrupt rollup latest set: keys out of order");
  // or "x.y", which shares more than it says
  std::string longer = good;
  longer[longer.find("z")] = 'y';
  EXPECT_EQ(error_of(longer), "corrupt rollup latest set: shared prefix not the longest");
  rollup::LatestReader r(good);
  std::string s = good;
  const std::size_t status_at = 3 + r.keys().size();
  s[status_at] = 7;
  EXPECT_EQ(error_of(s), "corrupt rollup latest set: bad status");
}

TEST(RollupLatest, MergeKeepsTheLatestAcrossSets) {
  std::string a = rollup::pack_latest({test("b", "boot", rollup::kPass, 10, "a1"), test("b", "ltp", rollup::kFail, 5, "a2")});
  std::string b = rollup::pack_latest({test("b", "boot", rollup::kFail, 20, "b1"), test("c", "ltp", rollup::kPass, 5, "b2")});
  std::vector<LatestTest> got = rollup::unpack_latest(rollup::merge_latest({a, b}));
  std::vector<LatestTest> want = {test("b", "boot", rollup::kFail, 20, "b1"), test("b", "ltp", rollup::kFail, 5, "a2"),
                                  test("c", "ltp", rollup::kPass, 5, "b2")};
  EXPECT_EQ(got, want);
}

TEST(RollupLatest, CompareReportsChangesAndTestsFailingOnBothSides) {
  auto set = [](rollup::Status boot, rollup::Status ltp, rollup::Status kunit) {
    return rollup::pack_latest({test("b", "boot", boot, 1, "x1"), test("b", "ltp", ltp, 1, "x2"),
                                test("b", "kunit", kunit, 1, "x3")});
  };
  std::vector<rollup::LatestChange> out;
  // same keys (byte-equal key sections): compared by position
  rollup::compare_latest(set(rollup::kPass, rollup::kFail, rollup::kPass), set(rollup::kFail, rollup::kError, rollup::kPass),
                         out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(*out[0].path, "boot");
  EXPECT_EQ(out[0].a, rollup::kPass);
  EXPECT_EQ(out[0].b, rollup::kFail);
  EXPECT_EQ(*out[1].path, "ltp");  // (both failing)
  EXPECT_EQ(*out[1].platform, "b");
  out.clear();
  rollup::compare_latest(set(rollup::kPass, rollup::kPass, rollup::kSkip), set(rollup::kPass, rollup::kPass, rollup::kSkip),
                         out);
  EXPECT_TRUE(out.empty());
  // different keys: only those on both sides
  std::string other = rollup::pack_latest({test("b", "boot", rollup::kPass, 1, "y1"), test("b", "kunit", rollup::kNull, 1, "y3"),
                                           test("c", "ltp", rollup::kFail, 1, "y4")});
  rollup::compare_latest(set(rollup::kPass, rollup::kFail, rollup::kPass), other, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(*out[0].path, "kunit");
  EXPECT_EQ(out[0].a, rollup::kPass);
  EXPECT_EQ(out[0].b, rollup::kNull);
}

// compare_latest against its definition (the keys on both sides, in key
// order, whose statuses differ or both fail) on random pairs of sets whose
// paths share prefixes in every way: both of its paths (same keys, merged
// keys) and the prefix reasoning of the merge.
TEST(RollupLatest, CompareAgreesWithItsDefinitionOnRandomSets) {
  Random next(42);
  auto random_set = [&](std::size_t count) {
    std::vector<LatestTest> tests;
    for (std::size_t i = 0; i < count; ++i) {
      rollup::Text platform;
      if (next(5) != 0) platform = std::string("p") + static_cast<char>('a' + next(3));
      rollup::Text path;
      if (next(10) != 0) {
        std::string p;
        for (std::uint64_t len = 1 + next(6), j = 0; j < len; ++j) p += "ab.c"[next(4)];
        path = p;
      }
      tests.push_back(test(platform, path, static_cast<rollup::Status>(next(7)), std::nullopt, std::to_string(i)));
    }
    return rollup::pack_latest(tests);
  };
  for (int round = 0; round < 2000; ++round) {
    std::string a = random_set(next(40)), b = random_set(next(40));
    if (round % 4 == 0) {  // (the same keys: statuses redrawn)
      std::vector<LatestTest> same = rollup::unpack_latest(a);
      for (LatestTest& t : same) t.status = static_cast<rollup::Status>(next(7));
      b = rollup::pack_latest(same);
    }
    std::vector<rollup::LatestChange> got;
    rollup::compare_latest(a, b, got);
    std::vector<LatestTest> ta = rollup::unpack_latest(a), tb = rollup::unpack_latest(b);
    std::vector<std::tuple<rollup::Text, rollup::Text, rollup::Status, rollup::Status>> want, have;
    for (const LatestTest& x : ta)
      for (const LatestTest& y : tb) {
        if (x.platform != y.platform || x.path != y.path) continue;
        auto failing = [](rollup::Status s) { return s == rollup::kFail || s == rollup::kError; };
        if (x.status != y.status || (failing(x.status) && failing(y.status)))
          want.emplace_back(x.platform, x.path, x.status, y.status);
      }
    for (const rollup::LatestChange& c : got) have.emplace_back(c.platform, c.path, c.a, c.b);
    ASSERT_EQ(have, want) << "round " << round;
  }
}

// apply_latest: the added tests merged in, the latest of each key kept; a
// removed latest that does not come back at least as late asks for a
// recompute.
TEST(RollupLatest, ApplyMergesAddedTestsAndRefusesToGuessALostLatest) {
  const std::string set = rollup::pack_latest(
      {test("b", "boot", rollup::kPass, 10, "t1"), test("b", "ltp", rollup::kNull, 5, "t2")});
  rollup::LatestDelta d;
  // t2 finishes (removed as it was, added as it is), t3 is new and later on boot, t4 is new
  d.removed = {test("b", "ltp", rollup::kNull, 5, "t2")};
  d.added = {test("b", "ltp", rollup::kFail, 5, "t2"), test("b", "boot", rollup::kError, 11, "t3"),
             test("c", "boot", rollup::kSkip, std::nullopt, "t4"), test("b", "boot", rollup::kPass, 9, "t0")};
  std::optional<std::string> got = rollup::apply_latest(set, d);
  ASSERT_TRUE(got);
  std::vector<LatestTest> want = {test("b", "boot", rollup::kError, 11, "t3"), test("b", "ltp", rollup::kFail, 5, "t2"),
                                  test("c", "boot", rollup::kSkip, std::nullopt, "t4")};
  EXPECT_EQ(rollup::unpack_latest(*got), want);
  EXPECT_EQ(rollup::apply_latest(rollup::pack_latest({}), d), rollup::pack_latest(d.added));  // (no set yet)
  // the latest of boot deleted, or restarted earlier: its next latest is unknown here
  rollup::LatestDelta deleted;
  deleted.removed = {test("b", "boot", rollup::kError, 11, "t3")};
  EXPECT_FALSE(rollup::apply_latest(*got, deleted));
  rollup::LatestDelta earlier = deleted;
  earlier.added = {test("b", "boot", rollup::kError, 1, "t3")};
  EXPECT_FALSE(rollup::apply_latest(*got, earlier));
  // a test that was not the latest of its key leaves nothing to recompute
  rollup::LatestDelta other;
  other.removed = {test("b", "boot", rollup::kPass, 9, "t0")};
  EXPECT_EQ(rollup::apply_latest(*got, other), got);
  // a stored test added again replaces itself, later or not
  rollup::LatestDelta again;
  again.removed = {test("c", "boot", rollup::kSkip, std::nullopt, "t4")};
  again.added = {test("c", "boot", rollup::kPass, std::nullopt, "t4")};
  std::optional<std::string> passed = rollup::apply_latest(*got, again);
  ASSERT_TRUE(passed);
  EXPECT_EQ(rollup::unpack_latest(*passed)[2], test("c", "boot", rollup::kPass, std::nullopt, "t4"));
}

// apply_latest against its definition: the latest per key of the tests as
// they were, less the removed, plus the added; or a refusal exactly when a
// removed latest does not come back with its key at least as late.
TEST(RollupLatest, ApplyAgreesWithItsDefinitionOnRandomDeltas) {
  Random next(7);
  auto random_test = [&](std::string id) {
    rollup::Text platform, path;
    if (next(6) != 0) platform = std::string("p") + static_cast<char>('a' + next(3));
    if (next(8) != 0) path = std::string("boot.x").substr(0, 1 + next(6));
    std::optional<std::int64_t> start;
    if (next(5) != 0) start = static_cast<std::int64_t>(next(20));
    return test(platform, path, static_cast<rollup::Status>(next(7)), start, std::move(id));
  };
  int refused = 0;
  for (int round = 0; round < 3000; ++round) {
    std::vector<LatestTest> was;
    for (std::uint64_t i = 0, n = next(30); i < n; ++i) was.push_back(random_test("t" + std::to_string(i)));
    rollup::LatestDelta d;
    std::vector<LatestTest> is;
    for (const LatestTest& t : was) {
      if (next(4) != 0) {  // (untouched)
        is.push_back(t);
        continue;
      }
      d.removed.push_back(t);
      if (next(3) == 0) continue;  // (deleted)
      LatestTest now = next(2) == 0 ? t : random_test(t.id);
      if (next(2) == 0) now.status = static_cast<rollup::Status>(next(7));
      d.added.push_back(now);
      is.push_back(now);
    }
    for (std::uint64_t i = 0, n = next(10); i < n; ++i) {
      d.added.push_back(random_test("n" + std::to_string(i)));
      is.push_back(d.added.back());
    }
    const std::string stored = rollup::pack_latest(was);
    std::optional<std::string> got = rollup::apply_latest(stored, d);
    // refused exactly when a removed latest is lost or comes back earlier
    bool lost = false;
    for (const LatestTest& latest : rollup::unpack_latest(stored))
      for (const LatestTest& r : d.removed) {
        if (r.id != latest.id) continue;
        auto back = std::find_if(d.added.begin(), d.added.end(), [&r](const LatestTest& a) {
          return a.id == r.id && a.platform == r.platform && a.path == r.path;
        });
        if (back == d.added.end() || rollup::later_test(r.start, r.id, back->start, back->id)) lost = true;
      }
    ASSERT_EQ(!got, lost) << "round " << round;
    if (got) {
      ASSERT_EQ(*got, rollup::pack_latest(is)) << "round " << round;
    }
    refused += lost ? 1 : 0;
  }
  EXPECT_GT(refused, 100);  // (both outcomes exercised)
  EXPECT_LT(refused, 2900);
}

namespace {

rollup::LatestGroup group(const char* checkout) {
  return rollup::LatestGroup{checkout, std::string("x86_64"), std::string("defconfig")};
}

std::set<std::string> ids(const std::vector<LatestTest>& tests) {
  std::set<std::string> out;
  for (const LatestTest& t : tests) out.insert(t.id);
  return out;
}

}  // namespace

// latest_deltas: what each group's set must take from a fold. A build
// joining a group brings all its tests (also those that waited for it); a
// build leaving one asks that group for a recompute; a resubmitted test is
// removed as it was and added as it is.
TEST(RollupLatest, DeltasOfJoiningLeavingAndResubmittedBuilds) {
  rollup::TestState waiting = test_state("b1", "ltp", std::string("rpi"), rollup::kFail, 7);
  rollup::TestState boot = test_state("b1", "boot", std::string("rpi"), rollup::kPass, 8);
  rollup::FoldInput joined;  // b1 arrives with boot; ltp was submitted before it
  joined.notes = {{"t2", std::nullopt, boot}};
  joined.builds = {{"b1", {std::nullopt, build_attrs("c1", rollup::kPass)}}};
  joined.runs[rollup::run_key(waiting)] = {rollup::run_test("t1", waiting)};
  auto d = rollup::latest_deltas(rollup::fold(joined), joined);
  ASSERT_EQ(d.size(), 1u);
  const rollup::LatestDelta& c1 = d.at(group("c1"));
  EXPECT_FALSE(c1.recompute);
  EXPECT_TRUE(c1.removed.empty());
  EXPECT_EQ(ids(c1.added), (std::set<std::string>{"t1", "t2"}));

  rollup::FoldInput moved;  // b1 moves to checkout c2: no test noted, all of them move
  moved.builds = {{"b1", {build_attrs("c1", rollup::kPass), build_attrs("c2", rollup::kPass)}}};
  moved.runs[rollup::run_key(waiting)] = {rollup::run_test("t1", waiting), rollup::run_test("t2", boot)};
  std::sort(moved.runs.begin()->second.begin(), moved.runs.begin()->second.end(), rollup::run_test_less);
  d = rollup::latest_deltas(rollup::fold(moved), moved);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_TRUE(d.at(group("c1")).recompute);
  EXPECT_FALSE(d.at(group("c2")).recompute);
  EXPECT_EQ(ids(d.at(group("c2")).added), (std::set<std::string>{"t1", "t2"}));

  rollup::FoldInput resubmitted;  // t1 passes on a second submission
  rollup::TestState passed = waiting;
  passed.status = rollup::kPass;
  resubmitted.notes = {{"t1", waiting, passed}};
  resubmitted.builds = {{"b1", {build_attrs("c1", rollup::kPass), build_attrs("c1", rollup::kPass)}}};
  resubmitted.runs = moved.runs;
  d = rollup::latest_deltas(rollup::fold(resubmitted), resubmitted);
  ASSERT_EQ(d.size(), 1u);
  const rollup::LatestDelta& again = d.at(group("c1"));
  EXPECT_FALSE(again.recompute);
  EXPECT_EQ(ids(again.removed), (std::set<std::string>{"t1", "t2"}));  // (the row rewritten whole)
  ASSERT_EQ(again.added.size(), 2u);
  std::optional<std::string> set = rollup::apply_latest(
      rollup::pack_latest({test("rpi", "boot", rollup::kPass, 8, "t2"), test("rpi", "ltp", rollup::kFail, 7, "t1")}),
      again);
  ASSERT_TRUE(set);
  EXPECT_EQ(rollup::unpack_latest(*set)[1], test("rpi", "ltp", rollup::kPass, 7, "t1"));
}

// The one order of tests that the latest sets and test_history share: the
// later start first, a NULL start oldest, equal starts by id, bytewise.
TEST(RollupLatest, LaterTestOrdersByStartThenId) {
  const std::optional<std::int64_t> none;
  EXPECT_TRUE(rollup::later_test(2, "a", 1, "z"));
  EXPECT_FALSE(rollup::later_test(1, "z", 2, "a"));
  EXPECT_TRUE(rollup::later_test(1, "a", none, "z"));
  EXPECT_FALSE(rollup::later_test(none, "z", 1, "a"));
  EXPECT_TRUE(rollup::later_test(5, "b", 5, "a"));
  EXPECT_FALSE(rollup::later_test(5, "a", 5, "b"));
  EXPECT_FALSE(rollup::later_test(5, "a", 5, "a"));
  EXPECT_TRUE(rollup::later_test(none, "b", none, "a"));
  EXPECT_TRUE(rollup::later_test(5, "\xc3\xa9", 5, "z"));  // (bytewise: 0xc3 after 'z')
}
