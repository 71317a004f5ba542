// The one reading of JSON integers that every range check goes through:
// nlohmann holds 0 to 2^64 - 1 as unsigned and negatives as signed.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "core/json_util.h"

using ciprov::core::json_util::integer_in;
using ciprov::core::json_util::non_negative_integer;
using json = nlohmann::json;

TEST(JsonUtil, NonNegativeIntegerReadsEitherRepresentationWhole) {
  EXPECT_EQ(non_negative_integer(json::parse("0")), 0u);
  EXPECT_EQ(non_negative_integer(json(std::int64_t{42})), 42u);  // (held signed)
  EXPECT_EQ(non_negative_integer(json::parse("18446744073709551615")),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(non_negative_integer(json(std::int64_t{-1})), std::nullopt);
  EXPECT_EQ(non_negative_integer(json::parse("-9223372036854775808")), std::nullopt);
  EXPECT_EQ(non_negative_integer(json::parse("1.0")), std::nullopt);
  EXPECT_EQ(non_negative_integer(json::parse("\"1\"")), std::nullopt);
  EXPECT_EQ(non_negative_integer(json::parse("true")), std::nullopt);
}

TEST(JsonUtil, IntegerInChecksBothBoundsWithoutWrapping) {
  EXPECT_EQ(integer_in(json::parse("2"), 2, 5), 2);
  EXPECT_EQ(integer_in(json::parse("5"), 2, 5), 5);
  EXPECT_EQ(integer_in(json::parse("6"), 2, 5), std::nullopt);
  EXPECT_EQ(integer_in(json::parse("4294967298"), 2, 5), std::nullopt);  // (2 if cast to int)
  EXPECT_EQ(integer_in(json::parse("18446744073709551615"), 0, INT64_MAX),
            std::nullopt);  // (-1 if cast)
  EXPECT_EQ(integer_in(json::parse("9223372036854775807"), 0, INT64_MAX), INT64_MAX);
  EXPECT_EQ(integer_in(json::parse("-3"), -5, -1), -3);
  EXPECT_EQ(integer_in(json::parse("-6"), -5, -1), std::nullopt);
  EXPECT_EQ(integer_in(json::parse("3"), -5, -1),
            std::nullopt);  // (unsigned, above a negative max)
  EXPECT_EQ(integer_in(json::parse("2.0"), 2, 5), std::nullopt);
}
