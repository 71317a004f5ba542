// Packed counter sets and test runs (core/rollup_packed.h, core/rollup_runs.h)
// and the byte codec under them (core/bytes.h).
#include <gtest/gtest.h>

#include "core/bytes.h"
#include "core/error.h"
#include "core/rollup_packed.h"
#include "core/rollup_runs.h"

namespace rollup = ciprov::core::rollup;
namespace bytes = ciprov::core::bytes;

namespace {

rollup::Cells cells(std::initializer_list<std::pair<int, std::int64_t>> set) {
  rollup::Cells c{};
  for (auto [i, n] : set) c[static_cast<std::size_t>(i)] = n;
  return c;
}

void expect_corrupt(const std::string& packed, const char* message) {
  try {
    rollup::unpack_counts(packed);
    FAIL() << "no error for " << message;
  } catch (const ciprov::core::Error& e) {
    EXPECT_EQ(e.sqlstate(), "22P03");
    EXPECT_EQ(std::string(e.what()), std::string("corrupt rollup counter set: ") + message);
  }
}

}  // namespace

TEST(Bytes, VarintsAndTexts) {
  bytes::Writer w;
  w.varint(0);
  w.varint(300);
  w.varint(UINT64_MAX);
  w.signed_varint(-1);
  w.signed_varint(INT64_MIN);
  w.signed_varint(INT64_MAX);
  w.optional_text(std::nullopt);
  w.optional_text(std::string(""));
  w.text("abc");
  std::string s = w.take();
  bytes::Reader r(s, "test value");
  EXPECT_EQ(r.varint(), 0u);
  EXPECT_EQ(r.varint(), 300u);
  EXPECT_EQ(r.varint(), UINT64_MAX);
  EXPECT_EQ(r.signed_varint(), -1);
  EXPECT_EQ(r.signed_varint(), INT64_MIN);
  EXPECT_EQ(r.signed_varint(), INT64_MAX);
  EXPECT_EQ(r.optional_text(), std::nullopt);
  EXPECT_EQ(r.optional_text(), std::string_view(""));
  EXPECT_EQ(r.text(), "abc");
  EXPECT_TRUE(r.done());
  EXPECT_THROW(r.byte(), ciprov::core::Error);
  const std::string long_bytes("\x05" "ab");
  bytes::Reader long_text(long_bytes, "test value");
  EXPECT_THROW(long_text.text(), ciprov::core::Error);
  // One encoding per number: 0 as two bytes, or bits past 64, are errors.
  const std::string overlong_bytes("\x80\x00", 2);
  bytes::Reader overlong(overlong_bytes, "test value");
  EXPECT_THROW(overlong.varint(), ciprov::core::Error);
  const std::string too_big_bytes("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02");
  bytes::Reader too_big(too_big_bytes, "test value");
  EXPECT_THROW(too_big.varint(), ciprov::core::Error);
}

TEST(Bytes, PoolKeepsEveryStringAcrossGrowth) {
  bytes::Pool pool;
  std::vector<bytes::Pool::Slice> slices;
  std::vector<std::string> strings;
  for (int i = 0; i < 1000; ++i) {  // (enough to reallocate the buffer many times)
    strings.push_back(std::string(static_cast<std::size_t>(i % 37), static_cast<char>('a' + i % 26)) + std::to_string(i));
    slices.push_back(pool.put(strings.back()));
  }
  for (std::size_t i = 0; i < strings.size(); ++i) EXPECT_EQ(pool.get(slices[i]), strings[i]) << i;
  EXPECT_EQ(pool.get(pool.put(std::string_view())), "");
  const std::optional<bytes::Pool::Slice> none = pool.put_optional(std::optional<std::string_view>());
  EXPECT_FALSE(none.has_value());
  EXPECT_FALSE(pool.get_optional(none).has_value());
  EXPECT_EQ(pool.get_optional(pool.put_optional(std::optional<std::string_view>("x"))), std::optional<std::string_view>("x"));
}

