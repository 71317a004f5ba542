// Spack 1.x version constraints (cases from Spack's test/versions.py).
#include "core/version_range.h"

#include <gtest/gtest.h>

#include "core/error.h"

using ciprov::core::Error;
using ciprov::core::Version;
using ciprov::core::VersionRange;

namespace {
VersionRange R(const char* s) { return VersionRange::parse(s); }
Version V(const char* s) { return Version::parse(s); }
}  // namespace

TEST(VersionRange, Contains) {
  const char* in[][2] = {
      {"1.3", "1.2:1.4"},     {"1.2.5", "1.2:1.4"},   {"1.3.5", "1.2:1.4"},  {"1.3.5-7", "1.2:1.4"},
      {"1.4.2", "1.2:1.4"},   {"1.2.8", "1.2.7:1.4"}, {"1.4.1", "1.2.7:1.4"}, {"1.6.5", "1.6"},
      {"1.6.5", ":1.6"},      {"1.2.1alpha1", "1.2.0:"}, {"1.2.0rc3", "1.2:"}, {"1.2.0rc3", ":1.2"},
      {"1.2.0", "1.2.0alpha1:"}, {"4.7.3v2", "4.7"},  {"4.7v6", "4"},         {"4.7b6", "4.3:4.7"},
      {"4.6.5.2", "4.3,4.6,4.7"}, {"4.8.2", "4.2,4.3:4.8"}, {"1.2", "=1.2"},  {"1.2", "1.2"},
      {"develop", ":"},       {"develop", "1.0:"},    {"git.x=1.2.3", "1.2"}, {"git.x=1.2", "git.x"},
      {"git.x", ":"},         {"git.x", "git.x"},     {"git.x=1.0", "git.x=1_0"}, {"1.12.9", "1.10:1.12"},
      {"1.5alpha", "1.2:1.4"},
  };
  for (auto& c : in) EXPECT_TRUE(R(c[1]).contains(V(c[0]))) << c[0] << " in " << c[1];
  const char* out[][2] = {
      {"1.1", "1.2:1.4"},       {"1.5", "1.2:1.4"},      {"1.5", "1.5.1:1.6"}, {"1.5", "1.5.1:"},
      {"1.4.2", "1.2:1.4.0"},   {"1.2.5", "1.2.7:1.4"},  {"1.4.1", "1.2.7:1.4.0"},
      {"1.2.1alpha1", "1.2.1:"}, {"1.2.0rc3", ":1.1"},   {"1.2.0", ":1.2.0rc345"},
      {"4.8.0", "4.3:4.7"},     {"4.3", "4.4:4.7"},      {"4", "4.3,4.6,4.7"}, {"1.2rc1", "1.2"},
      {"1.2.1", "=1.2"},        {"git.x=1.2", "=1.2"},   {"1.2", "git.x=1.2"}, {"git.x", "1.0:"},
      {"git.x", "git.y"},       {"git.x=1.0", "git.y=1.0"}, {"git.x", "git.x=1.0"}, {"1.13", "1.10:1.12"},
  };
  for (auto& c : out) EXPECT_FALSE(R(c[1]).contains(V(c[0]))) << c[0] << " not in " << c[1];
}

