// core::rollup readers' arithmetic: sums per (rollup, value), kind totals,
// worst status, cell names.
#include "core/rollup_read.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace rollup = ciprov::core::rollup;

namespace {

rollup::Cells row(std::initializer_list<std::pair<int, std::int64_t>> cells) {
  rollup::Cells r{};
  for (auto [cell, n] : cells) r[static_cast<std::size_t>(cell)] = n;
  return r;
}

constexpr int cell(rollup::Kind k, rollup::Status s) { return k * 7 + s; }

}  // namespace

TEST(RollupRead, CellColumnsFollowTheTableLayout) {
  EXPECT_EQ(rollup::cell_column(0), "build_fail");
  EXPECT_EQ(rollup::cell_column(6), "build_null");
  EXPECT_EQ(rollup::cell_column(7), "boot_fail");
  EXPECT_EQ(rollup::cell_column(cell(rollup::kTest, rollup::kSkip)), "test_skip");
  EXPECT_EQ(rollup::cell_column(20), "test_null");
  EXPECT_STREQ(rollup::status_key(rollup::kNull), "NULL");
  EXPECT_STREQ(rollup::status_key(rollup::kMiss), "MISS");
  EXPECT_STREQ(rollup::kind_name(rollup::kBoot), "boot");
}

TEST(RollupRead, KindNames) {
  EXPECT_EQ(rollup::kind_of("build"), rollup::kBuild);
  EXPECT_EQ(rollup::kind_of("boot"), rollup::kBoot);
  EXPECT_EQ(rollup::kind_of("test"), rollup::kTest);
  try {
    rollup::kind_of("Tests");
    FAIL() << "no error";
  } catch (const ciprov::core::Error& e) {
    EXPECT_EQ(e.sqlstate(), "22023");
    EXPECT_STREQ(e.what(), "unknown rollup kind \"Tests\"");
    EXPECT_EQ(e.hint(), "A kind is build, boot or test.");
  }
}

TEST(RollupRead, TotalsAndWorst) {
  rollup::Cells c{};
  EXPECT_EQ(rollup::total(c), 0);
  EXPECT_FALSE(rollup::worst(c, rollup::kTest));
  c[cell(rollup::kTest, rollup::kPass)] = 5;
  c[cell(rollup::kTest, rollup::kSkip)] = 1;
  c[cell(rollup::kTest, rollup::kNull)] = 2;
  c[cell(rollup::kBoot, rollup::kNull)] = 3;  // only unfinished boots: no worst
  c[cell(rollup::kBuild, rollup::kError)] = 1;
  EXPECT_EQ(rollup::kind_total(c, rollup::kTest), 8);
  EXPECT_EQ(rollup::kind_total(c, rollup::kBoot), 3);
  EXPECT_EQ(rollup::kind_total(c, rollup::kBuild), 1);
  EXPECT_EQ(rollup::total(c), 12);
  EXPECT_EQ(rollup::worst(c, rollup::kTest), rollup::kPass);
  EXPECT_FALSE(rollup::worst(c, rollup::kBoot));
  EXPECT_EQ(rollup::worst(c, rollup::kBuild), rollup::kError);
  c[cell(rollup::kTest, rollup::kMiss)] = 1;
  EXPECT_EQ(rollup::worst(c, rollup::kTest), rollup::kMiss);
}

TEST(RollupRead, ToInt4) {
  EXPECT_EQ(rollup::to_int4(2147483647), 2147483647);
  try {
    rollup::to_int4(2147483648LL);
    FAIL() << "no error";
  } catch (const ciprov::core::Error& e) {
    EXPECT_EQ(e.sqlstate(), "22003");
    EXPECT_STREQ(e.what(), "rollup count 2147483648 is out of range for type integer");
  }
}

