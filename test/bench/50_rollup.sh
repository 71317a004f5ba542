#!/usr/bin/env bash
# Rollups (docs/rollup.md) on generated kcidb data shaped like the KernelCI
# corpus: 50 tests per build, 100 builds per checkout, 10 tree heads, paths
# 2-3 deep in 5 groups (boot 20%), 40 platforms (99% of tests have one,
# half through environment.misc, half through compatible), 2% of tests
# resubmitted (a NULL status becoming a value). Side by side in one run:
#
#   1. each reader's median latency against the equivalent raw join and
#      GROUP BY over the kcidb tables (same data, same run; ratio)
#   2. submission throughput (kcidb_submit, one document per build, one
#      transaction each) with the rollups on against off (the rollup
#      triggers disabled: nothing is noted and no flush runs)
#
# ROLLUP_BENCH_TESTS (default 1000000; the issue asks 5M) sets the scale,
# ROLLUP_BENCH_DOCS (default 400) the documents submitted for throughput,
# RUNS (default 15) the repetitions of each query.
# The bulk data is inserted with the rollup triggers disabled and the
# rollups are then built by ciprov.rollup_rebuild() (the same state as
# submitting it, checked by ciprov.rollup_check() on the way).
set -euo pipefail
cd "$(dirname "$0")/../.."
tests=${ROLLUP_BENCH_TESTS:-1000000}
docs=${ROLLUP_BENCH_DOCS:-400}
runs=${RUNS:-15}
psql() { command psql -X -v ON_ERROR_STOP=1 -qAt "$@"; }
export PGOPTIONS="${PGOPTIONS:-} -c search_path=public,ciprov"   # the raw queries use ciprov operators (<@)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rollups() {  # rollups on|off
  local how=ENABLE; [ "$1" = off ] && how=DISABLE
  psql -c "ALTER TABLE ciprov.tests $how TRIGGER USER" -c "ALTER TABLE ciprov.builds $how TRIGGER USER"
}
psql -c "TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents"

# Generator: one document per build (the build and its 50 tests).
psql <<'SQL'
CREATE OR REPLACE FUNCTION bench_path(k int) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT CASE WHEN k % 50 < 10 THEN 'boot' || CASE WHEN k % 50 = 0 THEN '' ELSE '.step' || (k % 50) END
            ELSE (ARRAY['ltp','kselftest','kunit','baseline'])[1 + (k % 50) % 4] || '.suite' || ((k % 50) / 4)
                 || CASE WHEN k % 2 = 0 THEN '.case' || (k % 7) ELSE '' END END