TEST(VersionRange, Canonical) {
  const char* cases[][2] = {
      {"1:2,3:4", "1:4"},
      {"1.2,1.3,1.3,1.4", "1.2:1.4"},
      {"1.2, 1.3, 1.3:1.4", "1.2:1.4"},
      {"1.3:1.4,1.3,1.3.1,1.3.9,1.4", "1.3:1.4"},
      {"1.3, 1.3.1,1.3.9,1.4 : 1.5 , 1.3 : 1.4", "1.3:1.5"},
      {":,1.3, 1.3.1,1.3.9,1.4 : 1.5 , 1.3 : 1.4", ":"},
      {"=1.2,1.2:1.4", "1.2:1.4"},
      {"=1.5,1.2:1.4", "1.2:1.4,=1.5"},
      {"=2,=1", "=1,=2"},
      {"1.2:1.2", "1.2"},
      {"git.x=1.0,1", "1"},
      {"git.x=2.0,1", "1,git.x=2.0"},
      {"git.x,git.x=1.0", "git.x"},
      {"git.y,1.0", "1.0,git.y"},
      {"git.y,:", ":"},
      {"", ""},
      {"1.2.5:1.2", "1.2.5:1.2"},
      {"3,1:2", "1:3"},
      {":git.1.4.4,0:", ":git.1.4.4,0:"},
      {"a.1:2", "a.1:2"},
  };
  for (auto& c : cases) EXPECT_EQ(R(c[0]).to_string(), c[1]) << c[0];
  EXPECT_EQ(R("1:2,3:4"), R("1:4"));
  EXPECT_EQ(R("1:2,3:4").hash(3), R("1:4").hash(3));
  EXPECT_EQ(R("1.2:1.4"), R("1.2:1_4"));
  EXPECT_NE(R("1.2:1.4"), R("1.2:1.6"));
  EXPECT_TRUE(R(":").is_any());
  EXPECT_TRUE(R("").empty());
  EXPECT_TRUE(R("=1.2").is_concrete());
  EXPECT_EQ(R("=1.2").concrete()->text(), "1.2");
  EXPECT_FALSE(R("1.2").is_concrete());
  EXPECT_EQ(VersionRange::exact(V("1.2")).to_string(), "=1.2");
  EXPECT_EQ(VersionRange::exact(V("git.a=1")).to_string(), "git.a=1");
  EXPECT_EQ(VersionRange::any().to_string(), ":");
}

TEST(VersionRange, SatisfiesAndIntersects) {
  const char* sat[][2] = {
      {"4.7.3", "4.7.3"}, {"4.7.3", "4.7"}, {"4.7.3", "4"}, {"1.2.0alpha2:1.2.0beta1", "1.2.0alpha1:1.2.0beta2"},
      {"1.2.5:1.2.7", ":"}, {"1.2.5:1.2.7", "1.5,1.2:1.3"}, {"=1.2", "1.2"}, {"1.2.7:1.4", ":"},
      {"", "1.0"}, {"1.6.5", ":1.6"}, {"git.x=1.2", "1.2"},
  };
  for (auto& c : sat) EXPECT_TRUE(R(c[0]).satisfies(R(c[1]))) << c[0] << " <@ " << c[1];
  const char* nsat[][2] = {
      {"4.8.0", "4.9"}, {"4", "4.9"}, {"1.2.5:1.5", "1.5,1.2:1.3"}, {"1.1:1.2.5", "1.5,1.2:1.3"},
      {"1.2", "=1.2"}, {":1.6", "1.6.5"}, {"=1.2.0", ":1.2.0rc345"}, {"1.0", ""},
  };
  for (auto& c : nsat) EXPECT_FALSE(R(c[0]).satisfies(R(c[1]))) << c[0] << " !<@ " << c[1];
  const char* ov[][2] = {
      {"1.2", "1.2"}, {"1.2:1.7", "1.6:1.9"}, {":1.7", "1.6:"}, {":", ":"}, {"1.2b:1.7,5", "1.6:1.9,1"},
      {"1,2,3,4,5", "5:7"}, {"1, 2, 4, 6.5", ":, 5, 8"}, {"1.6.5", ":1.6"}, {"git.x", "git.x=1"}, {"git.x", "1.0"},
  };
  for (auto& c : ov) EXPECT_TRUE(R(c[0]).intersects(R(c[1]))) << c[0] << " && " << c[1];
  const char* nov[][2] = {
      {"1, 2, 4", "3, 6:7"}, {"1,2,3,4,5", "6:7"}, {"=1.2", "=1.2.0"}, {"git.x=1", "=1"}, {"", ":"},
  };
  for (auto& c : nov) EXPECT_FALSE(R(c[0]).intersects(R(c[1]))) << c[0] << " !&& " << c[1];
}

