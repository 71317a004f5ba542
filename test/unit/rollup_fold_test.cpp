// core::rollup::fold: what a flush writes to the counters and test runs.
#include "core/rollup_fold.h"

#include <gtest/gtest.h>

#include "rollup_states.h"

namespace rollup = ciprov::core::rollup;

namespace {

constexpr std::int64_t kDay = rollup::kMicrosPerDay;

rollup::TestState test(const char* build, const char* path, rollup::Text platform, rollup::Status status,
                       std::optional<std::int64_t> start = 10 * kDay + 5) {
  return ciprov::test::test_state(build, path, std::move(platform), status, start);
}

rollup::BuildAttrs attrs(const char* checkout, rollup::Status status) {
  return ciprov::test::build_attrs(checkout, status);
}

rollup::CheckoutAttrs mainline() {
  return rollup::CheckoutAttrs{std::string("mainline"), std::string("master"), std::string("abc")};
}

std::int64_t cell(const rollup::Delta& d, const char* checkout, char rollup, rollup::Text value, int kind,
                  int status) {
  auto it = d.find(rollup::Key{checkout, rollup, std::move(value)});
  return it == d.end() ? 0 : it->second[static_cast<std::size_t>(kind * 7 + status)];
}

// The stored runs of a build's tests, as a flush before this one left them.
rollup::Runs runs_of(const std::vector<std::pair<std::string, rollup::TestState>>& tests) {
  rollup::Runs runs;
  for (const auto& [id, t] : tests) runs[rollup::run_key(t)].push_back(rollup::run_test(id, t));
  for (auto& [key, row] : runs) std::sort(row.begin(), row.end(), rollup::run_test_less);
  return runs;
}

}  // namespace

TEST(RollupFold, StatusNamesAndGroups) {
  EXPECT_EQ(rollup::status_of(std::string("FAIL")), rollup::kFail);
  EXPECT_EQ(rollup::status_of(std::string("SKIP")), rollup::kSkip);
  EXPECT_EQ(rollup::status_of(std::nullopt), rollup::kNull);
  EXPECT_EQ(rollup::status_of(std::string("pass")), rollup::kNull);
  EXPECT_EQ(rollup::path_group(std::string("boot.kernel")), std::string("boot"));
  EXPECT_EQ(rollup::path_group(std::string("")), std::nullopt);  // the root
  EXPECT_EQ(rollup::path_group(std::nullopt), std::nullopt);
}