TEST(RollupPacked, RoundTripInValueOrder) {
  std::vector<rollup::CountRow> rows = {
      {std::nullopt, cells({{0, 1}, {20, 7}})},
      {std::string("arm64"), cells({{3, 1000000}})},
      {std::string("x86_64"), cells({{14, -2}})},
      {std::string("zero"), cells({})},  // left out
  };
  std::string packed = rollup::pack_counts(rows);
  EXPECT_EQ(static_cast<unsigned char>(packed[0]), rollup::kPackedFormat);
  std::vector<rollup::CountRow> back = rollup::unpack_counts(packed);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0].value, std::nullopt);
  EXPECT_EQ(back[0].cells, rows[0].cells);
  EXPECT_EQ(back[1].value, std::string("arm64"));
  EXPECT_EQ(back[1].cells[3], 1000000);
  EXPECT_EQ(back[2].cells[14], -2);
  // Bytes sort unsigned: "\xc3..." after "z".
  EXPECT_NO_THROW(rollup::pack_counts({{std::string("z"), cells({{0, 1}})}, {std::string("\xc3\xa9"), cells({{0, 1}})}}));
  EXPECT_THROW(rollup::pack_counts({{std::string("b"), cells({{0, 1}})}, {std::string("a"), cells({{0, 1}})}}),
               ciprov::core::Error);
  EXPECT_THROW(rollup::pack_counts({{std::string("a"), cells({{0, 1}})}, {std::string("a"), cells({{0, 1}})}}),
               ciprov::core::Error);
}

TEST(RollupPacked, AddMergesAndCancels) {
  std::string a = rollup::pack_counts({{std::nullopt, cells({{0, 1}})}, {std::string("p1"), cells({{3, 2}})},
                                       {std::string("p3"), cells({{5, 1}})}});
  std::string b = rollup::pack_counts({{std::string("p1"), cells({{3, -2}})}, {std::string("p2"), cells({{4, 1}})},
                                       {std::string("p3"), cells({{5, 1}, {6, 1}})}});
  std::vector<rollup::CountRow> sum = rollup::unpack_counts(rollup::add_counts(a, b));
  ASSERT_EQ(sum.size(), 3u);  // p1 cancelled out
  EXPECT_EQ(sum[0].value, std::nullopt);
  EXPECT_EQ(sum[1].value, std::string("p2"));
  EXPECT_EQ(sum[2].value, std::string("p3"));
  EXPECT_EQ(sum[2].cells[5], 2);
  EXPECT_EQ(sum[2].cells[6], 1);
  std::string empty = rollup::pack_counts({});
  EXPECT_EQ(rollup::add_counts(empty, a), a);
  EXPECT_EQ(rollup::unpack_counts(rollup::add_counts(a, rollup::add_counts(empty, b))).size(), 3u);
}

TEST(RollupPacked, CorruptValues) {
  std::string good = rollup::pack_counts({{std::string("a"), cells({{0, 1}})}});
  expect_corrupt("", "truncated");
  expect_corrupt(std::string("\x02\x00", 2), "unknown format version");
  expect_corrupt(good.substr(0, good.size() - 1), "truncated");
  expect_corrupt(good + "x", "bytes after the last row");
  expect_corrupt(std::string("\x01\x01\x00\x00", 4), "bad cell bitmap");
  std::string twice = std::string("\x01\x02", 2) + good.substr(2) + good.substr(2);
  expect_corrupt(twice, "rows out of order");
  expect_corrupt(std::string("\x01\x01\x00\x01\x00", 5), "zero cell marked non-zero");
  expect_corrupt(std::string("\x01\x01\x00\x80\x00", 5), "overlong varint");
  expect_corrupt(std::string("\x01\xff\xff\xff\xff\x02\x00\x01\x02", 9), "row count beyond the end");
}

TEST(RollupRuns, DaysFloorTowardsThePast) {
  EXPECT_EQ(rollup::day_of(std::nullopt), std::nullopt);
  EXPECT_EQ(rollup::day_of(0), 0);
  EXPECT_EQ(rollup::day_of(rollup::kMicrosPerDay - 1), 0);
  EXPECT_EQ(rollup::day_of(rollup::kMicrosPerDay), 1);
  EXPECT_EQ(rollup::day_of(-1), -1);  // 1999-12-31
  EXPECT_EQ(rollup::day_of(INT64_MAX), 106751991);  // 'infinity'
  EXPECT_EQ(rollup::day_of(INT64_MIN), -106751992);
}

