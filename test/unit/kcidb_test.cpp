// kcidb submission core: validation against the declared version, upgrades
// by kcidb-io's rules, and merging of repeated objects.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "core/kcidb_submit.h"
#include "core/kcidb_upgrade.h"
#include "core/kcidb_validate.h"

using nlohmann::json;
namespace fs = std::filesystem;
namespace kcidb = ciprov::core::kcidb;

namespace {

const fs::path kShared = fs::path(CIPROV_SOURCE_DIR) / ".." / "shared" / "data" / "kcidb";

json load(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

// The message of the error prepare() throws, or "" when it accepts.
std::string rejection(const json& doc, std::string* detail = nullptr) {
  try {
    kcidb::prepare(doc);
  } catch (const ciprov::core::Error& e) {
    EXPECT_EQ(e.sqlstate(), "22023");
    if (detail) *detail = e.detail();
    return e.what();
  }
  return "";
}

std::vector<fs::path> files(const char* dir, const char* suffix) {
  std::vector<fs::path> out;
  if (!fs::is_directory(kShared / dir)) return out;
  for (auto& e : fs::directory_iterator(kShared / dir)) {
    std::string name = e.path().filename().string();
    if (name.size() > std::strlen(suffix) &&
        name.compare(name.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
      out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

json v53(json body) {
  body["version"] = {{"major", 5}, {"minor", 3}};
  return body;
}

}  // namespace

TEST(Kcidb, UpgradesReproduceKcidbIoExactly) {
  auto befores = files("upgrades", ".before.json");
  if (befores.empty()) GTEST_SKIP() << "../shared/data/kcidb is absent";
  EXPECT_EQ(befores.size(), 18u);
  for (const fs::path& before_path : befores) {
    std::string name = before_path.string();
    fs::path after_path = name.substr(0, name.size() - std::strlen(".before.json")) + ".after.json";
    json before = load(before_path), after = load(after_path);
    int from = before["version"]["major"].get<int>() * 100 + before["version"].value("minor", 0);
    int to = after["version"]["major"].get<int>() * 100 + after["version"].value("minor", 0);
    kcidb::upgrade(before, from, to);
    EXPECT_EQ(before, after) << before_path.filename() << "\n got: " << before.dump(1);
  }
}

TEST(Kcidb, EveryVersionSampleIsAccepted) {
  auto samples = files("versions", ".json");
  if (samples.empty()) GTEST_SKIP() << "../shared/data/kcidb is absent";
  for (const fs::path& p : samples) EXPECT_EQ(rejection(load(p)), "") << p.filename();
}

TEST(Kcidb, KcidbRejectsAreRejectedWithPointer) {
  auto invalid = files("invalid", ".json");
  if (invalid.empty()) GTEST_SKIP() << "../shared/data/kcidb is absent";
  const std::map<std::string, std::string> expected = {
      {"001", "/checkouts/0/contacts: unknown field \"contacts\" in schema v5.0"},
      {"002", "/issues/0/build_valid: unknown field \"build_valid\" in schema v5.0"},
      {"003", "/issues/0/test_status: unknown field \"test_status\" in schema v5.0"},
      {"004", "/tests/0/path: \".\" is not a valid test path"},
      {"005", "/tests/0/path: \"..\" is not a valid test path"},
      {"010", "/tests/0/path: \"ltp..memcpy\" is not a valid test path"},
      {"013", "/tests/0/waived: unknown field \"waived\" in schema v5.0"},
      {"015", "/builds/0/log_excerpt: string contains a NUL character, which schema v5 forbids"},
      {"018",
       "/tests/0/environment/compatible/0: string contains a NUL character, which schema v5 "
       "forbids"},
      {"019",
       "/checkouts/0/git_repository_url: \"git://git.armlinux.org.uk/~rmk/linux-arm.git\" is not "
       "an https:// repository URL, which schema v5 requires"},
      {"020", "/: required field \"version\" is missing"},
  };
  for (const fs::path& p : invalid) {
    std::string message = rejection(load(p));
    EXPECT_NE(message, "") << p.filename();
    auto it = expected.find(p.filename().string().substr(0, 3));
    if (it != expected.end()) {
      EXPECT_EQ(message, it->second) << p.filename();
    }
  }
}

TEST(Kcidb, UpgradeFailuresAreRejected) {
  auto fails = files("upgrade-fails", ".json");
  if (fails.empty()) GTEST_SKIP() << "../shared/data/kcidb is absent";
  for (const fs::path& p : fails) {
    json doc = load(p);
    std::vector<kcidb::Problem> problems;
    ASSERT_EQ(kcidb::declared_version(doc, problems), 405);
    kcidb::validate(doc, 405, problems);
    EXPECT_TRUE(problems.empty()) << p.filename() << " is valid v4.5";
    EXPECT_NE(rejection(doc), "") << p.filename();
  }
  EXPECT_EQ(rejection(load(kShared / "upgrade-fails" / "001-v4.5-test-path-single-dot.json")),
            "/tests/0/path: \".\" is not a valid test path");
}

TEST(Kcidb, AllProblemsAreCollected) {
  json doc = v53(
      {{"tests", json::array({
                     {{"id", "o:1"}, {"origin", "o"}, {"build_id", "o:b"}, {"path", "a..b"}},
                     {{"id", "bad"}, {"origin", "O"}, {"status", "WEIRD"}, {"comment", nullptr}},
                 })}});
  std::string detail;
  EXPECT_EQ(rejection(doc, &detail), "/tests/0/path: \"a..b\" is not a valid test path");
  EXPECT_EQ(
      detail,
      "/tests/0/path: \"a..b\" is not a valid test path\n"
      "/tests/1/comment: null is not allowed (omit the field instead; only misc may hold null)\n"
      "/tests/1/id: \"bad\" is not a valid object id (expected \"<origin>:<id>\", origin of "
      "[a-z0-9_]+)\n"
      "/tests/1/origin: \"O\" is not a valid origin (expected [a-z0-9_]+)\n"
      "/tests/1/status: \"WEIRD\" is not a valid status (expected one of FAIL, ERROR, MISS, PASS, "
      "DONE, SKIP)\n"
      "/tests/1: required field \"build_id\" is missing");
}

TEST(Kcidb, ValueRules) {
  auto checkout = [](json fields) {
    json c = {{"id", "o:1"}, {"origin", "o"}};
    c.update(fields);
    return v53({{"checkouts", json::array({c})}});
  };
  EXPECT_EQ(rejection(checkout({{"git_commit_hash", "abc"}})),
            "/checkouts/0/git_commit_hash: \"abc\" is not a valid git commit hash (40 lowercase "
            "hex digits)");
  EXPECT_EQ(rejection(checkout({{"start_time", "2020-13-01T00:00:00Z"}})),
            "/checkouts/0/start_time: \"2020-13-01T00:00:00Z\" is not an RFC 3339 date-time");
  EXPECT_EQ(rejection(checkout({{"start_time", "2020-02-29T23:59:60.5+01:00"}})), "");
  EXPECT_EQ(rejection(checkout({{"log_excerpt", std::string(16385, 'x')}})),
            "/checkouts/0/log_excerpt: log excerpt is 16385 characters long, more than the limit "
            "of 16384");
  EXPECT_EQ(rejection(checkout({{"log_excerpt", std::string(16384, 'x')}})), "");
  EXPECT_EQ(rejection(checkout({{"patchset_hash", ""}, {"misc", {{"k", nullptr}}}})), "");
  EXPECT_EQ(rejection(checkout({{"valid", "yes"}})),
            "/checkouts/0/valid: expected a boolean, got a string");
  EXPECT_EQ(rejection(checkout(
                {{"patchset_files", json::array({{{"name", "a/b"}, {"url", "https://x"}}})}})),
            "/checkouts/0/patchset_files/0/name: \"a/b\" is not a valid resource name (non-empty, "
            "no \"/\")");
  EXPECT_EQ(rejection(json{{"version", {{"major", 6}, {"minor", 0}}}}),
            "/version: unsupported kcidb schema version 6.0 (ciprov accepts 3.0, 4.0, 4.1, 4.2, "
            "4.3, 4.4, 4.5, 5.0, 5.1, 5.2, 5.3)");
  EXPECT_EQ(rejection(json::array()), "/: a kcidb document must be a JSON object, got an array");
  // A major above 2^63 - 1 (unsigned in nlohmann) is an unknown version,
  // not a negative one that slipped through with no reason given.
  EXPECT_EQ(rejection(json::parse(R"({"version": {"major": 9333333333333353332}})")),
            "/version: unsupported kcidb schema version 9333333333333353332.0 (ciprov accepts 3.0, "
            "4.0, 4.1, 4.2, 4.3, 4.4, 4.5, 5.0, 5.1, 5.2, 5.3)");
  EXPECT_EQ(rejection(json::parse(R"({"version": {"major": 5, "minor": 18446744073709551615}})")),
            "/version: unsupported kcidb schema version 5.18446744073709551615 (ciprov accepts 3.0, "
            "4.0, 4.1, 4.2, 4.3, 4.4, 4.5, 5.0, 5.1, 5.2, 5.3)");
  EXPECT_EQ(rejection(json::parse(R"({"version": {"major": 18446744073709551616}})")),
            "/version/major: expected an integer >= 0, got 1.8446744073709552e+19");
  EXPECT_EQ(rejection(json::parse(R"({"version": {"major": -9333333333333353332}})")),
            "/version/major: expected an integer >= 0, got -9.333333333333352e+18");
  // Fields exist from the version that introduced them on.
  json v52 = checkout({{"origin_builds_finish_time", "2024-01-01T00:00:00Z"}});
  v52["version"]["minor"] = 0;
  EXPECT_EQ(rejection(v52),
            "/checkouts/0/origin_builds_finish_time: unknown field \"origin_builds_finish_time\" "
            "in schema v5.0");
}

TEST(Kcidb, WaivedV4TestBecomesIncident) {
  json doc = {
      {"version", {{"major", 4}, {"minor", 5}}},
      {"tests",
       json::array({{{"id", "o:t"}, {"origin", "o"}, {"build_id", "o:b"}, {"waived", true}}})}};
  kcidb::Prepared p = kcidb::prepare(doc);
  EXPECT_TRUE(p.rewritten);
  EXPECT_EQ(p.doc["version"], json({{"major", 5}, {"minor", 3}}));
  EXPECT_EQ(p.doc["issues"][0]["id"], "_:waived");
  EXPECT_EQ(p.doc["incidents"][0]["test_id"], "o:t");
  EXPECT_FALSE(p.doc["tests"][0].contains("waived"));
}

TEST(Kcidb, DuplicatesMergeFirstNonNullWins) {
  json doc =
      v53({{"tests", json::array({
                         {{"id", "o:1"}, {"origin", "o"}, {"build_id", "o:b"}, {"status", "PASS"}},
                         {{"id", "o:2"}, {"origin", "o"}, {"build_id", "o:b"}},
                         {{"id", "o:1"},
                          {"origin", "o"},
                          {"build_id", "o:c"},
                          {"comment", "late"},
                          {"environment", {{"comment", "env"}}}},
                     })},
           {"issues", json::array({{{"id", "o:i"}, {"origin", "o"}, {"version", 1}},
                                   {{"id", "o:i"}, {"origin", "o"}, {"version", 2}}})}});
  kcidb::Prepared p = kcidb::prepare(doc);
  EXPECT_TRUE(p.rewritten);
  ASSERT_EQ(p.doc["tests"].size(), 2u);
  EXPECT_EQ(p.doc["tests"][0]["build_id"], "o:b");
  EXPECT_EQ(p.doc["tests"][0]["comment"], "late");
  EXPECT_EQ(p.doc["tests"][0]["environment"]["comment"], "env");
  EXPECT_EQ(p.doc["issues"].size(), 2u);  // issues are keyed by (id, version)
  EXPECT_EQ(p.doc["issues"][1]["version"], 2);
  EXPECT_EQ(p.doc["tests"][1]["id"], "o:2");
}

TEST(Kcidb, V5DocumentsAreNotRewritten) {
  json doc =
      v53({{"builds", json::array({{{"id", "o:b"}, {"origin", "o"}, {"checkout_id", "o:c"}}})}});
  doc["builds"].push_back({{"id", "o:b2"}, {"origin", "o"}, {"checkout_id", "o:c"}});
  kcidb::Prepared p = kcidb::prepare(doc);
  EXPECT_FALSE(p.rewritten);
  EXPECT_EQ(p.doc["builds"], doc["builds"]);
  doc["version"]["minor"] = 1;
  EXPECT_FALSE(kcidb::prepare(doc).rewritten);
}

TEST(Kcidb, VersionDeclarations) {
  std::vector<kcidb::Problem> problems;
  EXPECT_EQ(kcidb::declared_version(json{{"version", {{"major", 4}}}}, problems),
            400);  // minor 0 when absent
  EXPECT_EQ(kcidb::declared_version(json{{"version", {{"major", 3}, {"minor", 0}}}}, problems),
            300);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(kcidb::declared_version(json{{"version", {{"major", 3}, {"minor", 1}}}}, problems), 0);
  EXPECT_EQ(kcidb::declared_version(json{{"version", {{"major", 5}, {"minor", 3}, {"patch", 1}}}},
                                    problems),
            0);
  EXPECT_EQ(kcidb::declared_version(json{{"version", {{"major", 5}, {"minor", -1}}}}, problems), 0);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(kcidb::format_problem(problems[1]),
            "/version/patch: unknown field \"patch\" in the version");
  EXPECT_EQ(kcidb::format_problem(problems[2]), "/version/minor: expected an integer >= 0, got -1");
}

TEST(Kcidb, PointersEscapeKeys) {
  json doc =
      v53({{"tests",
            json::array({{{"id", "o:t"}, {"origin", "o"}, {"build_id", "o:b"}, {"a/b~c", 1}}})}});
  EXPECT_EQ(rejection(doc), "/tests/0/a~1b~0c: unknown field \"a/b~c\" in schema v5.3");
}

TEST(Kcidb, TimesAndIds) {
  auto test_with = [](json fields) {
    json t = {{"id", "o:t"}, {"origin", "o"}, {"build_id", "o:b"}};
    t.update(fields);
    return rejection(v53({{"tests", json::array({t})}}));
  };
  for (const char* ok : {"2020-08-14T23:08:06.967000+00:00", "2020-08-14t23:08:06z",
                         "2020-08-14T23:08:06-07:30", "2024-02-29T00:00:00Z"})
    EXPECT_EQ(test_with({{"start_time", ok}}), "") << ok;
  for (const char* bad :
       {"2020-08-14", "2020-08-14 23:08:06Z", "2023-02-29T00:00:00Z", "2020-08-14T24:00:00Z",
        "2020-08-14T23:08:06", "2020-08-14T23:08:06.Z", "2020-08-14T23:08:06+0000"})
    EXPECT_NE(test_with({{"start_time", bad}}), "") << bad;
  EXPECT_NE(test_with({{"start_time", "0000-01-01T00:00:00Z"}}), "");
  EXPECT_EQ(test_with({{"id", "origin_2:anything: goes"}}), "");
  json issue =
      v53({{"issues", json::array({{{"id", "o:i"}, {"origin", "o"}, {"version", 2147483648LL}}})}});
  EXPECT_EQ(rejection(issue),
            "/issues/0/version: expected an integer from 0 to 2147483647, got 2147483648");
  issue["issues"][0]["version"] = std::uint64_t{9333333333333353332ULL};
  EXPECT_EQ(rejection(issue),
            "/issues/0/version: expected an integer from 0 to 2147483647, got 9333333333333353332");
  issue["issues"][0]["version"] = 2147483647;
  EXPECT_EQ(rejection(issue), "");
  EXPECT_NE(test_with({{"id", ":x"}}), "");
  // v3 revision ids: sha1, optionally + sha256
  json v3 = {
      {"version", {{"major", 3}, {"minor", 0}}},
      {"revisions",
       json::array({{{"id", "5e29d1443c46b6ca70a4c940a67e8c09f05dcb7e+abc"}, {"origin", "o"}}})}};
  EXPECT_EQ(rejection(v3).rfind("/revisions/0/id: ", 0), 0u);
}

TEST(Kcidb, IssuesAndIncidentsFromV41) {
  json doc = {{"version", {{"major", 4}, {"minor", 1}}},
              {"issues", json::array({{{"id", "o:i"}, {"origin", "o"}, {"version", 1}}})}};
  EXPECT_EQ(rejection(doc), "");
  doc["version"]["minor"] = 0;
  EXPECT_EQ(rejection(doc), "/issues: unknown field \"issues\" in schema v4.0");
}