TEST(RollupFold, NewBuildWithTests) {
  rollup::TestState boot = test("b1", "boot", std::string("qemu"), rollup::kPass);
  boot.compatible = std::vector<rollup::Text>{std::string("qemu,virt"), std::nullopt};
  rollup::FoldInput in;
  in.notes = {{"t1", std::nullopt, boot}, {"t2", std::nullopt, test("b1", "ltp.a", std::nullopt, rollup::kFail)}};
  in.builds = {{"b1", {std::nullopt, attrs("c1", rollup::kPass)}}};
  in.checkouts = {{"c1", mainline()}};
  EXPECT_EQ(rollup::touched_builds(in.notes, {"b1"}), std::set<std::string>{"b1"});
  rollup::Fold f = rollup::fold(in);
  const rollup::Delta& d = f.counters;
  EXPECT_EQ(cell(d, "c1", 'L', std::nullopt, rollup::kBuild, rollup::kPass), 1);
  EXPECT_EQ(cell(d, "c1", 'L', std::nullopt, rollup::kBoot, rollup::kPass), 1);
  EXPECT_EQ(cell(d, "c1", 'L', std::nullopt, rollup::kTest, rollup::kFail), 1);
  EXPECT_EQ(cell(d, "c1", 'p', std::string("qemu"), rollup::kBuild, rollup::kPass), 1);  // a build with a test on qemu
  EXPECT_EQ(cell(d, "c1", 'p', std::nullopt, rollup::kTest, rollup::kFail), 1);         // no platform
  EXPECT_EQ(cell(d, "c1", 'p', std::nullopt, rollup::kBuild, rollup::kPass), 0);        // builds: platforms only
  EXPECT_EQ(cell(d, "c1", 'C', std::string("qemu\x1fqemu,virt"), rollup::kBoot, rollup::kPass), 1);
  EXPECT_EQ(cell(d, "c1", 'C', std::nullopt, rollup::kBoot, rollup::kPass), 1);         // a NULL compatible string
  EXPECT_EQ(cell(d, "c1", 'g', std::string("ltp"), rollup::kTest, rollup::kFail), 1);
  EXPECT_EQ(cell(d, "c1", 'm', std::string("gcc-12"), rollup::kBuild, rollup::kPass), 1);

  // Two new runs rows, (b1, NULL, day 10) and (b1, qemu, day 10), carrying
  // the build's and checkout's attributes; the series only with a platform.
  ASSERT_EQ(f.write.size(), 2u);
  EXPECT_TRUE(f.drop.empty());
  const rollup::RunRow& none = f.write[0];
  const rollup::RunRow& qemu = f.write[1];
  EXPECT_EQ(none.key, (rollup::RunKey{"b1", std::nullopt, 10}));
  EXPECT_EQ(qemu.key, (rollup::RunKey{"b1", std::string("qemu"), 10}));
  EXPECT_EQ(qemu.checkout_id, std::string("c1"));
  EXPECT_EQ(qemu.config_name, std::string("defconfig"));
  EXPECT_EQ(qemu.commit, std::string("abc"));
  EXPECT_EQ(qemu.series, rollup::series_key(std::string("mainline"), std::string("master"),
                                            std::string("defconfig"), std::string("qemu")));
  EXPECT_EQ(none.series, std::nullopt);
  std::vector<rollup::RunTest> qemu_tests = rollup::unpack_tests(qemu.tests);
  ASSERT_EQ(qemu_tests.size(), 1u);
  EXPECT_EQ(qemu_tests[0].id, "t1");
  EXPECT_EQ(qemu_tests[0].compatible, boot.compatible);
}

TEST(RollupFold, ResubmissionMovesOneCount) {
  // NULL -> PASS in a known build: only the test's cells move, the build's
  // platform count stays, and its one runs row is rewritten.
  rollup::TestState was = test("b1", "boot", std::string("qemu"), rollup::kNull);
  rollup::TestState is = test("b1", "boot", std::string("qemu"), rollup::kPass);
  rollup::FoldInput in;
  in.notes = {{"t1", was, is}};
  in.builds = {{"b1", {attrs("c1", rollup::kPass), attrs("c1", rollup::kPass)}}};
  in.checkouts = {{"c1", mainline()}};
  in.runs = runs_of({{"t1", was}, {"t2", test("b1", "boot", std::string("rpi"), rollup::kPass)}});
  rollup::Fold f = rollup::fold(in);
  EXPECT_EQ(cell(f.counters, "c1", 'L', std::nullopt, rollup::kBoot, rollup::kNull), -1);
  EXPECT_EQ(cell(f.counters, "c1", 'L', std::nullopt, rollup::kBoot, rollup::kPass), 1);
  EXPECT_EQ(cell(f.counters, "c1", 'L', std::nullopt, rollup::kBuild, rollup::kPass), 0);
  EXPECT_EQ(f.counters.size(), 6u);  // L p g a f m; no C (no compatible strings)
  ASSERT_EQ(f.write.size(), 1u);
  EXPECT_EQ(f.write[0].key.platform, std::string("qemu"));
  EXPECT_EQ(rollup::unpack_tests(f.write[0].tests)[0].status, rollup::kPass);
}

TEST(RollupFold, UnchangedResubmissionWritesNothing) {
  rollup::TestState t = test("b1", "ltp", std::string("qemu"), rollup::kFail);
  rollup::FoldInput in;
  in.notes = {{"t1", t, t}};
  in.builds = {{"b1", {attrs("c1", rollup::kPass), attrs("c1", rollup::kPass)}}};
  in.runs = runs_of({{"t1", t}});
  EXPECT_TRUE(rollup::fold(in).counters.empty());
}

