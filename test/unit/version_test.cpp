// Spack 1.x version order and equality (cases from Spack's test/versions.py).
#include "core/version.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "core/error.h"
#include "core/version_key.h"

using ciprov::core::Error;
using ciprov::core::Version;
using ciprov::core::VersionKind;

namespace {
int cmp(const char* a, const char* b) { return Version::parse(a).compare(Version::parse(b)); }
}  // namespace

TEST(Version, LessThan) {
  const char* pairs[][2] = {
      {"xsdk-0.2.0", "xsdk-0.3"}, {"1.0", "2.0"},      {"1.0", "develop"},
      {"1.1", "1.develop"},       {"0.5", "0.5.develop"}, {"1.develop", "2.1"},
      {"1.develop.1", "1.develop.2"}, {"develop.1", "develop.2"}, {"9.0", "master"},
      {"9.0", "head"},            {"9.0", "trunk"},    {"master", "develop"},
      {"head", "master"},         {"trunk", "head"},   {"system", "9.0"},
      {"mydevelopmentnightmare", "1.1"}, {"1.mydevelopmentnightmare", "1.1"},
      {"stable", "nightly"},      {"nightly", "trunk"}, {"master", "main"},
      {"main", "develop"},        {"2.0", "2.0.1"},    {"2.0.1", "2.0.1a"},
      {"5.5p1", "5.5p2"},         {"5.5p1", "5.5p10"}, {"10xyz", "10.1xyz"},
      {"xyz10", "xyz10.1"},       {"xyz.4", "8"},      {"xyz.4", "2"},
      {"5.5p2", "5.6p1"},         {"5.6p1", "6.5p1"},  {"6.0alpha", "6.0alpha0"},
      {"6.0alpha0", "6.0alpha1"}, {"6.0alpha2", "6.0beta"}, {"6.0beta", "6.0beta0"},
      {"6.0beta2", "6.0rc"},      {"6.0rc", "6.0rc0"}, {"6.0rc1", "6.0rc2"},
      {"6.0rc2", "6.0"},          {"10a1", "10b2"},    {"10a2", "10b2"},
      {"1.0a", "1.0aa"},          {"10.0001", "10.0039"}, {"4.999.9", "5.0"},
      {"20101121", "20101122"},   {"1b.fc17", "1.fc17"}, {"1.fc17", "1g.fc17"},
      {"1.2", "1.2a"},            {"1.2a", "1.2.0"},   {"1.2", "1.2.0rc1"},
      {"1.2", "1.2.0"},           {"1", "1.0"},        {"1.2.0rc1", "1.2.0"},
      {"A", "a"},                 {"2.0", "git.foo=2.0"}, {"git.foo=2.0", "2.0.1"},
      {"git.aaa=2.0", "git.bbb=2.0"}, {"git.zzz=1.0", "git.aaa=1.1"},
      {"develop", "git.foo"},     {"git.aaa", "git.bbb"}, {"git.foo=2.0", "git.foo"},
      {"2.0rc", "git.x=2.0rc"},   {"git.x=2.0rc", "2.0rc0"}, {"1.0", "1.0final1"},
      {"0", "1"}, {"255", "256"}, {"65535", "65536"}, {"9999999999999999999", "10000000000000000000"},
      {"18446744073709551615", "18446744073709551616"}, {"1.2rc255", "1.2rc256"}, {"1.0", "1.0.0"},
  };
  for (auto& p : pairs) {
    EXPECT_LT(cmp(p[0], p[1]), 0) << p[0] << " < " << p[1];
    EXPECT_GT(cmp(p[1], p[0]), 0) << p[1] << " > " << p[0];
    EXPECT_NE(Version::parse(p[0]), Version::parse(p[1]));
  }
}

