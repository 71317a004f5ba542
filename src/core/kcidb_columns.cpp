#include "core/kcidb_columns.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

namespace ciprov::core::kcidb {

namespace {

constexpr std::string_view kText = "pg_catalog.text";
constexpr std::string_view kTime = "pg_catalog.timestamptz";
constexpr std::string_view kBool = "pg_catalog.bool";
constexpr std::string_view kJson = "pg_catalog.jsonb";
constexpr std::string_view kFloat = "pg_catalog.float8";
constexpr std::string_view kInt = "pg_catalog.int4";
constexpr std::string_view kTexts = "pg_catalog.text[]";

// Columns in kcidb's own PostgreSQL order; nested I/O objects are flattened
// into <object>_<field> columns, as kcidb names them.
constexpr Column kCheckouts[] = {
    {"_timestamp", kTime, "", "_timestamp"},
    {"id", kText, "", "id"},
    {"origin", kText, "", "origin"},
    {"tree_name", kText, "", "tree_name"},
    {"git_repository_url", kText, "", "git_repository_url"},
    {"git_commit_hash", kText, "", "git_commit_hash"},
    {"git_commit_name", kText, "", "git_commit_name"},
    {"git_repository_branch", kText, "", "git_repository_branch"},
    {"git_repository_branch_tip", kBool, "", "git_repository_branch_tip"},
    {"git_commit_tags", kTexts, "", "git_commit_tags"},
    {"git_commit_message", kText, "", "git_commit_message"},
    {"patchset_files", kJson, "", "patchset_files"},
    {"patchset_hash", kText, "", "patchset_hash"},
    {"message_id", kText, "", "message_id"},
    {"comment", kText, "", "comment"},
    {"start_time", kTime, "", "start_time"},
    {"origin_builds_finish_time", kTime, "", "origin_builds_finish_time"},
    {"origin_tests_finish_time", kTime, "", "origin_tests_finish_time"},
    {"log_url", kText, "", "log_url"},
    {"log_excerpt", kText, "", "log_excerpt"},
    {"valid", kBool, "", "valid"},
    {"misc", kJson, "", "misc"},
};

constexpr Column kBuilds[] = {
    {"_timestamp", kTime, "", "_timestamp"},
    {"checkout_id", kText, "", "checkout_id"},
    {"id", kText, "", "id"},
    {"origin", kText, "", "origin"},
    {"comment", kText, "", "comment"},
    {"start_time", kTime, "", "start_time"},
    {"duration", kFloat, "", "duration"},
    {"architecture", kText, "", "architecture"},
    {"command", kText, "", "command"},
    {"compiler", kText, "", "compiler"},
    {"input_files", kJson, "", "input_files"},
    {"output_files", kJson, "", "output_files"},
    {"config_name", kText, "", "config_name"},
    {"config_url", kText, "", "config_url"},
    {"log_url", kText, "", "log_url"},
    {"log_excerpt", kText, "", "log_excerpt"},
    {"misc", kJson, "", "misc"},
    {"status", "ciprov.status", "", "status"},
};

constexpr Column kTests[] = {
    {"_timestamp", kTime, "", "_timestamp"},
    {"build_id", kText, "", "build_id"},
    {"id", kText, "", "id"},
    {"origin", kText, "", "origin"},
    {"environment_comment", kText, "environment", "comment"},
    {"environment_misc", kJson, "environment", "misc"},
    {"environment_compatible", kTexts, "environment", "compatible"},
    {"path", "ciprov.testpath", "", "path"},
    {"comment", kText, "", "comment"},
    {"log_url", kText, "", "log_url"},
    {"log_excerpt", kText, "", "log_excerpt"},
    {"status", "ciprov.status", "", "status"},
    {"number_value", kFloat, "number", "value"},
    {"number_unit", kText, "number", "unit"},
    {"number_prefix", kText, "number", "prefix"},
    {"start_time", kTime, "", "start_time"},
    {"duration", kFloat, "", "duration"},
    {"output_files", kJson, "", "output_files"},
    {"input_files", kJson, "", "input_files"},
    {"misc", kJson, "", "misc"},
};

constexpr Column kIssues[] = {
    {"_timestamp", kTime, "", "_timestamp"},
    {"id", kText, "", "id"},
    {"version", kInt, "", "version"},
    {"origin", kText, "", "origin"},
    {"report_url", kText, "", "report_url"},
    {"report_subject", kText, "", "report_subject"},
    {"culprit_code", kBool, "culprit", "code"},
    {"culprit_tool", kBool, "culprit", "tool"},
    {"culprit_harness", kBool, "culprit", "harness"},
    {"comment", kText, "", "comment"},
    {"misc", kJson, "", "misc"},
    {"categories", "ciprov.testpath[]", "", "categories"},
};

constexpr Column kIncidents[] = {
    {"_timestamp", kTime, "", "_timestamp"},
    {"id", kText, "", "id"},
    {"origin", kText, "", "origin"},
    {"issue_id", kText, "", "issue_id"},
    {"issue_version", kInt, "", "issue_version"},
    {"build_id", kText, "", "build_id"},
    {"test_id", kText, "", "test_id"},
    {"present", kBool, "", "present"},
    {"comment", kText, "", "comment"},
    {"misc", kJson, "", "misc"},
};

template <std::size_t N>
constexpr Table make(std::string_view kind, std::string_view key, const Column (&cols)[N]) {
  return Table{kind, key, cols, N};
}

const std::array<Table, 5> kTables = {
    make("checkouts", "id", kCheckouts), make("builds", "id", kBuilds),
    make("tests", "id", kTests),         make("issues", "id, version", kIssues),
    make("incidents", "id", kIncidents),
};

bool is_key(const Table& t, std::string_view column) {
  return column == "id" || (column == "version" && t.key == "id, version");
}

// "a, b" -> "r.a COLLATE \"C\", r.b": the row order that fixes the lock order.
std::string order_by(const Table& t) {
  std::string out = "r.id COLLATE \"C\"";
  if (t.key == "id, version") out += ", r.version";
  return out;
}

}  // namespace

const Table& table(std::string_view kind) {
  for (const Table& t : kTables)
    if (t.kind == kind) return t;
  throw std::out_of_range("no kcidb table for kind " + std::string(kind));
}

std::string upsert_sql(const Table& t) {
  const Column* begin = t.columns;
  const Column* end = t.columns + t.column_count;
  std::string into, select, record, update;
  std::vector<std::string_view> objects;  // nested objects, first-seen order
  std::string sep;
  for (const Column* c = begin; c != end; ++c) {
    into += sep + std::string(c->name);
    if (c->name == "_timestamp") {
      select += sep + "COALESCE(r._timestamp, pg_catalog.now())";
    } else if (c->object.empty()) {
      select += sep + "r." + std::string(c->field);
    } else {
      select += sep + std::string(c->object) + "." + std::string(c->field);
    }
    if (c->object.empty()) {
      record += sep + std::string(c->field) + " " + std::string(c->type);
    } else if (std::find(objects.begin(), objects.end(), c->object) == objects.end()) {
      objects.push_back(c->object);
      record += sep + std::string(c->object) + " pg_catalog.jsonb";
    }
    if (!is_key(t, c->name)) {
      const std::string col(c->name);
      const char* merge = c->name == "_timestamp" ? "GREATEST" : "COALESCE";
      update += std::string(update.empty() ? "" : ",\n  ") + col + " = " + merge + "(t." + col +
                ", EXCLUDED." + col + ")";
    }
    sep = ", ";
  }
  std::string lateral;
  for (std::string_view obj : objects) {
    std::string fields;
    for (const Column* c = begin; c != end; ++c)
      if (c->object == obj)
        fields += std::string(fields.empty() ? "" : ", ") + std::string(c->field) + " " +
                  std::string(c->type);
    lateral += "\nCROSS JOIN LATERAL pg_catalog.jsonb_to_record(r." + std::string(obj) + ") AS " +
               std::string(obj) + "(" + fields + ")";
  }
  const std::string kind(t.kind);
  return "INSERT INTO ciprov." + kind + " AS t (" + into + ")\nSELECT " + select +
         "\nFROM pg_catalog.jsonb_to_recordset(pg_catalog.jsonb_object_field($1, '" + kind +
         "')) AS r(" + record + ")" + lateral + "\nORDER BY " + order_by(t) + "\nON CONFLICT (" +
         std::string(t.key) + ") DO UPDATE SET\n  " + update;
}

}  // namespace ciprov::core::kcidb
