#include "core/testpath.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/error.h"

namespace tp = ciprov::core::testpath;
using ciprov::core::Error;

namespace {

// The detail of the validation error for `text` ("" when valid).
std::string detail_of(const std::string& text) {
  try {
    tp::validate(text);
  } catch (const Error& e) {
    EXPECT_EQ(e.sqlstate(), "22P02");
    EXPECT_EQ(std::string(e.what()),
              "invalid input syntax for type ciprov.testpath: " + ciprov::core::quoted(text));
    return e.detail();
  }
  return "";
}

}  // namespace

TEST(Testpath, AcceptsKcidbPaths) {
  for (const char* p : {"", "boot", "ltp.sem01", "rt-tests.svsematest.svsematest", "A_b-9.x",
                        "kselftest.net.fcnal-test_sh"}) {
    EXPECT_TRUE(tp::is_valid(p)) << p;
    EXPECT_NO_THROW(tp::validate(p)) << p;
  }
}

TEST(Testpath, RejectsBadInputWithReasonAndPosition) {
  EXPECT_EQ(detail_of("a..b"),
            "empty segment (segments are separated by single dots) at position 3.");
  EXPECT_EQ(detail_of(".a"),
            "empty segment (segments are separated by single dots) at position 1.");
  EXPECT_EQ(detail_of("a."),
            "empty segment (segments are separated by single dots) at position 3.");
  EXPECT_EQ(detail_of("a b"),
            "character \" \" is not allowed in a test path segment (allowed: A-Z a-z 0-9 _ -) "
            "at position 2.");
  // Positions count characters, not bytes; the whole character is shown.
  EXPECT_EQ(detail_of("\xC3\xA9t\xC3\xA9.x/"),
            "character \"\xC3\xA9\" is not allowed in a test path segment (allowed: A-Z a-z 0-9 _ "
            "-) at position 1.");
  EXPECT_EQ(detail_of("ab.c\xC3\xA9"),
            "character \"\xC3\xA9\" is not allowed in a test path segment (allowed: A-Z a-z 0-9 _ "
            "-) at position 5.");
  EXPECT_EQ(detail_of(std::string("a\0b", 3)).substr(0, 16), "character \"\\x00\"");
  EXPECT_FALSE(tp::is_valid("a..b"));
  EXPECT_FALSE(tp::is_valid("."));
}

TEST(Testpath, OrderKeepsSubtreesContiguous) {
  std::vector<std::string> paths = {"a-b", "a.x", "b", "a",  "a.x.y", "",
                                    "a_c", "a.-", "A", "a0", "a.x-1"};
  std::sort(paths.begin(), paths.end(),
            [](const std::string& l, const std::string& r) { return tp::compare(l, r) < 0; });
  EXPECT_EQ(paths, (std::vector<std::string>{"", "A", "a", "a.-", "a.x", "a.x.y", "a.x-1", "a-b",
                                             "a0", "a_c", "b"}));
  EXPECT_EQ(tp::compare("a", "a"), 0);
  EXPECT_LT(tp::compare("a", "a.b"), 0);
  EXPECT_GT(tp::compare("a-b", "a.b.c"), 0);
}

// compare reads 8 bytes at a time: every position of the first difference,
// on both sides of each 8-byte boundary, orders as '.' below every byte.
TEST(Testpath, OrderHoldsAtEveryDifferencePosition) {
  auto reference = [](const std::string& a, const std::string& b) {
    auto rank = [](char c) { return c == '.' ? 1u : static_cast<unsigned char>(c); };
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
      if (a[i] != b[i]) return rank(a[i]) < rank(b[i]) ? -1 : 1;
    return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
  };
  const std::string base = "kselftest.suite7.case3.subcase-long.x";
  const char replacements[] = {'.', '-', 'a', 'z', '0', '\xc3'};
  for (std::size_t at = 0; at < base.size(); ++at) {
    for (char r : replacements) {
      std::string other = base;
      other[at] = r;
      for (std::size_t cut : {base.size(), at + 1, at + 9}) {
        std::string a = base, b = other.substr(0, std::min(cut, other.size()));
        EXPECT_EQ(tp::compare(a, b), reference(a, b)) << a << " vs " << b;
        EXPECT_EQ(tp::compare(b, a), reference(b, a)) << b << " vs " << a;
      }
    }
  }
}

