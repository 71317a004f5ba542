#include "core/kcidb_schema.h"

namespace ciprov::core::kcidb {

namespace {

constexpr VersionCode kAny = 9999;
constexpr VersionCode v3 = 300, v4 = 400, v4_1 = 401, v4_3 = 403, v4_4 = 404, v4_5 = 405, v5 = 500,
                      v5_1 = 501, v5_2 = 502, v5_3 = 503;

const VersionCode kKnown[] = {300, 400, 401, 402, 403, 404, 405, 500, 501, 502, 503};

// Fields shared by several objects. "since, until" are inclusive.
const std::vector<Field> kEnvironment = {
    {"description", Kind::Text, v3, v3, false, nullptr},
    {"comment", Kind::Text, v4, kAny, false, nullptr},
    {"compatible", Kind::CompatibleList, v4_4, kAny, false, nullptr},
    {"misc", Kind::Misc, v3, kAny, false, nullptr},
};

const std::vector<Field> kNumber = {
    {"value", Kind::Number, v4_4, kAny, true, nullptr},
    {"unit", Kind::Text, v4_4, kAny, false, nullptr},
    {"prefix", Kind::NumberPrefix, v4_4, kAny, false, nullptr},
};

const std::vector<Field> kCulprit = {
    {"code", Kind::Bool, v4_1, kAny, false, nullptr},
    {"tool", Kind::Bool, v4_1, kAny, false, nullptr},
    {"harness", Kind::Bool, v4_1, kAny, false, nullptr},
};

// v3 only: what became checkouts in v4.
const std::vector<Field> kRevision = {
    {"id", Kind::RevisionId, v3, v3, true, nullptr},
    {"origin", Kind::Origin, v3, v3, true, nullptr},
    {"tree_name", Kind::Text, v3, v3, false, nullptr},
    {"git_repository_url", Kind::RepoUrl, v3, v3, false, nullptr},
    {"git_commit_hash", Kind::CommitHash, v3, v3, false, nullptr},
    {"git_commit_name", Kind::Text, v3, v3, false, nullptr},
    {"git_repository_branch", Kind::Text, v3, v3, false, nullptr},
    {"patch_mboxes", Kind::ResourceList, v3, v3, false, nullptr},
    {"message_id", Kind::Email, v3, v3, false, nullptr},
    {"description", Kind::Text, v3, v3, false, nullptr},
    {"publishing_time", Kind::Time, v3, v3, false, nullptr},
    {"discovery_time", Kind::Time, v3, v3, false, nullptr},
    {"contacts", Kind::TextList, v3, v3, false, nullptr},
    {"log_url", Kind::Url, v3, v3, false, nullptr},
    {"valid", Kind::Bool, v3, v3, false, nullptr},
    {"misc", Kind::Misc, v3, v3, false, nullptr},
};

const std::vector<Field> kCheckout = {
    {"_timestamp", Kind::Time, v4_3, kAny, false, nullptr},
    {"id", Kind::Id, v4, kAny, true, nullptr},
    {"origin", Kind::Origin, v4, kAny, true, nullptr},
    {"tree_name", Kind::Text, v4, kAny, false, nullptr},
    {"git_repository_url", Kind::RepoUrl, v4, kAny, false, nullptr},
    {"git_commit_hash", Kind::CommitHash, v4, kAny, false, nullptr},
    {"git_commit_name", Kind::Text, v4, kAny, false, nullptr},
    {"git_commit_tags", Kind::TextList, v4_5, kAny, false, nullptr},
    {"git_commit_message", Kind::Text, v4_5, kAny, false, nullptr},
    {"git_repository_branch", Kind::Text, v4, kAny, false, nullptr},
    {"git_repository_branch_tip", Kind::Bool, v4_5, kAny, false, nullptr},
    {"patchset_files", Kind::ResourceList, v4, kAny, false, nullptr},
    {"patchset_hash", Kind::PatchsetHash, v4, kAny, false, nullptr},
    {"message_id", Kind::Email, v4, kAny, false, nullptr},
    {"comment", Kind::Text, v4, kAny, false, nullptr},
    {"start_time", Kind::Time, v4, kAny, false, nullptr},
    {"origin_builds_finish_time", Kind::Time, v5_1, kAny, false, nullptr},
    {"origin_tests_finish_time", Kind::Time, v5_1, kAny, false, nullptr},
    {"contacts", Kind::TextList, v4, v4_5, false, nullptr},
    {"log_url", Kind::Url, v4, kAny, false, nullptr},
    {"log_excerpt", Kind::LogExcerpt, v4, kAny, false, nullptr},
    {"valid", Kind::Bool, v4, kAny, false, nullptr},
    {"misc", Kind::Misc, v4, kAny, false, nullptr},
};

const std::vector<Field> kBuild = {
    {"_timestamp", Kind::Time, v4_3, kAny, false, nullptr},
    {"revision_id", Kind::RevisionId, v3, v3, true, nullptr},
    {"checkout_id", Kind::Id, v4, kAny, true, nullptr},
    {"id", Kind::Id, v3, kAny, true, nullptr},
    {"origin", Kind::Origin, v3, kAny, true, nullptr},
    {"description", Kind::Text, v3, v3, false, nullptr},
    {"comment", Kind::Text, v4, kAny, false, nullptr},
    {"start_time", Kind::Time, v3, kAny, false, nullptr},
    {"duration", Kind::Number, v3, kAny, false, nullptr},
    {"architecture", Kind::Architecture, v3, kAny, false, nullptr},
    {"command", Kind::Text, v3, kAny, false, nullptr},
    {"compiler", Kind::Text, v3, kAny, false, nullptr},
    {"input_files", Kind::ResourceList, v3, kAny, false, nullptr},
    {"output_files", Kind::ResourceList, v3, kAny, false, nullptr},
    {"config_name", Kind::Text, v3, kAny, false, nullptr},
    {"config_url", Kind::Url, v3, kAny, false, nullptr},
    {"log_url", Kind::Url, v3, kAny, false, nullptr},
    {"log_excerpt", Kind::LogExcerpt, v4, kAny, false, nullptr},
    {"valid", Kind::Bool, v3, v4_5, false, nullptr},
    {"status", Kind::Status, v5, kAny, false, nullptr},
    {"misc", Kind::Misc, v3, kAny, false, nullptr},
};

const std::vector<Field> kTest = {
    {"_timestamp", Kind::Time, v4_3, kAny, false, nullptr},
    {"build_id", Kind::Id, v3, kAny, true, nullptr},
    {"id", Kind::Id, v3, kAny, true, nullptr},
    {"origin", Kind::Origin, v3, kAny, true, nullptr},
    {"environment", Kind::Struct, v3, kAny, false, &kEnvironment},
    {"path", Kind::TestPath, v3, kAny, false, nullptr},
    {"description", Kind::Text, v3, v3, false, nullptr},
    {"comment", Kind::Text, v4, kAny, false, nullptr},
    {"log_url", Kind::Url, v4, kAny, false, nullptr},
    {"log_excerpt", Kind::LogExcerpt, v4, kAny, false, nullptr},
    {"status", Kind::Status, v3, kAny, false, nullptr},
    {"number", Kind::Struct, v4_4, kAny, false, &kNumber},
    {"waived", Kind::Bool, v3, v4_5, false, nullptr},
    {"start_time", Kind::Time, v3, kAny, false, nullptr},
    {"duration", Kind::Number, v3, kAny, false, nullptr},
    {"input_files", Kind::ResourceList, v5_3, kAny, false, nullptr},
    {"output_files", Kind::ResourceList, v3, kAny, false, nullptr},
    {"misc", Kind::Misc, v3, kAny, false, nullptr},
};

const std::vector<Field> kIssue = {
    {"_timestamp", Kind::Time, v4_3, kAny, false, nullptr},
    {"id", Kind::Id, v4_1, kAny, true, nullptr},
    {"version", Kind::Count, v4_1, kAny, true, nullptr},
    {"origin", Kind::Origin, v4_1, kAny, true, nullptr},
    {"categories", Kind::PathList, v5_2, kAny, false, nullptr},
    {"report_url", Kind::Url, v4_1, kAny, false, nullptr},
    {"report_subject", Kind::Text, v4_1, kAny, false, nullptr},
    {"culprit", Kind::Struct, v4_1, kAny, false, &kCulprit},
    {"build_valid", Kind::Bool, v4_1, v4_5, false, nullptr},
    {"test_status", Kind::Status, v4_1, v4_5, false, nullptr},
    {"comment", Kind::Text, v4_1, kAny, false, nullptr},
    {"misc", Kind::Misc, v4_1, kAny, false, nullptr},
};

const std::vector<Field> kIncident = {
    {"_timestamp", Kind::Time, v4_3, kAny, false, nullptr},
    {"id", Kind::Id, v4_1, kAny, true, nullptr},
    {"origin", Kind::Origin, v4_1, kAny, true, nullptr},
    {"issue_id", Kind::Id, v4_1, kAny, true, nullptr},
    {"issue_version", Kind::Count, v4_1, kAny, true, nullptr},
    {"build_id", Kind::Id, v4_1, kAny, false, nullptr},
    {"test_id", Kind::Id, v4_1, kAny, false, nullptr},
    {"present", Kind::Bool, v4_1, kAny, false, nullptr},
    {"comment", Kind::Text, v4_1, kAny, false, nullptr},
    {"misc", Kind::Misc, v4_1, kAny, false, nullptr},
};

const std::vector<Section> kSections = {
    {"revisions", v3, v3, &kRevision}, {"checkouts", v4, kAny, &kCheckout},
    {"builds", v3, kAny, &kBuild},     {"tests", v3, kAny, &kTest},
    {"issues", v4_1, kAny, &kIssue},   {"incidents", v4_1, kAny, &kIncident},
};

}  // namespace

bool is_known_version(VersionCode v) {
  for (VersionCode k : kKnown)
    if (k == v) return true;
  return false;
}

std::string version_text(VersionCode v) {
  return std::to_string(v / 100) + "." + std::to_string(v % 100);
}

const std::string& known_versions_text() {
  static const std::string text = [] {
    std::string s;
    for (VersionCode k : kKnown) {
      if (!s.empty()) s += ", ";
      s += version_text(k);
    }
    return s;
  }();
  return text;
}

const std::vector<Section>& sections() { return kSections; }

bool is_v5_test_path(const std::string& s) {
  if (s.empty()) return true;
  bool segment_empty = true;
  for (char c : s) {
    if (c == '.') {
      if (segment_empty) return false;
      segment_empty = true;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-') {
      segment_empty = false;
    } else {
      return false;
    }
  }
  return !segment_empty;
}

}  // namespace ciprov::core::kcidb
