#!/usr/bin/env bash
# kcidb submission throughput on the KernelCI dashboard's real corpus
# (../shared/data/kcidb/submissions.zip, 500 submissions), side by side:
#
#   ciprov      ciprov.kcidb_submit(doc): full validation against the
#               declared version, upgrade to 5.3, merge in key order.
#   plain SQL   (a) what kcidb and the dashboard do in SQL: per table
#               jsonb_to_recordset, then INSERT ... ON CONFLICT DO UPDATE SET
#               c = COALESCE(stored, new); no validation (plpgsql, cached plans).
#               DISTINCT ON (id) because the corpus repeats ids inside one
#               document, which a bare ON CONFLICT DO UPDATE refuses.
#   COPY        (b) the floor: COPY of the same rows, already flattened and
#               deduplicated, into the same (empty) tables.
#
# Each method starts from empty tables and submits every document once, one
# call per document, in one psql session; best of RUNS (default 3) runs.
# Run by scripts/bench.sh with PGHOST/PGPORT/PGUSER/PGDATABASE set.
set -euo pipefail
cd "$(dirname "$0")/../.."
zip=../shared/data/kcidb/submissions.zip
if [ ! -f "$zip" ]; then
  echo "skipped: ../shared/data is absent"
  exit 0
fi
runs=${RUNS:-3}
psql() { command psql -X -v ON_ERROR_STOP=1 -qAt "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The corpus as a table of jsonb documents (read client-side).
psql -c "DROP TABLE IF EXISTS bench_docs" -c "CREATE TABLE bench_docs (n int PRIMARY KEY, doc jsonb NOT NULL)"
n=0
for m in $(unzip -Z1 "$zip" | sort); do
  n=$((n + 1))
  printf '%s\t%s\n' "$n" "$(unzip -p "$zip" "$m" | tr -d '\n' | sed 's/\\/\\\\/g')"
done > "$work/docs.tsv"
psql -c "\\copy bench_docs FROM '$work/docs.tsv'"
objects=$(psql -c "SELECT sum(coalesce(jsonb_array_length(doc->'checkouts'),0) + coalesce(jsonb_array_length(doc->'builds'),0)
  + coalesce(jsonb_array_length(doc->'tests'),0) + coalesce(jsonb_array_length(doc->'issues'),0)
  + coalesce(jsonb_array_length(doc->'incidents'),0)) FROM bench_docs")

# (a) The plain-SQL upsert, kcidb's way: five statements, no validation.
psql <<'SQL'
CREATE OR REPLACE FUNCTION bench_plain_upsert(d jsonb) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
  INSERT INTO ciprov.checkouts AS t (_timestamp, id, origin, tree_name, git_repository_url, git_commit_hash,
    git_commit_name, git_repository_branch, git_repository_branch_tip, git_commit_tags, git_commit_message,
    patchset_files, patchset_hash, message_id, comment, start_time, origin_builds_finish_time,
    origin_tests_finish_time, log_url, log_excerpt, valid, misc)
  SELECT DISTINCT ON (r.id) coalesce(r._timestamp, now()), r.id, r.origin, r.tree_name, r.git_repository_url, r.git_commit_hash,
    r.git_commit_name, r.git_repository_branch, r.git_repository_branch_tip, r.git_commit_tags, r.git_commit_message,
    r.patchset_files, r.patchset_hash, r.message_id, r.comment, r.start_time, r.origin_builds_finish_time,
    r.origin_tests_finish_time, r.log_url, r.log_excerpt, r.valid, r.misc
  FROM jsonb_to_recordset(d->'checkouts') AS r(_timestamp timestamptz, id text, origin text, tree_name text,
    git_repository_url text, git_commit_hash text, git_commit_name text, git_repository_branch text,
    git_repository_branch_tip bool, git_commit_tags text[], git_commit_message text, patchset_files jsonb,
    patchset_hash text, message_id text, comment text, start_time timestamptz, origin_builds_finish_time timestamptz,
    origin_tests_finish_time timestamptz, log_url text, log_excerpt text, valid bool, misc jsonb)
  ON CONFLICT (id) DO UPDATE SET _timestamp = greatest(t._timestamp, excluded._timestamp),
    tree_name = coalesce(t.tree_name, excluded.tree_name), git_repository_url = coalesce(t.git_repository_url, excluded.git_repository_url),
    git_commit_hash = coalesce(t.git_commit_hash, excluded.git_commit_hash), git_commit_name = coalesce(t.git_commit_name, excluded.git_commit_name),
    git_repository_branch = coalesce(t.git_repository_branch, excluded.git_repository_branch),
    git_repository_branch_tip = coalesce(t.git_repository_branch_tip, excluded.git_repository_branch_tip),
    git_commit_tags = coalesce(t.git_commit_tags, excluded.git_commit_tags), git_commit_message = coalesce(t.git_commit_message, excluded.git_commit_message),
    patchset_files = coalesce(t.patchset_files, excluded.patchset_files), patchset_hash = coalesce(t.patchset_hash, excluded.patchset_hash),
    message_id = coalesce(t.message_id, excluded.message_id), comment = coalesce(t.comment, excluded.comment),
    start_time = coalesce(t.start_time, excluded.start_time), origin_builds_finish_time = coalesce(t.origin_builds_finish_time, excluded.origin_builds_finish_time),
    origin_tests_finish_time = coalesce(t.origin_tests_finish_time, excluded.origin_tests_finish_time),
    log_url = coalesce(t.log_url, excluded.log_url), log_excerpt = coalesce(t.log_excerpt, excluded.log_excerpt),
    valid = coalesce(t.valid, excluded.valid), misc = coalesce(t.misc, excluded.misc);
  INSERT INTO ciprov.builds AS t (_timestamp, checkout_id, id, origin, comment, start_time, duration, architecture,
    command, compiler, input_files, output_files, config_name, config_url, log_url, log_excerpt, misc, status)
  SELECT DISTINCT ON (r.id) coalesce(r._timestamp, now()), r.checkout_id, r.id, r.origin, r.comment, r.start_time, r.duration, r.architecture,
    r.command, r.compiler, r.input_files, r.output_files, r.config_name, r.config_url, r.log_url, r.log_excerpt, r.misc, r.status
  FROM jsonb_to_recordset(d->'builds') AS r(_timestamp timestamptz, checkout_id text, id text, origin text, comment text,
    start_time timestamptz, duration float8, architecture text, command text, compiler text, input_files jsonb,
    output_files jsonb, config_name text, config_url text, log_url text, log_excerpt text, misc jsonb, status ciprov.status)
  ON CONFLICT (id) DO UPDATE SET _timestamp = greatest(t._timestamp, excluded._timestamp),
    checkout_id = coalesce(t.checkout_id, excluded.checkout_id), comment = coalesce(t.comment, excluded.comment),
    start_time = coalesce(t.start_time, excluded.start_time), duration = coalesce(t.duration, excluded.duration),
    architecture = coalesce(t.architecture, excluded.architecture), command = coalesce(t.command, excluded.command),
    compiler = coalesce(t.compiler, excluded.compiler), input_files = coalesce(t.input_files, excluded.input_files),
    output_files = coalesce(t.output_files, excluded.output_files), config_name = coalesce(t.config_name, excluded.config_name),
    config_url = coalesce(t.config_url, excluded.config_url), log_url = coalesce(t.log_url, excluded.log_url),
    log_excerpt = coalesce(t.log_excerpt, excluded.log_excerpt), misc = coalesce(t.misc, excluded.misc),
    status = coalesce(t.status, excluded.status);
  INSERT INTO ciprov.tests AS t (_timestamp, build_id, id, origin, environment_comment, environment_misc,
    environment_compatible, path, comment, log_url, log_excerpt, status, number_value, number_unit, number_prefix,
    start_time, duration, output_files, input_files, misc)
  SELECT DISTINCT ON (r.id) coalesce(r._timestamp, now()), r.build_id, r.id, r.origin, r.environment->>'comment', r.environment->'misc',
    (SELECT array_agg(c) FROM jsonb_array_elements_text(r.environment->'compatible') c), r.path, r.comment, r.log_url,
    r.log_excerpt, r.status, (r.number->>'value')::float8, r.number->>'unit', r.number->>'prefix', r.start_time,
    r.duration, r.output_files, r.input_files, r.misc
  FROM jsonb_to_recordset(d->'tests') AS r(_timestamp timestamptz, build_id text, id text, origin text, environment jsonb,
    path ciprov.testpath, comment text, log_url text, log_excerpt text, status ciprov.status, number jsonb,
    start_time timestamptz, duration float8, output_files jsonb, input_files jsonb, misc jsonb)
  ON CONFLICT (id) DO UPDATE SET _timestamp = greatest(t._timestamp, excluded._timestamp),
    build_id = coalesce(t.build_id, excluded.build_id), environment_comment = coalesce(t.environment_comment, excluded.environment_comment),
    environment_misc = coalesce(t.environment_misc, excluded.environment_misc),
    environment_compatible = coalesce(t.environment_compatible, excluded.environment_compatible),
    path = coalesce(t.path, excluded.path), comment = coalesce(t.comment, excluded.comment), log_url = coalesce(t.log_url, excluded.log_url),
    log_excerpt = coalesce(t.log_excerpt, excluded.log_excerpt), status = coalesce(t.status, excluded.status),
    number_value = coalesce(t.number_value, excluded.number_value), number_unit = coalesce(t.number_unit, excluded.number_unit),
    number_prefix = coalesce(t.number_prefix, excluded.number_prefix), start_time = coalesce(t.start_time, excluded.start_time),
    duration = coalesce(t.duration, excluded.duration), output_files = coalesce(t.output_files, excluded.output_files),
    input_files = coalesce(t.input_files, excluded.input_files), misc = coalesce(t.misc, excluded.misc);
  INSERT INTO ciprov.issues AS t (_timestamp, id, version, origin, report_url, report_subject, culprit_code,
    culprit_tool, culprit_harness, comment, misc, categories)
  SELECT DISTINCT ON (r.id, r.version) coalesce(r._timestamp, now()), r.id, r.version, r.origin, r.report_url, r.report_subject,
    (r.culprit->>'code')::bool, (r.culprit->>'tool')::bool, (r.culprit->>'harness')::bool, r.comment, r.misc, r.categories
  FROM jsonb_to_recordset(d->'issues') AS r(_timestamp timestamptz, id text, version int, origin text, report_url text,
    report_subject text, culprit jsonb, comment text, misc jsonb, categories ciprov.testpath[])
  ON CONFLICT (id, version) DO UPDATE SET _timestamp = greatest(t._timestamp, excluded._timestamp),
    report_url = coalesce(t.report_url, excluded.report_url), report_subject = coalesce(t.report_subject, excluded.report_subject),
    culprit_code = coalesce(t.culprit_code, excluded.culprit_code), culprit_tool = coalesce(t.culprit_tool, excluded.culprit_tool),
    culprit_harness = coalesce(t.culprit_harness, excluded.culprit_harness), comment = coalesce(t.comment, excluded.comment),
    misc = coalesce(t.misc, excluded.misc), categories = coalesce(t.categories, excluded.categories);
  INSERT INTO ciprov.incidents AS t (_timestamp, id, origin, issue_id, issue_version, build_id, test_id, present, comment, misc)
  SELECT DISTINCT ON (r.id) coalesce(r._timestamp, now()), r.id, r.origin, r.issue_id, r.issue_version, r.build_id, r.test_id, r.present, r.comment, r.misc
  FROM jsonb_to_recordset(d->'incidents') AS r(_timestamp timestamptz, id text, origin text, issue_id text, issue_version int,
    build_id text, test_id text, present bool, comment text, misc jsonb)
  ON CONFLICT (id) DO UPDATE SET _timestamp = greatest(t._timestamp, excluded._timestamp),
    issue_id = coalesce(t.issue_id, excluded.issue_id), issue_version = coalesce(t.issue_version, excluded.issue_version),
    build_id = coalesce(t.build_id, excluded.build_id), test_id = coalesce(t.test_id, excluded.test_id),
    present = coalesce(t.present, excluded.present), comment = coalesce(t.comment, excluded.comment), misc = coalesce(t.misc, excluded.misc);
END
$f$;
SQL

truncate_all="TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents"

# (b) The COPY floor: the rows kcidb_submit stores, exported once as text.
psql -c "$truncate_all" -c "SELECT count(ciprov.kcidb_submit(doc)) FROM (SELECT doc FROM bench_docs ORDER BY n) s" >/dev/null
for t in checkouts builds tests issues incidents; do
  psql -c "\\copy ciprov.$t TO '$work/$t.copy'"
done
rows=$(psql -c "SELECT (SELECT count(*) FROM ciprov.checkouts) + (SELECT count(*) FROM ciprov.builds) + (SELECT count(*) FROM ciprov.tests)
  + (SELECT count(*) FROM ciprov.issues) + (SELECT count(*) FROM ciprov.incidents)")

# One timed run: empty tables, then the statements in one session; prints seconds.
timed() {
  psql -c "$truncate_all" -c "VACUUM ANALYZE ciprov.tests" >/dev/null
  local start end
  start=$(date +%s.%N)
  psql "$@" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
best() {  # best (lowest) of $runs runs of: timed ARGS...
  local b="" t
  for _ in $(seq "$runs"); do
    t=$(timed "$@")
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}

# The three methods are compared on ingestion alone, with the dashboard
# rollups (docs/rollup.md) switched off; a fourth row shows kcidb_submit with
# them on, as it runs by default.
t_ciprov_rollups=$(best -c "SELECT count(ciprov.kcidb_submit(doc)) FROM (SELECT doc FROM bench_docs ORDER BY n) s")
psql -c "SELECT ciprov.rollup_disable()" >/dev/null
t_ciprov=$(best -c "SELECT count(ciprov.kcidb_submit(doc)) FROM (SELECT doc FROM bench_docs ORDER BY n) s")
t_plain=$(best -c "SELECT count(bench_plain_upsert(doc)) FROM (SELECT doc FROM bench_docs ORDER BY n) s")
copy_args=()
for t in checkouts builds tests issues incidents; do copy_args+=(-c "\\copy ciprov.$t FROM '$work/$t.copy'"); done
t_copy=$(best "${copy_args[@]}")

echo
echo "kcidb submission throughput: 500 real submissions, $objects objects ($rows distinct rows), best of $runs"
printf '%-44s %9s %13s %14s\n' method seconds objects/s "vs plain SQL"
row() { printf '%-44s %9.3f %13.0f %13.2fx\n' "$1" "$2" "$(echo "$3 / $2" | bc -l)" "$(echo "$t_plain / $2" | bc -l)"; }
row "ciprov.kcidb_submit (validate+upgrade+merge)" "$t_ciprov" "$objects"
row "(a) plain SQL upsert, no validation" "$t_plain" "$objects"
row "(b) COPY of the flattened rows (floor)" "$t_copy" "$rows"
row "ciprov.kcidb_submit with rollups on (default)" "$t_ciprov_rollups" "$objects"
psql -c "SELECT ciprov.rollup_enable()" >/dev/null
psql -c "$truncate_all" -c "DROP FUNCTION bench_plain_upsert(jsonb)" -c "DROP TABLE bench_docs"