TEST(RollupFold, TestsBeforeTheirBuild) {
  // The test alone counts nowhere (its runs row waits without attributes);
  // when the build arrives it counts the tests waiting in its runs.
  rollup::TestState t = test("b1", "boot", std::nullopt, rollup::kPass);
  rollup::FoldInput alone;
  alone.notes = {{"t1", std::nullopt, t}};
  alone.builds = {{"b1", {std::nullopt, std::nullopt}}};
  rollup::Fold f = rollup::fold(alone);
  EXPECT_TRUE(f.counters.empty());
  ASSERT_EQ(f.write.size(), 1u);
  EXPECT_EQ(f.write[0].checkout_id, std::nullopt);
  EXPECT_EQ(f.write[0].series, std::nullopt);

  rollup::FoldInput arrived;
  arrived.builds = {{"b1", {std::nullopt, attrs("c1", rollup::kFail)}}};
  arrived.runs = runs_of({{"t1", t}});
  f = rollup::fold(arrived);
  EXPECT_EQ(cell(f.counters, "c1", 'L', std::nullopt, rollup::kBoot, rollup::kPass), 1);
  EXPECT_EQ(cell(f.counters, "c1", 'L', std::nullopt, rollup::kBuild, rollup::kFail), 1);
  ASSERT_EQ(f.write.size(), 1u);  // the waiting row now carries the build's attributes
  EXPECT_EQ(f.write[0].checkout_id, std::string("c1"));
  EXPECT_EQ(f.write[0].tree_name, std::nullopt);  // (its checkout is not known yet)
}

TEST(RollupFold, BuildChangeMovesItsOwnCounts) {
  rollup::FoldInput in;
  in.builds = {{"b1", {attrs("c1", rollup::kNull), attrs("c1", rollup::kPass)}}};
  in.runs = runs_of({{"t1", test("b1", "ltp", std::string("qemu"), rollup::kPass)}});
  rollup::Fold f = rollup::fold(in);
  EXPECT_EQ(cell(f.counters, "c1", 'L', std::nullopt, rollup::kBuild, rollup::kNull), -1);
  EXPECT_EQ(cell(f.counters, "c1", 'L', std::nullopt, rollup::kBuild, rollup::kPass), 1);
  EXPECT_EQ(cell(f.counters, "c1", 'p', std::string("qemu"), rollup::kBuild, rollup::kNull), -1);
  EXPECT_EQ(cell(f.counters, "c1", 'p', std::string("qemu"), rollup::kBuild, rollup::kPass), 1);
  EXPECT_EQ(cell(f.counters, "c1", 'L', std::nullopt, rollup::kTest, rollup::kPass), 0);  // the test moved nowhere
  EXPECT_TRUE(f.write.empty());  // (a status is not in the runs rows)
}

TEST(RollupFold, BuildMovedToAnotherCheckoutRewritesItsRuns) {
  rollup::FoldInput in;
  in.builds = {{"b1", {attrs("c1", rollup::kPass), attrs("c2", rollup::kPass)}}};
  in.checkouts = {{"c1", mainline()}, {"c2", std::nullopt}};
  in.runs = runs_of({{"t1", test("b1", "ltp", std::string("qemu"), rollup::kPass)}});
  rollup::Fold f = rollup::fold(in);
  EXPECT_EQ(cell(f.counters, "c1", 'L', std::nullopt, rollup::kTest, rollup::kPass), -1);
  EXPECT_EQ(cell(f.counters, "c2", 'L', std::nullopt, rollup::kTest, rollup::kPass), 1);
  ASSERT_EQ(f.write.size(), 1u);
  EXPECT_EQ(f.write[0].checkout_id, std::string("c2"));
  EXPECT_EQ(f.write[0].series, std::nullopt);  // c2 is not known
}