$f$;
CREATE OR REPLACE FUNCTION bench_status(k int) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT CASE WHEN k % 97 = 5 THEN NULL ELSE (ARRAY['PASS','PASS','PASS','PASS','PASS','PASS','PASS','PASS','FAIL','SKIP','PASS','ERROR','PASS','PASS','FAIL','DONE'])[1 + (k::bigint * 7919) % 16] END
$f$;
-- Build j of origin tag as a kcidb document carries it (start_time in the
-- document's text form): the one definition of the build attributes, for the
-- bulk build rows and for the documents.
CREATE OR REPLACE FUNCTION bench_build(j int, tag text)
RETURNS TABLE (id text, origin text, checkout_id text, architecture text, config_name text, compiler text,
               status text, start_time text)
LANGUAGE sql STABLE AS $f$
SELECT tag || ':b' || j, tag, tag || ':c' || (j / 100), (ARRAY['x86_64','arm64','arm','riscv'])[1 + j % 4],
       (ARRAY['defconfig','allmodconfig','tinyconfig','multi_v7','kselftest'])[1 + (j / 4) % 5],
       (ARRAY['gcc-12','clang-17'])[1 + (j / 20) % 2],
       CASE WHEN j % 20 = 0 THEN 'FAIL' ELSE 'PASS' END,
       to_char(timestamptz '2026-01-01' + (j / 100) * interval '1 hour', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$f$;
CREATE OR REPLACE FUNCTION bench_build_doc(j int, tag text) RETURNS jsonb LANGUAGE sql AS $f$
SELECT jsonb_build_object('version', jsonb_build_object('major', 5, 'minor', 3),
  'builds', jsonb_build_array(to_jsonb(b)),
  'tests', (SELECT jsonb_agg(t) FROM (
     SELECT jsonb_strip_nulls(jsonb_build_object('id', tag || ':t' || k, 'origin', tag, 'build_id', tag || ':b' || j,
       'path', bench_path(k),
       'status', bench_status(k),
       'start_time', to_char(timestamptz '2026-01-01' + (j / 100) * interval '1 hour' + (k % 50) * interval '1 minute',
                             'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       'environment', CASE WHEN k % 100 = 99 THEN NULL
                           WHEN k % 2 = 0 THEN jsonb_build_object('misc', jsonb_build_object('platform', 'board-' || ((k / 10) % 40)))
                           ELSE jsonb_build_object('compatible', jsonb_build_array('vendor,board-' || ((k / 10) % 40), 'vendor,soc-' || ((k / 10) % 8))) END)) AS t
     FROM generate_series(j * 50, j * 50 + 49) k) s))
FROM bench_build(j, tag) b
$f$;
SQL

# --- bulk data: the tables filled straight from the generator -------------
nbuilds=$(( tests / 50 ))
ncheckouts=$(( (nbuilds + 99) / 100 ))
echo "generating $tests tests ($nbuilds builds, $ncheckouts checkouts)..." >&2
rollups off
psql <<SQL
INSERT INTO ciprov.checkouts (id, origin, tree_name, git_repository_url, git_repository_branch, git_commit_hash,
                              git_commit_name, patchset_hash, start_time)
SELECT 'bench:c' || i, 'bench', 'tree' || (i % 10), 'https://git.example.org/tree' || (i % 10) || '.git', 'master',
       md5('c' || i) || substr(md5('d' || i), 1, 8), 'v6.' || i, '', timestamptz '2026-01-01' + i * interval '1 hour'
FROM generate_series(0, $ncheckouts - 1) i;
INSERT INTO ciprov.builds (id, origin, checkout_id, architecture, config_name, compiler, status, start_time)
SELECT b.id, b.origin, b.checkout_id, b.architecture, b.config_name, b.compiler, b.status::ciprov.status,
       b.start_time::timestamptz
FROM generate_series(0, $nbuilds - 1) j, bench_build(j, 'bench') b;
SQL
# The tests in two concurrent halves (one per core); GIN entries gathered in
# the pending list and merged once by the VACUUM below, not every 4 MB.
bulk_tests() {  # bulk_tests FIRST LAST
  psql -c "SET gin_pending_list_limit = '2GB'" -c "
INSERT INTO ciprov.tests (id, origin, build_id, path, status, start_time, environment_misc, environment_compatible)
SELECT 'bench:t' || k, 'bench', 'bench:b' || (k / 50), bench_path(k)::ciprov.testpath, bench_status(k)::ciprov.status,
       timestamptz '2026-01-01' + (k / 5000) * interval '1 hour' + (k % 50) * interval '1 minute',
       CASE WHEN k % 100 <> 99 AND k % 2 = 0 THEN jsonb_build_object('platform', 'board-' || ((k / 10) % 40)) END,
       CASE WHEN k % 100 <> 99 AND k % 2 = 1 THEN ARRAY['vendor,board-' || ((k / 10) % 40), 'vendor,soc-' || ((k / 10) % 8)] END
FROM generate_series($1, $2) k"
}
half=$(( tests / 2 ))
bulk_tests 0 $(( half - 1 )) & first=$!
bulk_tests "$half" $(( tests - 1 ))
wait "$first"
psql <<SQL
SELECT ciprov.rollup_rebuild();
VACUUM ANALYZE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.rollup_counts, ciprov.rollup_builds;
SQL
rollups on
# 2% of the tests resubmitted with their status (NULL -> a value for those
# left unfinished), through kcidb_submit with the rollups on.
psql <<SQL
SELECT ciprov.kcidb_submit(jsonb_build_object('version', jsonb_build_object('major', 5, 'minor', 3), 'tests',
  (SELECT jsonb_agg(jsonb_build_object('id', id, 'origin', origin, 'build_id', build_id, 'status', COALESCE(status, 'PASS')))
   FROM ciprov.tests WHERE origin = 'bench' AND substr(id, 8)::int % 50 = 5))) IS NULL;
SQL
echo "rollup_check differences after load: $(psql -c 'SELECT count(*) FROM ciprov.rollup_check()')" >&2

# --- 1. latency ------------------------------------------------------------
psql <<'SQL'
CREATE OR REPLACE FUNCTION bench_median(q text, n int) RETURNS float8 LANGUAGE plpgsql AS $f$
DECLARE t0 timestamptz; ms float8[] := '{}'; i int;
BEGIN
  EXECUTE q;  -- warm
  FOR i IN 1..n LOOP
    t0 := clock_timestamp();
    EXECUTE q;
    ms := ms || extract(epoch FROM clock_timestamp() - t0) * 1000;
  END LOOP;
  RETURN (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(ms) x);
END $f$;
SQL
last=$(( ncheckouts - 1 ))
since="timestamptz '2026-01-01' + interval '$(( last > 168 ? last - 168 : 0 )) hours'"   # the last week
commit_a=$(psql -c "SELECT git_commit_hash FROM ciprov.checkouts WHERE id = 'bench:c$(( last > 10 ? last - 10 : 0 ))'")
commit_b=$(psql -c "SELECT git_commit_hash FROM ciprov.checkouts WHERE id = 'bench:c$last'")
tree_b=$(psql -c "SELECT tree_name FROM ciprov.checkouts WHERE id = 'bench:c$last'")
cat > "$work/queries" <<SQL
tree_listing|SELECT * FROM ciprov.tree_listing('bench', $since)|WITH h AS (SELECT DISTINCT ON (tree_name, git_repository_url, git_repository_branch) * FROM ciprov.checkouts WHERE origin = 'bench' AND start_time >= $since ORDER BY tree_name, git_repository_url, git_repository_branch, start_time DESC) SELECT h.id, (SELECT jsonb_object_agg(coalesce(s::text, 'NULL'), n) FROM (SELECT b.status s, count(*) n FROM ciprov.builds b WHERE b.checkout_id = h.id GROUP BY 1) x), (SELECT jsonb_object_agg(k || coalesce(s::text, 'NULL'), n) FROM (SELECT CASE WHEN t.path <@ 'boot' THEN 'boot' ELSE 'test' END k, t.status s, count(*) n FROM ciprov.builds b JOIN ciprov.tests t ON t.build_id = b.id WHERE b.checkout_id = h.id GROUP BY 1, 2) y) FROM h
hardware_listing|SELECT * FROM ciprov.hardware_listing('bench', $since)|SELECT ciprov.platform(t.environment_misc, t.environment_compatible) p, count(DISTINCT b.id), count(*) FILTER (WHERE t.path <@ 'boot' AND t.status = 'PASS'), count(*) FILTER (WHERE t.path <@ 'boot' AND t.status = 'FAIL'), count(*) FILTER (WHERE NOT t.path <@ 'boot' AND t.status = 'PASS'), count(*) FILTER (WHERE NOT t.path <@ 'boot' AND t.status = 'FAIL'), count(*) FILTER (WHERE t.status IS NULL) FROM ciprov.checkouts c JOIN ciprov.builds b ON b.checkout_id = c.id JOIN ciprov.tests t ON t.build_id = b.id WHERE c.origin = 'bench' AND c.start_time >= $since AND ciprov.platform(t.environment_misc, t.environment_compatible) IS NOT NULL GROUP BY 1
tree_summary|SELECT * FROM ciprov.tree_summary('bench:c$last')|SELECT ciprov.path_group(t.path), ciprov.platform(t.environment_misc, t.environment_compatible), b.architecture, b.config_name, b.compiler, t.status, count(*) FROM ciprov.builds b JOIN ciprov.tests t ON t.build_id = b.id WHERE b.checkout_id = 'bench:c$last' GROUP BY GROUPING SETS ((1, 6), (2, 6), (3, 6), (4, 6), (5, 6))
revision_summary|SELECT * FROM ciprov.revision_summary('$commit_b')|SELECT ciprov.path_group(t.path), ciprov.platform(t.environment_misc, t.environment_compatible), b.architecture, b.config_name, b.compiler, t.status, count(*) FROM ciprov.checkouts c JOIN ciprov.builds b ON b.checkout_id = c.id JOIN ciprov.tests t ON t.build_id = b.id WHERE c.git_commit_hash = '$commit_b' GROUP BY GROUPING SETS ((1, 6), (2, 6), (3, 6), (4, 6), (5, 6))
test_history|SELECT * FROM ciprov.test_history('boot', 'board-0', 'defconfig', '$tree_b', 'master', 'infinity', 10)|SELECT t.id, t.start_time, t.status FROM ciprov.tests t JOIN ciprov.builds b ON b.id = t.build_id JOIN ciprov.checkouts c ON c.id = b.checkout_id WHERE t.path = 'boot' AND ciprov.platform(t.environment_misc, t.environment_compatible) = 'board-0' AND b.config_name = 'defconfig' AND c.tree_name = '$tree_b' AND c.git_repository_branch = 'master' AND t.start_time < 'infinity' ORDER BY t.start_time DESC LIMIT 10
tree_compare|SELECT * FROM ciprov.tree_compare('$commit_a', '$commit_b', 'bench')|WITH l AS (SELECT DISTINCT ON (c.git_commit_hash, t.path, b.config_name, b.architecture, ciprov.platform(t.environment_misc, t.environment_compatible)) c.git_commit_hash h, t.path, b.config_name, b.architecture, ciprov.platform(t.environment_misc, t.environment_compatible) p, t.status FROM ciprov.checkouts c JOIN ciprov.builds b ON b.checkout_id = c.id JOIN ciprov.tests t ON t.build_id = b.id WHERE c.git_commit_hash IN ('$commit_a', '$commit_b') AND c.origin = 'bench' ORDER BY 1, 2, 3, 4, 5, t.start_time DESC) SELECT * FROM l a JOIN l b ON a.path = b.path AND a.config_name = b.config_name AND a.architecture = b.architecture AND a.p = b.p AND a.h = '$commit_a' AND b.h = '$commit_b' WHERE a.status IS DISTINCT FROM b.status
SQL
{
  echo "rollup readers over $tests generated tests: median of $runs runs (ms)"
  printf '%-18s %12s %14s %10s\n' function ciprov raw_join ratio
  while IFS='|' read -r name q raw; do
    a=$(psql -c "SELECT round(bench_median(\$q\$$q\$q\$, $runs)::numeric, 3)")
    b=$(psql -c "SELECT round(bench_median(\$q\$$raw\$q\$, $(( runs < 5 ? runs : 5 )))::numeric, 3)")
    printf '%-18s %12s %14s %9sx\n' "$name" "$a" "$b" "$(echo "scale=1; $b / $a" | bc)"
  done < "$work/queries"
} | tee "$work/latency"

# --- 2. submission throughput ---------------------------------------------
# Documents for new builds of a fresh origin (one build and its 50 tests
# each), plus 2% of their tests resubmitted with a status.
psql -c "DROP TABLE IF EXISTS bench_docs" -c "CREATE TABLE bench_docs (n int PRIMARY KEY, doc jsonb)" \
     -c "INSERT INTO bench_docs SELECT j, bench_build_doc(j, 'tput') FROM generate_series(0, $docs - 1) j" \
     -c "INSERT INTO bench_docs SELECT $docs + j, jsonb_build_object('version', jsonb_build_object('major', 5, 'minor', 3), 'tests', jsonb_build_array(jsonb_build_object('id', 'tput:t' || (j * 50 + 5), 'origin', 'tput', 'build_id', 'tput:b' || j, 'status', 'PASS'))) FROM generate_series(0, $docs - 1) j"
for i in $(seq 0 $(( 2 * docs - 1 ))); do echo "SELECT ciprov.kcidb_submit(doc) IS NULL FROM bench_docs WHERE n = $i \\g /dev/null"; done > "$work/submit.sql"
objects=$(psql -c "SELECT sum(jsonb_array_length(doc->'tests')) + count(doc->'builds') FROM bench_docs")
# (the anchors of the deleted builds go too: every round submits builds
# new to the rollups, as real submissions mostly are)
clean() { psql -c "DELETE FROM ciprov.tests WHERE origin = 'tput'" -c "DELETE FROM ciprov.builds WHERE origin = 'tput'" \
               -c "DELETE FROM ciprov.rollup_builds WHERE build_id LIKE 'tput:%'" \
               -c "VACUUM ciprov.tests, ciprov.builds, ciprov.rollup_counts, ciprov.rollup_builds"; }
declare -A best
for round in $(seq 1 "${ROUNDS:-3}"); do
  for mode in off on; do
    clean; rollups "$mode"
    s=$(date +%s.%N); psql -f "$work/submit.sql"; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc)
    if [ -z "${best[$mode]:-}" ] || [ "$(echo "$t < ${best[$mode]}" | bc)" = 1 ]; then best[$mode]=$t; fi
  done
done
rollups on
echo "rollup_check differences after throughput runs: $(psql -c 'SELECT count(*) FROM ciprov.rollup_check()')" >&2
{
  echo
  echo "submission throughput: $(( 2 * docs )) documents, $objects objects, one transaction each, best of ${ROUNDS:-3}"
  printf '%-22s %10s %12s %10s\n' rollups seconds objects/s overhead
  for mode in off on; do
    printf '%-22s %10.3f %12.0f %9.1f%%\n' "$mode" "${best[$mode]}" "$(echo "$objects / ${best[$mode]}" | bc -l)" \
      "$(echo "(${best[$mode]} / ${best[off]} - 1) * 100" | bc -l)"
  done
} | tee -a "$work/latency"
clean