TEST(VersionRange, Intersection) {
  const char* cases[][3] = {
      {"1.0:2.5", "2.5:3.0", "2.5"},
      {"1.0:2.7", "2.5:3.0", "2.5:2.7"},
      {":", "0:1", "0:1"},
      {"1.0:2.7", "2.5:3.0,1.0", "1.0,2.5:2.7"},
      {"1.1:2.7", "2.5:3.0,1.0", "2.5:2.7"},
      {"ref=1.0,1.1", "1:1.0,=1.1", "ref=1.0,=1.1"},
      {"1.6.5", ":1.6", "1.6.5"},
      {":1.6.5", "1.6", "1.6:1.6.5"},
      {"11", "11.2", "11.2"},
      {"1.2", "1.3", ""},
      {"git.x", ":", "git.x"},
      {"git.x", "git.x=2", "git.x=2"},
  };
  for (auto& c : cases) {
    EXPECT_EQ(R(c[0]).intersection(R(c[1])).to_string(), c[2]) << c[0] << " & " << c[1];
    EXPECT_EQ(R(c[1]).intersection(R(c[0])), R(c[2])) << c[1] << " & " << c[0];
  }
  EXPECT_EQ(R("git.x").intersection(R("1.0")).to_string(), "git.x=1.0:1.0");
  EXPECT_EQ(R("git.x=1:3").intersection(R("2:4")).to_string(), "git.x=2:3");
  EXPECT_EQ(R("git.x=1:3").intersection(R("git.x=2")).to_string(), "git.x=2");
  EXPECT_EQ(R("git.x=1:3").intersection(R("git.x=2:5")).to_string(), "git.x=2:3");
  EXPECT_EQ(R("git.x=1:3").intersection(R("git.y")).to_string(), "");
  EXPECT_EQ(R("git.x=1:3").intersection(R("git.x")).to_string(), "git.x=1:3");
  EXPECT_EQ(R("1:2").union_with(R("3:4")).to_string(), "1:4");
  EXPECT_EQ(R("1.0:").union_with(R(":2.0")).to_string(), ":");
}

TEST(VersionRange, Errors) {
  struct Case {
    const char* input;
    const char* detail;
  } cases[] = {
      {"2:1.0", "empty range \"2:1.0\" at position 1."},
      {"1.0, 1.2:1.1", "empty range \"1.2:1.1\" at position 6."},
      {"1.0,,2", "empty item in version list at position 5."},
      {"1.0,", "empty item in version list at position 5."},
      {"1:2:3", "unexpected character \":\" at position 4."},
      {"1.2$", "unexpected character \"$\" at position 4."},
      {"1, 2:x!", "unexpected character \"!\" at position 7."},
      {"=", "a version cannot be empty at position 2."},
      {"git.=1:2", "a git version needs a ref at position 5."},
      {"git.x=2:1", "empty range \"2:1\" at position 7."},
      {"git.x=1:2!", "unexpected character \"!\" at position 10."},
  };
  for (auto& c : cases) {
    try {
      R(c.input);
      ADD_FAILURE() << "no error for " << c.input;
    } catch (const Error& e) {
      EXPECT_EQ(e.sqlstate(), "22P02");
      EXPECT_EQ(e.detail(), c.detail) << c.input;
    }
  }
}

TEST(VersionRange, SerializeAndBounds) {
  for (const char* s : {"1.2:1.4,=1.7,git.x=2,git.y", ":", "", "1.2:", ":1.4"}) {
    VersionRange r = R(s);
    std::string bytes = r.serialize();
    VersionRange back = VersionRange::deserialize(bytes);
    EXPECT_EQ(back, r);
    EXPECT_EQ(back.to_string(), r.to_string());
    for (const char* v : {"1.3", "1.7", "1.4.9", "git.x=2", "git.y", "0.1", "develop"})
      EXPECT_EQ(VersionRange::contains_serialized(bytes, V(v).view()), r.contains(V(v))) << s << " " << v;
  }
  EXPECT_THROW(VersionRange::deserialize("\x01\x05"), Error);
  auto lo = R("1.10:1.12").lower_bound();
  auto hi = R("1.10:1.12").upper_bound();
  ASSERT_TRUE(lo && hi);
  EXPECT_EQ(lo->version.text(), "1.10");
  EXPECT_TRUE(lo->inclusive);
  EXPECT_EQ(hi->version.text(), "1.13");
  EXPECT_FALSE(hi->inclusive);
  EXPECT_FALSE(R(":1.2").lower_bound());
  EXPECT_FALSE(R("1.2:").upper_bound());
  EXPECT_FALSE(R("1.2,git.x").upper_bound());
  EXPECT_FALSE(R("1.2,git.x").lower_bound());
  EXPECT_EQ(R("1.2,=2.0").upper_bound()->version.text(), "2.0");
  EXPECT_TRUE(R("1.2,=2.0").upper_bound()->inclusive);
}