TEST(RollupFold, PlatformCountsFollowThePlatformSet) {
  // A second test on qemu adds no build count; the last test leaving rpi
  // (by a platform change) takes the build's rpi count and its row.
  rollup::TestState q1 = test("b1", "boot", std::string("qemu"), rollup::kPass);
  rollup::TestState r1 = test("b1", "ltp", std::string("rpi"), rollup::kPass);
  rollup::TestState r1_moved = test("b1", "ltp", std::string("qemu"), rollup::kPass);
  rollup::FoldInput in;
  in.notes = {{"t2", std::nullopt, test("b1", "kunit", std::string("qemu"), rollup::kFail)}, {"t3", r1, r1_moved}};
  in.builds = {{"b1", {attrs("c1", rollup::kPass), attrs("c1", rollup::kPass)}}};
  in.runs = runs_of({{"t1", q1}, {"t3", r1}});
  rollup::Fold f = rollup::fold(in);
  EXPECT_EQ(cell(f.counters, "c1", 'p', std::string("qemu"), rollup::kBuild, rollup::kPass), 0);
  EXPECT_EQ(cell(f.counters, "c1", 'p', std::string("rpi"), rollup::kBuild, rollup::kPass), -1);
  EXPECT_EQ(cell(f.counters, "c1", 'p', std::string("qemu"), rollup::kTest, rollup::kPass), 1);
  EXPECT_EQ(cell(f.counters, "c1", 'p', std::string("rpi"), rollup::kTest, rollup::kPass), -1);
  ASSERT_EQ(f.drop.size(), 1u);
  EXPECT_EQ(f.drop[0].platform, std::string("rpi"));
  ASSERT_EQ(f.write.size(), 1u);
  std::vector<rollup::RunTest> tests = rollup::unpack_tests(f.write[0].tests);
  ASSERT_EQ(tests.size(), 3u);  // (path order: boot, kunit, ltp)
  EXPECT_EQ(tests[0].id, "t1");
  EXPECT_EQ(tests[1].id, "t2");
  EXPECT_EQ(tests[2].id, "t3");
}

TEST(RollupFold, DeletedTestLeavesItsRowAndCounts) {
  rollup::TestState t = test("b1", "boot", std::string("qemu"), rollup::kFail);
  rollup::FoldInput in;
  in.notes = {{"t1", t, std::nullopt}};
  in.builds = {{"b1", {attrs("c1", rollup::kPass), attrs("c1", rollup::kPass)}}};
  in.runs = runs_of({{"t1", t}});
  rollup::Fold f = rollup::fold(in);
  EXPECT_EQ(cell(f.counters, "c1", 'L', std::nullopt, rollup::kBoot, rollup::kFail), -1);
  EXPECT_EQ(cell(f.counters, "c1", 'p', std::string("qemu"), rollup::kBuild, rollup::kPass), -1);
  EXPECT_TRUE(f.write.empty());
  ASSERT_EQ(f.drop.size(), 1u);
}

TEST(RollupFold, StartTimeMovesATestBetweenDays) {
  rollup::TestState was = test("b1", "boot", std::string("qemu"), rollup::kPass, 3 * kDay);
  rollup::TestState is = test("b1", "boot", std::string("qemu"), rollup::kPass, 4 * kDay);
  rollup::FoldInput in;
  in.notes = {{"t1", was, is}};
  in.builds = {{"b1", {attrs("c1", rollup::kPass), attrs("c1", rollup::kPass)}}};
  in.runs = runs_of({{"t1", was}});
  rollup::Fold f = rollup::fold(in);
  EXPECT_TRUE(f.counters.empty());  // same counts, same platform set
  ASSERT_EQ(f.drop.size(), 1u);
  EXPECT_EQ(f.drop[0].day, 3);
  ASSERT_EQ(f.write.size(), 1u);
  EXPECT_EQ(f.write[0].key.day, 4);
}
