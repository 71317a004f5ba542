// ciprov.kcidb_submit(doc jsonb): validate, upgrade to 5.3, merge into the
// kcidb tables. The checks and the upgrade are the core's
// (core/kcidb_submit.h); this file only runs the five prepared statements.
//
// Each table is written by one multi-row statement that reads its rows
// straight out of the jsonb document (jsonb_to_recordset), sorted by key,
// and merges them with ON CONFLICT ... DO UPDATE SET c = COALESCE(stored,
// new): a non-null value beats null, a stored non-null value stays, and
// _timestamp keeps the latest. Tables are always written in the same order
// (checkouts, builds, tests, issues, incidents) and rows in key order, so
// two submitters of overlapping objects take their row locks in one global
// order and cannot deadlock.
#include <array>
#include <string>

#include "core/kcidb_submit.h"
#include "pg/datum.h"
#include "pg/guard.h"
#include "pg/kcidb_jsonb.h"
#include "pg/rollup_flush.h"

extern "C" {
#include "executor/spi.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
}

namespace kcidb = ciprov::core::kcidb;

namespace {

// One upsert per kind, same order as kcidb::kKinds. $1 is the whole v5.3
// document; nested I/O objects are flattened with jsonb_to_record.
// clang-format off
const std::array<const char*, 5> kUpsert = {
    // checkouts
    R"sql(
INSERT INTO ciprov.checkouts AS t (_timestamp, id, origin, tree_name, git_repository_url,
    git_commit_hash, git_commit_name, git_repository_branch, git_repository_branch_tip,
    git_commit_tags, git_commit_message, patchset_files, patchset_hash, message_id, comment,
    start_time, origin_builds_finish_time, origin_tests_finish_time, log_url, log_excerpt,
    valid, misc)
SELECT COALESCE(r._timestamp, pg_catalog.now()), r.id, r.origin, r.tree_name,
    r.git_repository_url, r.git_commit_hash, r.git_commit_name, r.git_repository_branch,
    r.git_repository_branch_tip, r.git_commit_tags, r.git_commit_message, r.patchset_files,
    r.patchset_hash, r.message_id, r.comment, r.start_time, r.origin_builds_finish_time,
    r.origin_tests_finish_time, r.log_url, r.log_excerpt, r.valid, r.misc
FROM pg_catalog.jsonb_to_recordset(pg_catalog.jsonb_object_field($1, 'checkouts')) AS r(
    _timestamp pg_catalog.timestamptz, id pg_catalog.text,
    origin pg_catalog.text, tree_name pg_catalog.text, git_repository_url pg_catalog.text,
    git_commit_hash pg_catalog.text, git_commit_name pg_catalog.text,
    git_repository_branch pg_catalog.text, git_repository_branch_tip pg_catalog.bool,
    git_commit_tags pg_catalog.text[], git_commit_message pg_catalog.text,
    patchset_files pg_catalog.jsonb, patchset_hash pg_catalog.text, message_id pg_catalog.text,
    comment pg_catalog.text, start_time pg_catalog.timestamptz,
    origin_builds_finish_time pg_catalog.timestamptz,
    origin_tests_finish_time pg_catalog.timestamptz, log_url pg_catalog.text,
    log_excerpt pg_catalog.text, valid pg_catalog.bool, misc pg_catalog.jsonb)
ORDER BY r.id COLLATE "C"
ON CONFLICT (id) DO UPDATE SET
  _timestamp = GREATEST(t._timestamp, EXCLUDED._timestamp),
  origin = COALESCE(t.origin, EXCLUDED.origin),
  tree_name = COALESCE(t.tree_name, EXCLUDED.tree_name),
  git_repository_url = COALESCE(t.git_repository_url, EXCLUDED.git_repository_url),
  git_commit_hash = COALESCE(t.git_commit_hash, EXCLUDED.git_commit_hash),
  git_commit_name = COALESCE(t.git_commit_name, EXCLUDED.git_commit_name),
  git_repository_branch = COALESCE(t.git_repository_branch, EXCLUDED.git_repository_branch),
  git_repository_branch_tip = COALESCE(t.git_repository_branch_tip,
    EXCLUDED.git_repository_branch_tip),
  git_commit_tags = COALESCE(t.git_commit_tags, EXCLUDED.git_commit_tags),
  git_commit_message = COALESCE(t.git_commit_message, EXCLUDED.git_commit_message),
  patchset_files = COALESCE(t.patchset_files, EXCLUDED.patchset_files),
  patchset_hash = COALESCE(t.patchset_hash, EXCLUDED.patchset_hash),
  message_id = COALESCE(t.message_id, EXCLUDED.message_id),
  comment = COALESCE(t.comment, EXCLUDED.comment),
  start_time = COALESCE(t.start_time, EXCLUDED.start_time),
  origin_builds_finish_time = COALESCE(t.origin_builds_finish_time,
    EXCLUDED.origin_builds_finish_time),
  origin_tests_finish_time = COALESCE(t.origin_tests_finish_time,
    EXCLUDED.origin_tests_finish_time),
  log_url = COALESCE(t.log_url, EXCLUDED.log_url),
  log_excerpt = COALESCE(t.log_excerpt, EXCLUDED.log_excerpt),
  valid = COALESCE(t.valid, EXCLUDED.valid),
  misc = COALESCE(t.misc, EXCLUDED.misc)
)sql",
    // builds
    R"sql(
INSERT INTO ciprov.builds AS t (_timestamp, checkout_id, id, origin, comment, start_time,
    duration, architecture, command, compiler, input_files, output_files, config_name,
    config_url, log_url, log_excerpt, misc, status)
SELECT COALESCE(r._timestamp, pg_catalog.now()), r.checkout_id, r.id, r.origin, r.comment,
    r.start_time, r.duration, r.architecture, r.command, r.compiler, r.input_files,
    r.output_files, r.config_name, r.config_url, r.log_url, r.log_excerpt, r.misc, r.status
FROM pg_catalog.jsonb_to_recordset(pg_catalog.jsonb_object_field($1, 'builds')) AS r(
    _timestamp pg_catalog.timestamptz, checkout_id pg_catalog.text,
    id pg_catalog.text, origin pg_catalog.text, comment pg_catalog.text,
    start_time pg_catalog.timestamptz, duration pg_catalog.float8,
    architecture pg_catalog.text, command pg_catalog.text, compiler pg_catalog.text,
    input_files pg_catalog.jsonb, output_files pg_catalog.jsonb, config_name pg_catalog.text,
    config_url pg_catalog.text, log_url pg_catalog.text, log_excerpt pg_catalog.text,
    misc pg_catalog.jsonb, status ciprov.status)
ORDER BY r.id COLLATE "C"
ON CONFLICT (id) DO UPDATE SET
  _timestamp = GREATEST(t._timestamp, EXCLUDED._timestamp),
  checkout_id = COALESCE(t.checkout_id, EXCLUDED.checkout_id),
  origin = COALESCE(t.origin, EXCLUDED.origin),
  comment = COALESCE(t.comment, EXCLUDED.comment),
  start_time = COALESCE(t.start_time, EXCLUDED.start_time),
  duration = COALESCE(t.duration, EXCLUDED.duration),
  architecture = COALESCE(t.architecture, EXCLUDED.architecture),
  command = COALESCE(t.command, EXCLUDED.command),
  compiler = COALESCE(t.compiler, EXCLUDED.compiler),
  input_files = COALESCE(t.input_files, EXCLUDED.input_files),
  output_files = COALESCE(t.output_files, EXCLUDED.output_files),
  config_name = COALESCE(t.config_name, EXCLUDED.config_name),
  config_url = COALESCE(t.config_url, EXCLUDED.config_url),
  log_url = COALESCE(t.log_url, EXCLUDED.log_url),
  log_excerpt = COALESCE(t.log_excerpt, EXCLUDED.log_excerpt),
  misc = COALESCE(t.misc, EXCLUDED.misc),
  status = COALESCE(t.status, EXCLUDED.status)
)sql",
    // tests
    R"sql(
