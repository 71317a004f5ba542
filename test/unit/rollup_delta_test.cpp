// core::rollup::delta: what a flush adds to the counters.
#include "core/rollup_delta.h"

#include <gtest/gtest.h>

namespace rollup = ciprov::core::rollup;

namespace {

rollup::TestState test(const char* build, const char* group, rollup::Text platform, rollup::Status status) {
  rollup::TestState t;
  t.build_id = build;
  t.path_group = group;
  t.platform = std::move(platform);
  t.status = status;
  return t;
}

rollup::BuildAttrs attrs(const char* checkout, rollup::Status status) {
  rollup::BuildAttrs b;
  b.checkout_id = checkout;
  b.architecture = "x86_64";
  b.config_name = "defconfig";
  b.compiler = "gcc-12";
  b.status = status;
  return b;
}

std::int64_t cell(const rollup::Delta& d, const char* checkout, char rollup, rollup::Text value, int kind,
                  int status) {
  auto it = d.find(rollup::Key{checkout, rollup, std::move(value)});
  return it == d.end() ? 0 : it->second[static_cast<std::size_t>(kind * 7 + status)];
}

}  // namespace

TEST(RollupDelta, StatusNames) {
  EXPECT_EQ(rollup::status_of(std::string("FAIL")), rollup::kFail);
  EXPECT_EQ(rollup::status_of(std::string("SKIP")), rollup::kSkip);
  EXPECT_EQ(rollup::status_of(std::nullopt), rollup::kNull);
  EXPECT_EQ(rollup::status_of(std::string("pass")), rollup::kNull);
}

TEST(RollupDelta, NewBuildWithTests) {
  rollup::TestState boot = test("b1", "boot", std::string("qemu"), rollup::kPass);
  boot.compatible = std::vector<rollup::Text>{std::string("qemu,virt"), std::nullopt};
  std::vector<rollup::Note> notes = {{"t1", std::nullopt, boot},
                                     {"t2", std::nullopt, test("b1", "ltp", std::nullopt, rollup::kFail)}};
  std::map<std::string, rollup::Build> builds = {{"b1", {std::nullopt, attrs("c1", rollup::kPass)}}};
  auto touched = rollup::touched_builds(notes, {"b1"});
  EXPECT_EQ(touched, std::set<std::string>{"b1"});
  auto whole = rollup::whole_builds(notes, builds);
  EXPECT_EQ(whole, std::set<std::string>{"b1"});
  rollup::Delta d = rollup::delta(notes, builds, whole, {});
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
}

TEST(RollupDelta, ResubmissionMovesOneCount) {
  // NULL -> PASS in a known build: only the test's cells move, the build's cancel.
  std::vector<rollup::Note> notes = {{"t1", test("b1", "boot", std::string("qemu"), rollup::kNull),
                                      test("b1", "boot", std::string("qemu"), rollup::kPass)}};
  std::map<std::string, rollup::Build> builds = {{"b1", {attrs("c1", rollup::kPass), attrs("c1", rollup::kPass)}}};
  auto whole = rollup::whole_builds(notes, builds);
  EXPECT_TRUE(whole.empty());
  rollup::Delta d = rollup::delta(notes, builds, whole, {});
  EXPECT_EQ(cell(d, "c1", 'L', std::nullopt, rollup::kBoot, rollup::kNull), -1);
  EXPECT_EQ(cell(d, "c1", 'L', std::nullopt, rollup::kBoot, rollup::kPass), 1);
  EXPECT_EQ(cell(d, "c1", 'L', std::nullopt, rollup::kBuild, rollup::kPass), 0);
  EXPECT_EQ(d.size(), 6u);  // L p g a f m; no C (no compatible strings)
}

TEST(RollupDelta, UnchangedResubmissionIsEmpty) {
  rollup::TestState t = test("b1", "ltp", std::string("qemu"), rollup::kFail);
  std::vector<rollup::Note> notes = {{"t1", t, t}};
  std::map<std::string, rollup::Build> builds = {{"b1", {attrs("c1", rollup::kPass), attrs("c1", rollup::kPass)}}};
  EXPECT_TRUE(rollup::delta(notes, builds, rollup::whole_builds(notes, builds), {}).empty());
}

TEST(RollupDelta, TestsBeforeTheirBuild) {
  // The test alone counts nowhere; when the build arrives it counts the
  // build's tests that were waiting (the others of a whole build).
  std::vector<rollup::Note> notes = {{"t1", std::nullopt, test("b1", "boot", std::nullopt, rollup::kPass)}};
  std::map<std::string, rollup::Build> unknown = {{"b1", {std::nullopt, std::nullopt}}};
  EXPECT_TRUE(rollup::delta(notes, unknown, rollup::whole_builds(notes, unknown), {}).empty());

  std::map<std::string, rollup::Build> arrived = {{"b1", {std::nullopt, attrs("c1", rollup::kFail)}}};
  auto whole = rollup::whole_builds({}, arrived);
  EXPECT_EQ(whole, std::set<std::string>{"b1"});
  rollup::Delta d = rollup::delta({}, arrived, whole, {test("b1", "boot", std::nullopt, rollup::kPass)});
  EXPECT_EQ(cell(d, "c1", 'L', std::nullopt, rollup::kBoot, rollup::kPass), 1);
  EXPECT_EQ(cell(d, "c1", 'L', std::nullopt, rollup::kBuild, rollup::kFail), 1);
}

TEST(RollupDelta, BuildChangeMovesItsTests) {
  std::map<std::string, rollup::Build> builds = {{"b1", {attrs("c1", rollup::kNull), attrs("c1", rollup::kPass)}}};
  rollup::Delta d = rollup::delta({}, builds, rollup::whole_builds({}, builds),
                                  {test("b1", "ltp", std::string("qemu"), rollup::kPass)});
  EXPECT_EQ(cell(d, "c1", 'L', std::nullopt, rollup::kBuild, rollup::kNull), -1);
  EXPECT_EQ(cell(d, "c1", 'L', std::nullopt, rollup::kBuild, rollup::kPass), 1);
  EXPECT_EQ(cell(d, "c1", 'p', std::string("qemu"), rollup::kBuild, rollup::kNull), -1);
  EXPECT_EQ(cell(d, "c1", 'p', std::string("qemu"), rollup::kBuild, rollup::kPass), 1);
  EXPECT_EQ(cell(d, "c1", 'L', std::nullopt, rollup::kTest, rollup::kPass), 0);  // the test moved nowhere
}