TEST(Version, Equal) {
  const char* pairs[][2] = {
      {"2.0", "2_0"},     {"2-0", "2_0"},   {"10.0001", "10.1"}, {"1.0", "1.0final"},
      {"1.2rc01", "1.2rc1"}, {"1..2", "1.2"}, {" 1.2 ", "1.2"},  {"0", "000"},
      {"git.abc=1.0", "abc=1.0"}, {"git.abc=1.0", "git.abc=1_0"}, {"1.2-rc1", "1.2rc1"},
  };
  for (auto& p : pairs) {
    Version a = Version::parse(p[0]), b = Version::parse(p[1]);
    EXPECT_EQ(a.compare(b), 0) << p[0] << " = " << p[1];
    EXPECT_EQ(a, b);
    EXPECT_EQ(a.hash(0), b.hash(0));
    EXPECT_EQ(a.hash(42), b.hash(42));
  }
  EXPECT_NE(Version::parse("x").hash(1), Version::parse("x").hash(2));
}

TEST(Version, TextKeptAsEntered) {
  EXPECT_EQ(Version::parse("2.0_rc-1").text(), "2.0_rc-1");
  EXPECT_EQ(Version::parse("  R2016a ").text(), "R2016a");
  EXPECT_EQ(Version::parse("1.develop").text(), "1.develop");
}

TEST(Version, GitForms) {
  Version a = Version::parse("git.main=2.1");
  EXPECT_EQ(a.kind(), VersionKind::kGitAssigned);
  EXPECT_EQ(a.ref(), "main");
  EXPECT_EQ(a.std_key(), Version::parse("2.1").key());
  std::string sha(40, 'a');
  Version b = Version::parse(sha + "=develop");
  EXPECT_EQ(b.kind(), VersionKind::kGitAssigned);
  EXPECT_EQ(b.ref(), sha);
  Version c = Version::parse(sha);
  EXPECT_EQ(c.kind(), VersionKind::kGitRef);
  Version d = Version::parse("git.feature/x");
  EXPECT_EQ(d.kind(), VersionKind::kGitRef);
  EXPECT_EQ(d.ref(), "feature/x");
  EXPECT_TRUE(d.std_key().empty());
  EXPECT_EQ(Version::parse("1.2").kind(), VersionKind::kStandard);
}

TEST(Version, Errors) {
  struct Case {
    const char* input;
    const char* detail;
  } cases[] = {
      {"", "a version cannot be empty at position 1."},
      {"   ", "a version cannot be empty at position 4."},
      {"1.2$", "unexpected character \"$\" at position 4."},
      {"1 2", "unexpected character \" \" at position 2."},
      {"=1.2", "unexpected character \"=\" at position 1."},
      {"...", "a version needs at least one digit or letter at position 1."},
      {"git.", "a git version needs a ref at position 5."},
      {"git.a=", "a git version needs a version after \"=\" at position 7."},
      {"git.a=1:2", "a git ref constrained to a range is not a concrete version at position 8."},
      {"git.a b", "unexpected character \" \" in git ref at position 6."},
      {"git.a=1.x!", "unexpected character \"!\" at position 10."},
  };
  for (auto& c : cases) {
    try {
      Version::parse(c.input);
      ADD_FAILURE() << "no error for " << c.input;
    } catch (const Error& e) {
      EXPECT_EQ(e.sqlstate(), "22P02");
      EXPECT_EQ(e.detail(), c.detail) << c.input;
    }
  }
}

TEST(Version, SerializeRoundTrip) {
  for (const char* s : {"1.2.3", "git.foo=1.0", "git.foo", "develop", "1.2rc3"}) {
    Version v = Version::parse(s);
    std::string bytes = v.serialize();
    Version w = Version::deserialize(bytes);
    EXPECT_EQ(v, w);
    EXPECT_EQ(w.text(), s);
    EXPECT_EQ(w.kind(), v.kind());
    ciprov::core::VersionView view;
    ASSERT_TRUE(Version::decode(bytes, &view));
    EXPECT_EQ(view.compare(v.view()), 0);
  }
  EXPECT_THROW(Version::deserialize("\x07xx"), Error);
  EXPECT_THROW(Version::deserialize(""), Error);
}