TEST(Testpath, SubtreeIsExactlyTheRangeUpToSubtreeEnd) {
  const std::vector<std::string> all = {"",      "boot",   "boot.a",  "boot.a.b", "boot-x",
                                        "boot0", "bootrr", "boo",     "boot_",    "boot-",
                                        "ltp",   "boot.-", "boot.zz", "a.boot"};
  for (const std::string& anc : all) {
    std::string end = tp::subtree_end(anc);
    for (const std::string& p : all) {
      bool in_range = tp::compare(p, anc) >= 0 && tp::compare(p, end) < 0;
      EXPECT_EQ(in_range, tp::contains(anc, p)) << anc << " / " << p;
    }
  }
  EXPECT_EQ(tp::subtree_end("boot"), "boot-");
  EXPECT_EQ(tp::subtree_end(""), tp::kAfterAll);
}

TEST(Testpath, Contains) {
  EXPECT_TRUE(tp::contains("", "x.y"));
  EXPECT_TRUE(tp::contains("boot", "boot"));
  EXPECT_TRUE(tp::contains("boot", "boot.x"));
  EXPECT_FALSE(tp::contains("boot", "bootrr"));
  EXPECT_FALSE(tp::contains("boot.x", "boot"));
  EXPECT_FALSE(tp::contains("x", ""));
}

TEST(Testpath, Accessors) {
  EXPECT_EQ(tp::nlevel(""), 0u);
  EXPECT_EQ(tp::nlevel("a.b.c"), 3u);
  EXPECT_EQ(tp::concat("", "a"), "a");
  EXPECT_EQ(tp::concat("a", ""), "a");
  EXPECT_EQ(tp::concat("a.b", "c"), "a.b.c");
  EXPECT_FALSE(tp::parent("").has_value());
  EXPECT_EQ(*tp::parent("a"), "");
  EXPECT_EQ(*tp::parent("a.b.c"), "a.b");
  EXPECT_FALSE(tp::group("").has_value());
  EXPECT_EQ(*tp::group("ltp.sem01"), "ltp");
  EXPECT_EQ(*tp::group("boot"), "boot");
}

TEST(Testpath, SubpathFollowsLtree) {
  EXPECT_EQ(tp::subpath("a.b.c.d", 0, 2), "a.b");
  EXPECT_EQ(tp::subpath("a.b.c.d", 1, 2), "b.c");
  EXPECT_EQ(tp::subpath("a.b.c.d", 1, std::nullopt), "b.c.d");
  EXPECT_EQ(tp::subpath("a.b.c.d", -1, std::nullopt), "d");
  EXPECT_EQ(tp::subpath("a.b.c.d", -3, 2), "b.c");
  EXPECT_EQ(tp::subpath("a.b.c.d", 0, -1), "a.b.c");
  EXPECT_EQ(tp::subpath("a.b.c.d", 2, 10), "c.d");
  EXPECT_EQ(tp::subpath("a.b.c.d", 2, 0), "");
  EXPECT_THROW(tp::subpath("a.b", 2, std::nullopt), Error);
  EXPECT_THROW(tp::subpath("a.b", -3, std::nullopt), Error);
  EXPECT_THROW(tp::subpath("a.b.c", 2, -2), Error);
  EXPECT_THROW(tp::subpath("", 0, std::nullopt), Error);
  try {
    tp::subpath("a.b", 5, std::nullopt);
  } catch (const Error& e) {
    EXPECT_EQ(e.sqlstate(), "22023");
  }
}