TEST(RollupRead, SumsPerRollupAndValue) {
  rollup::Sums s;
  auto a = row({{cell(rollup::kTest, rollup::kPass), 2}, {cell(rollup::kBuild, rollup::kPass), 1}});
  auto b = row({{cell(rollup::kTest, rollup::kFail), 1}, {cell(rollup::kTest, rollup::kPass), 3}});
  s.add('p', std::string_view("board-1"), a);
  s.add('p', std::string_view("board-1"), b);
  s.add('p', std::nullopt, a);
  s.add('C', std::string_view("board-1\x1fvendor,board-1"), b);
  s.add('p', std::string_view("Board-2"), a);
  s.add('p', std::string_view(""), b);  // empty is not NULL
  s.add('L', std::nullopt, a, 3);          // a row given three times counts three times
  ASSERT_EQ(s.size(), 6u);
  auto g = s.sorted("pCL");
  ASSERT_EQ(g.size(), 6u);
  EXPECT_EQ(g[5]->rollup, 'L');
  EXPECT_EQ(g[5]->cells[cell(rollup::kTest, rollup::kPass)], 6);
  // p first (NULL, then bytes: "" < "Board-2" < "board-1"), then C
  EXPECT_EQ(g[0]->rollup, 'p');
  EXPECT_FALSE(g[0]->value);
  EXPECT_EQ(*g[1]->value, "");
  EXPECT_EQ(*g[2]->value, "Board-2");
  EXPECT_EQ(*g[3]->value, "board-1");
  EXPECT_EQ(g[3]->cells[cell(rollup::kTest, rollup::kPass)], 5);
  EXPECT_EQ(g[3]->cells[cell(rollup::kTest, rollup::kFail)], 1);
  EXPECT_EQ(g[3]->cells[cell(rollup::kBuild, rollup::kPass)], 1);
  EXPECT_EQ(rollup::total(g[3]->cells), 7);
  EXPECT_EQ(g[4]->rollup, 'C');
  EXPECT_EQ(*g[4]->value, "board-1\x1fvendor,board-1");
  // the order given decides between rollups; others last by code
  auto h = s.sorted("C");
  EXPECT_EQ(h[0]->rollup, 'C');
  EXPECT_EQ(h[1]->rollup, 'L');  // (76 < 112)
  EXPECT_EQ(h[2]->rollup, 'p');
  EXPECT_FALSE(h[2]->value);  // NULL first ...
  auto last = s.sorted("p", true);
  EXPECT_EQ(*last[0]->value, "");  // ... or last
  EXPECT_FALSE(last[3]->value);
}

TEST(RollupRead, SumsKeepHighBytesAfterAscii) {
  rollup::Sums s;
  auto a = row({{0, 1}});
  s.add('g', std::string_view("\xc3\xa9t\xc3\xa9"), a);
  s.add('g', std::string_view("zz"), a);
  auto g = s.sorted("g");
  EXPECT_EQ(*g[0]->value, "zz");  // COLLATE "C": bytes as unsigned
}

// Rows as packed sets give them: each set ascending (NULL first), a later
// set sharing some values and adding others in between and after.
TEST(RollupRead, SumsMergeAscendingSets) {
  rollup::Sums s;
  auto one = row({{0, 1}});
  for (const char* v : {"b", "d", "f"}) s.add('p', std::string_view(v), one);
  s.add('p', std::nullopt, one);  // (out of order: NULL after values)
  for (const char* v : {"a", "b", "c", "f", "g"}) s.add('p', std::string_view(v), one, 2);
  auto g = s.sorted("p");
  ASSERT_EQ(g.size(), 7u);
  const char* values[] = {"a", "b", "c", "d", "f", "g"};
  const std::int64_t counts[] = {2, 3, 2, 1, 3, 2};
  EXPECT_FALSE(g[0]->value);
  EXPECT_EQ(g[0]->cells[0], 1);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(*g[i + 1]->value, values[i]);
    EXPECT_EQ(g[i + 1]->cells[0], counts[i]) << values[i];
  }
}