TEST(RollupRuns, TestsRoundTripInPathOrder) {
  std::vector<rollup::RunTest> tests = {
      {"t3", std::string("ltp.b"), rollup::kFail, 5, std::nullopt},
      {"t2", std::string("boot"), rollup::kPass, std::nullopt,
       std::vector<rollup::Text>{std::string("vendor,board"), std::nullopt}},
      {"t1", std::string("boot"), rollup::kNull, -7, std::vector<rollup::Text>{}},
      {"t4", std::nullopt, rollup::kSkip, 1, std::nullopt},
      {"t5", std::string("boot.x"), rollup::kPass, 2, std::nullopt},
      {"t6", std::string("boot-x"), rollup::kPass, 2, std::nullopt},  // '-' after every child of boot
  };
  std::vector<rollup::RunTest> back = rollup::unpack_tests(rollup::pack_tests(tests));
  ASSERT_EQ(back.size(), tests.size());
  std::vector<std::string> ids;
  for (const rollup::RunTest& t : back) ids.push_back(t.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"t4", "t1", "t2", "t5", "t6", "t3"}));
  EXPECT_EQ(back[1], tests[2]);
  EXPECT_EQ(back[2], tests[1]);
  EXPECT_EQ(back[0], tests[3]);

  // (the reader only points into its bytes: keep them alive)
  std::string packed = rollup::pack_tests(tests);
  rollup::RunTestReader reader(packed);
  ASSERT_TRUE(reader.next());
  EXPECT_EQ(reader.id(), "t4");
  EXPECT_EQ(reader.path(), std::nullopt);
  EXPECT_EQ(reader.compatible(), std::nullopt);
  ASSERT_TRUE(reader.next());
  ASSERT_TRUE(reader.next());
  EXPECT_EQ(reader.id(), "t2");
  EXPECT_EQ(reader.compatible(), tests[1].compatible);
  EXPECT_EQ(reader.start(), std::nullopt);
}

TEST(RollupRuns, CorruptTests) {
  std::string good = rollup::pack_tests({{"t", std::string("boot"), rollup::kPass, 1, std::nullopt}});
  std::string bad_status = good;
  bad_status[bad_status.size() - 3] = 9;
  EXPECT_THROW(rollup::unpack_tests(bad_status), ciprov::core::Error);
  EXPECT_THROW(rollup::unpack_tests(good.substr(0, good.size() - 1)), ciprov::core::Error);
  std::string one = rollup::pack_tests({{"t2", std::string("boot"), rollup::kPass, 1, std::nullopt}});
  std::string reversed = std::string("\x01\x02", 2) + one.substr(2) +
                         rollup::pack_tests({{"t1", std::string("boot"), rollup::kPass, 1, std::nullopt}}).substr(2);
  EXPECT_THROW(rollup::unpack_tests(reversed), ciprov::core::Error);  // t2 before t1
  std::string same = std::string("\x01\x02", 2) + one.substr(2) + one.substr(2);
  EXPECT_THROW(rollup::unpack_tests(same), ciprov::core::Error);  // an id twice
  try {
    rollup::unpack_tests("\x07");
    FAIL();
  } catch (const ciprov::core::Error& e) {
    EXPECT_EQ(std::string(e.what()), "corrupt rollup test run: unknown format version");
  }
}

TEST(RollupRuns, SeriesKeys) {
  auto key = [](const char* a, const char* b, const char* c, const char* d) {
    return rollup::series_key(std::string(a), std::string(b), std::string(c), std::string(d));
  };
  EXPECT_EQ(key("mainline", "master", "defconfig", "qemu"), key("mainline", "master", "defconfig", "qemu"));
  EXPECT_NE(key("mainline", "master", "defconfig", "qemu"), key("mainline", "master", "defconfi", "gqemu"));
  EXPECT_EQ(rollup::series_key(std::nullopt, std::string("m"), std::string("d"), std::string("q")), std::nullopt);
  // Stored on disk: the values must never change (FNV-1a 64 over each
  // field's 8-byte little-endian length and bytes, computed independently).
  EXPECT_EQ(*key("", "", "", ""), static_cast<std::int64_t>(0x0c8210784d8af5a5ULL));
  EXPECT_EQ(*key("mainline", "master", "defconfig", "qemu"), static_cast<std::int64_t>(0xcd0a63c05609b7e0ULL));
}

TEST(RollupRuns, SeriesHashIsTheKeyOfKnownValues) {
  EXPECT_EQ(rollup::series_hash("mainline", "master", "defconfig", "qemu"), static_cast<std::int64_t>(0xcd0a63c05609b7e0ULL));
  EXPECT_EQ(rollup::series_hash("", "", "", ""), static_cast<std::int64_t>(0x0c8210784d8af5a5ULL));
}