TEST(VersionRange, TryParseReportsIndex) {
  VersionRange r;
  std::string reason;
  std::size_t index = 99;
  EXPECT_TRUE(VersionRange::try_parse("1.2:1.4,=2", &r, &reason, &index));
  EXPECT_EQ(r.to_string(), "1.2:1.4,=2");
  EXPECT_FALSE(VersionRange::try_parse("1.2,x$", &r, &reason, &index));
  EXPECT_EQ(reason, "unexpected character \"$\"");
  EXPECT_EQ(index, 5u);
  EXPECT_FALSE(VersionRange::try_parse("2:1.0", &r, &reason, &index));
  EXPECT_EQ(reason, "empty range \"2:1.0\"");
  EXPECT_EQ(index, 0u);
}

TEST(VersionRange, ConstrainedGitRefs) {
  const char* canonical[][2] = {
      {"git.x=1.2:1.4", "git.x=1.2:1.4"},
      {"git.x=1.2:1.4,1.3:2", "1.3:2,git.x=1.2:2"},
      {"git.x=1.2:1.4,git.x=1.5:1.6", "git.x=1.2:1.6"},
      {"git.x=1.2:1.4,git.x", "git.x"},
      {"git.x=1.2:1.4,1:2", "1:2"},
      {"git.x=:", "git.x"},
      {"git.x=1.3,git.x=1.2:1.4", "git.x=1.2:1.4"},
      {"git.x=:1,git.x=1:", "git.x"},
      {"git.y=1:2,git.x=3:4", "git.x=3:4,git.y=1:2"},
      {"git.x=1.2:1.2", "git.x=1.2:1.2"},
      {"x=1:2", "git.x=1:2"},
      {":2.4,2.0=r:", ":2.4,git.2.0"},
  };
  for (auto& c : canonical) {
    EXPECT_EQ(R(c[0]).to_string(), c[1]) << c[0];
    EXPECT_EQ(R(c[1]), R(c[0])) << c[0];
  }
  EXPECT_TRUE(R("git.x=1.2:1.4").contains(V("git.x=1.3")));
  EXPECT_TRUE(R("git.x=1.2:1.4").contains(V("git.x=1.4.2")));
  EXPECT_FALSE(R("git.x=1.2:1.4").contains(V("git.y=1.3")));
  EXPECT_FALSE(R("git.x=1.2:1.4").contains(V("1.3")));
  EXPECT_FALSE(R("git.x=1.2:1.4").contains(V("git.x")));
  EXPECT_FALSE(R("git.x=1.2:1.4").contains(V("git.x=1.5")));
  EXPECT_TRUE(R("git.x=1.2:1.3").satisfies(R("git.x=1.2:1.4")));
  EXPECT_TRUE(R("git.x=1.2:1.3").satisfies(R("1.2:1.4")));
  EXPECT_TRUE(R("git.x=1.2:1.3").satisfies(R("git.x")));
  EXPECT_FALSE(R("git.x").satisfies(R("git.x=1:2")));
  EXPECT_FALSE(R("git.x=1:3").satisfies(R("git.x=1:2")));
  EXPECT_FALSE(R("git.x=1:3").satisfies(R("git.y")));
  EXPECT_FALSE(R("1:2").satisfies(R("git.x=1:2")));
  EXPECT_TRUE(R("git.x=1.2:1.4").intersects(R("1.4:2")));
  EXPECT_FALSE(R("git.x=1.2:1.4").intersects(R("2:")));
  EXPECT_TRUE(R("git.x=1.2:1.4").intersects(R("git.x=1.3")));
  EXPECT_FALSE(R("git.x=1.2:1.4").intersects(R("git.y")));
  EXPECT_TRUE(R("git.x=1.2:1.4").intersects(R("git.x")));
  EXPECT_FALSE(R("git.x=1.2:1.4").intersects(R("=1.3")));
  VersionRange r = R("1:2,git.x=3:4,=5");
  EXPECT_EQ(VersionRange::deserialize(r.serialize()), r);
  EXPECT_TRUE(VersionRange::contains_serialized(r.serialize(), V("git.x=3.5").view()));
  EXPECT_FALSE(VersionRange::contains_serialized(r.serialize(), V("git.y=3.5").view()));
  EXPECT_EQ(r.lower_bound()->version.text(), "1");
  EXPECT_EQ(r.upper_bound()->version.text(), "5");
  EXPECT_TRUE(r.upper_bound()->inclusive);
  EXPECT_EQ(R("git.x=3:4").upper_bound()->version.text(), "5");
  EXPECT_FALSE(R("git.x=3:4").upper_bound()->inclusive);
  EXPECT_FALSE(R("git.x=3:4").is_concrete());
}