INSERT INTO ciprov.tests AS t (_timestamp, build_id, id, origin, environment_comment,
    environment_misc, environment_compatible, path, comment, log_url, log_excerpt, status,
    number_value, number_unit, number_prefix, start_time, duration, output_files, input_files,
    misc)
SELECT COALESCE(r._timestamp, pg_catalog.now()), r.build_id, r.id, r.origin, e.comment, e.misc,
    e.compatible, r.path, r.comment, r.log_url, r.log_excerpt, r.status, n.value, n.unit,
    n.prefix, r.start_time, r.duration, r.output_files, r.input_files, r.misc
FROM pg_catalog.jsonb_to_recordset(pg_catalog.jsonb_object_field($1, 'tests')) AS r(
    _timestamp pg_catalog.timestamptz, build_id pg_catalog.text,
    id pg_catalog.text, origin pg_catalog.text, environment pg_catalog.jsonb,
    path ciprov.testpath, comment pg_catalog.text, log_url pg_catalog.text,
    log_excerpt pg_catalog.text, status ciprov.status, number pg_catalog.jsonb,
    start_time pg_catalog.timestamptz, duration pg_catalog.float8,
    output_files pg_catalog.jsonb, input_files pg_catalog.jsonb, misc pg_catalog.jsonb)
CROSS JOIN LATERAL pg_catalog.jsonb_to_record(r.environment) AS e(comment pg_catalog.text,
    misc pg_catalog.jsonb, compatible pg_catalog.text[])