TEST(Version, PrefixAndNext) {
  EXPECT_TRUE(Version::parse("1.2").is_prefix_of(Version::parse("1.2.9")));
  EXPECT_TRUE(Version::parse("1.2").is_prefix_of(Version::parse("1.2")));
  EXPECT_TRUE(Version::parse("1.2").is_prefix_of(Version::parse("git.x=1.2.3")));
  EXPECT_FALSE(Version::parse("1.2").is_prefix_of(Version::parse("1.3")));
  EXPECT_FALSE(Version::parse("1.2").is_prefix_of(Version::parse("1.2rc1")));
  EXPECT_EQ(Version::from_standard_key(Version::parse("1.4").next_key()).text(), "1.5");
  EXPECT_EQ(Version::from_standard_key(Version::parse("1.9").next_key()).text(), "1.10");
  EXPECT_EQ(Version::from_standard_key(Version::parse("1.2rc1").next_key()).text(), "1.2rc2");
  EXPECT_EQ(Version::from_standard_key(Version::parse("1.2rc").next_key()).text(), "1.2rc0");
  EXPECT_EQ(Version::from_standard_key(Version::parse("1.z").next_key()).text(), "1.zA");
  EXPECT_EQ(Version::from_standard_key(Version::parse("1.Z").next_key()).text(), "1.a");
  EXPECT_EQ(Version::from_standard_key(Version::parse("1.masteq").next_key()).text(), "1.mastes");
  EXPECT_EQ(Version::from_standard_key(Version::parse("master").next_key()).text(), "main");
  EXPECT_EQ(Version::from_standard_key(Version::parse("99").next_key()).text(), "100");
  EXPECT_EQ(Version::from_standard_key(Version::parse("9999999999999999999").next_key()).text(),
            "10000000000000000000");
  EXPECT_EQ(Version::from_standard_key(Version::parse("00123456789012345678901").key()).text(),
            "123456789012345678901");
  EXPECT_EQ(Version::parse("12.34.156").key().size(), 8u);
  EXPECT_LT(Version::typemin_key(), Version::parse("A").key());
  EXPECT_LT(Version::parse("develop.99").key(), Version::typemax_key());
  EXPECT_LT(Version::typemax_key(), Version::after_typemax_key());
}

TEST(Version, SortIsTotalAndMatchesPairwise) {
  std::vector<std::string> texts = {"1.0", "develop", "1.2rc1", "1.2", "1.2.0", "1.2a", "git.x=1.2",
                                    "git.y", "main", "0.9", "1.10", "1.9", "R2016a", "2016b"};
  std::vector<Version> vs;
  for (auto& t : texts) vs.push_back(Version::parse(t));
  std::mt19937 rng(7);
  std::shuffle(vs.begin(), vs.end(), rng);
  std::sort(vs.begin(), vs.end());
  std::string order;
  for (auto& v : vs) order += v.text() + " ";
  EXPECT_EQ(order, "R2016a 0.9 1.0 1.2rc1 1.2 git.x=1.2 1.2a 1.2.0 1.9 1.10 2016b main develop git.y ");
}

TEST(Version, FastEncoderMatchesGeneralParser) {
  namespace vk = ciprov::core::version_key;
  for (const char* s : {"1.2.3", "1.2rc1", "6.0alpha", "6.0alpha0", "develop", "1.develop.2", "R2016a",
                        "2.0_rc-1", "10.0001", "1.0final", "1.0final1", "0", "000", "18446744073709551615",
                        "9999999999999999999", "xyz10.1", "1..2", "_1", "alpha", "rc1", "1alpha"}) {
    vk::Parts parts;
    vk::ParseFailure fail;
    ASSERT_TRUE(vk::parse_standard(s, &parts, &fail)) << s;
    std::string fast;
    bool ok = vk::encode_standard_fast(s, &fast);
    if (std::string_view(s) == "18446744073709551615") {
      EXPECT_FALSE(ok);  // 20 digits: the general path encodes it
      continue;
    }
    ASSERT_TRUE(ok) << s;
    EXPECT_EQ(fast, vk::encode(parts)) << s;
  }
  std::string key;
  EXPECT_FALSE(vk::encode_standard_fast("1.2$", &key));
  EXPECT_FALSE(vk::encode_standard_fast("", &key));
}