CROSS JOIN LATERAL pg_catalog.jsonb_to_record(r.number) AS n(value pg_catalog.float8,
    unit pg_catalog.text, prefix pg_catalog.text)
ORDER BY r.id COLLATE "C"
ON CONFLICT (id) DO UPDATE SET
  _timestamp = GREATEST(t._timestamp, EXCLUDED._timestamp),
  build_id = COALESCE(t.build_id, EXCLUDED.build_id),
  origin = COALESCE(t.origin, EXCLUDED.origin),
  environment_comment = COALESCE(t.environment_comment, EXCLUDED.environment_comment),
  environment_misc = COALESCE(t.environment_misc, EXCLUDED.environment_misc),
  environment_compatible = COALESCE(t.environment_compatible, EXCLUDED.environment_compatible),
  path = COALESCE(t.path, EXCLUDED.path),
  comment = COALESCE(t.comment, EXCLUDED.comment),
  log_url = COALESCE(t.log_url, EXCLUDED.log_url),
  log_excerpt = COALESCE(t.log_excerpt, EXCLUDED.log_excerpt),
  status = COALESCE(t.status, EXCLUDED.status),
  number_value = COALESCE(t.number_value, EXCLUDED.number_value),
  number_unit = COALESCE(t.number_unit, EXCLUDED.number_unit),
  number_prefix = COALESCE(t.number_prefix, EXCLUDED.number_prefix),
  start_time = COALESCE(t.start_time, EXCLUDED.start_time),
  duration = COALESCE(t.duration, EXCLUDED.duration),
  output_files = COALESCE(t.output_files, EXCLUDED.output_files),
  input_files = COALESCE(t.input_files, EXCLUDED.input_files),
  misc = COALESCE(t.misc, EXCLUDED.misc)
)sql",
    // issues
    R"sql(
INSERT INTO ciprov.issues AS t (_timestamp, id, version, origin, report_url, report_subject,
    culprit_code, culprit_tool, culprit_harness, comment, misc, categories)
SELECT COALESCE(r._timestamp, pg_catalog.now()), r.id, r.version, r.origin, r.report_url,
    r.report_subject, c.code, c.tool, c.harness, r.comment, r.misc, r.categories
FROM pg_catalog.jsonb_to_recordset(pg_catalog.jsonb_object_field($1, 'issues')) AS r(
    _timestamp pg_catalog.timestamptz, id pg_catalog.text,
    version pg_catalog.int4, origin pg_catalog.text, report_url pg_catalog.text,
    report_subject pg_catalog.text, culprit pg_catalog.jsonb, comment pg_catalog.text,
    misc pg_catalog.jsonb, categories ciprov.testpath[])
CROSS JOIN LATERAL pg_catalog.jsonb_to_record(r.culprit) AS c(code pg_catalog.bool,
    tool pg_catalog.bool, harness pg_catalog.bool)
ORDER BY r.id COLLATE "C", r.version
ON CONFLICT (id, version) DO UPDATE SET
  _timestamp = GREATEST(t._timestamp, EXCLUDED._timestamp),
  origin = COALESCE(t.origin, EXCLUDED.origin),
  report_url = COALESCE(t.report_url, EXCLUDED.report_url),
  report_subject = COALESCE(t.report_subject, EXCLUDED.report_subject),
  culprit_code = COALESCE(t.culprit_code, EXCLUDED.culprit_code),
  culprit_tool = COALESCE(t.culprit_tool, EXCLUDED.culprit_tool),
  culprit_harness = COALESCE(t.culprit_harness, EXCLUDED.culprit_harness),
  comment = COALESCE(t.comment, EXCLUDED.comment),
  misc = COALESCE(t.misc, EXCLUDED.misc),
  categories = COALESCE(t.categories, EXCLUDED.categories)
)sql",
    // incidents
    R"sql(
INSERT INTO ciprov.incidents AS t (_timestamp, id, origin, issue_id, issue_version, build_id,
    test_id, present, comment, misc)
SELECT COALESCE(r._timestamp, pg_catalog.now()), r.id, r.origin, r.issue_id, r.issue_version,
    r.build_id, r.test_id, r.present, r.comment, r.misc
FROM pg_catalog.jsonb_to_recordset(pg_catalog.jsonb_object_field($1, 'incidents')) AS r(
    _timestamp pg_catalog.timestamptz, id pg_catalog.text,
    origin pg_catalog.text, issue_id pg_catalog.text, issue_version pg_catalog.int4,
    build_id pg_catalog.text, test_id pg_catalog.text, present pg_catalog.bool,
    comment pg_catalog.text, misc pg_catalog.jsonb)
ORDER BY r.id COLLATE "C"
ON CONFLICT (id) DO UPDATE SET
  _timestamp = GREATEST(t._timestamp, EXCLUDED._timestamp),
  origin = COALESCE(t.origin, EXCLUDED.origin),
  issue_id = COALESCE(t.issue_id, EXCLUDED.issue_id),
  issue_version = COALESCE(t.issue_version, EXCLUDED.issue_version),
  build_id = COALESCE(t.build_id, EXCLUDED.build_id),
  test_id = COALESCE(t.test_id, EXCLUDED.test_id),
  present = COALESCE(t.present, EXCLUDED.present),
  comment = COALESCE(t.comment, EXCLUDED.comment),
  misc = COALESCE(t.misc, EXCLUDED.misc)
)sql",
};
// clang-format on

// Prepared once per backend and kept (SPI_keepplan); the plan cache
// re-plans them by itself when the tables change.
std::array<SPIPlanPtr, 5> g_plans{};

SPIPlanPtr plan_for(std::size_t kind) {
  if (g_plans[kind] != nullptr) return g_plans[kind];
  const char* sql = kUpsert[kind];
  SPIPlanPtr plan = ciprov::pg::guarded([sql] {
    Oid types[1] = {JSONBOID};
    SPIPlanPtr p = SPI_prepare(sql, 1, types);
    if (p == nullptr)
      elog(ERROR, "ciprov: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
    if (SPI_keepplan(p) != 0) elog(ERROR, "ciprov: SPI_keepplan failed");
    return p;
  });
  g_plans[kind] = plan;
  return plan;
}

bool has_objects(const nlohmann::json& doc, const char* kind) {
  auto it = doc.find(kind);
  return it != doc.end() && it->is_array() && !it->empty();
}

}  // namespace

CIPROV_FUNCTION(ciprov_kcidb_submit) {
  auto* input = reinterpret_cast<Jsonb*>(ciprov::pg::arg_varlena(fcinfo, 0));
  // Validate a light copy; only a document that must be rewritten (an
  // upgrade, merged repeats) is converted again in full.
  kcidb::Prepared prepared = kcidb::prepare(ciprov::pg::jsonb_to_json(input, true));
  if (prepared.rewritten) prepared = kcidb::prepare(ciprov::pg::jsonb_to_json(input));

  // An untouched v5 document goes to the statements as it came in.
  Datum doc = prepared.rewritten ? ciprov::pg::json_to_jsonb(prepared.doc) : PointerGetDatum(input);

  std::array<std::uint64_t, 5> counts{};
  ciprov::pg::SubmitScope submitting;  // rollup triggers: we flush ourselves
  ciprov::pg::guarded([] {
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "ciprov: SPI_connect failed");
  });
  for (std::size_t k = 0; k < kcidb::kKinds.size(); ++k) {
    if (!has_objects(prepared.doc, kcidb::kKinds[k])) continue;
    SPIPlanPtr plan = plan_for(k);
    counts[k] = ciprov::pg::guarded([plan, doc] {
      Datum values[1] = {doc};
      int rc = SPI_execute_plan(plan, values, nullptr, false, 0);
      if (rc != SPI_OK_INSERT)
        elog(ERROR, "ciprov: kcidb upsert failed: %s", SPI_result_code_string(rc));
      return static_cast<std::uint64_t>(SPI_processed);
    });
  }
  // Rollups (docs/rollup.md): only when a trigger noted something, so
  // with rollups off or on an unchanged resubmission this costs nothing.
  if (ciprov::pg::rollup_pending()) ciprov::pg::rollup_flush();
  ciprov::pg::guarded([] { SPI_finish(); });

  nlohmann::json result = nlohmann::json::object();
  for (std::size_t k = 0; k < kcidb::kKinds.size(); ++k) result[kcidb::kKinds[k]] = counts[k];
  return ciprov::pg::json_to_jsonb(result);
}

// ciprov.kcidb_upgrade(doc): the checks and the upgrade of kcidb_submit
// without the write; returns the v5.3 document kcidb_submit would store.
CIPROV_FUNCTION(ciprov_kcidb_upgrade) {
  auto* input = reinterpret_cast<Jsonb*>(ciprov::pg::arg_varlena(fcinfo, 0));
  kcidb::Prepared prepared = kcidb::prepare(ciprov::pg::jsonb_to_json(input));
  return ciprov::pg::json_to_jsonb(prepared.doc);
}
