#!/usr/bin/env bash
# Rollups (docs/rollup.md) on generated kcidb data shaped like the KernelCI
# corpus: 50 tests per build, 100 builds per checkout, 10 tree heads, paths
# 2-3 deep in 5 groups (boot 20%), 40 platforms (99% of tests have one,
# half through environment.misc, half through compatible), 2% of tests
# resubmitted (a NULL status becoming a value). Side by side in one run:
#
#   1. each reader's median latency against a raw query over the kcidb
#      tables that returns the same rows (checked first: the script fails
#      when a pair differs; same data, same run; ratio), each side timed
#      twice: parsed and planned every run, and prepared once so that
#      only execution is timed (bench_pair: the two sides' samples
#      interleaved; a sample of a fast call times a batch of runs)
#   2. submission throughput (kcidb_submit, one document per build, one
#      transaction each) with the rollups on against off (the rollup
#      triggers not fired: nothing is noted and no flush runs; the
#      transition tables are captured either way), the two alternating
#      build by build in each round
#
# ROLLUP_BENCH_TESTS (default 1000000; the issue asks 5M) sets the scale,
# ROLLUP_BENCH_DOCS (default 400) the documents submitted for throughput,
# RUNS (default 15) the repetitions of each query, ROUNDS (default 6, even)
# the throughput rounds.
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
  psql -c "ALTER TABLE ciprov.tests $how TRIGGER USER" -c "ALTER TABLE ciprov.builds $how TRIGGER USER" \
       -c "ALTER TABLE ciprov.checkouts $how TRIGGER USER"
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
VACUUM ANALYZE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.rollup_packed, ciprov.rollup_runs, ciprov.rollup_builds, ciprov.rollup_checkouts;
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
-- A reader and its raw query are timed by one PL/pgSQL function made for
-- the pair (bench_pair), their samples interleaved (after each sample of
-- the reader, a sample of the raw query when its share is due), so that
-- both medians come from the same stretch of time: this machine has
-- stretches of seconds where the same call is a third slower.
--
-- A sample times k runs of a statement back to back and counts their
-- mean; k is as many runs as take 1 ms (1 to 1000, counted after a warm-up
-- of 50 ms of runs, 1 to 200: a fresh session's first few hundred calls
-- of a fast reader are slower), so that a call of a few microseconds is
-- measured finer than clock_timestamp()'s microsecond.
--
-- Planned: each run is a PL/pgSQL EXECUTE of the text, parsed and planned
-- every time, as a client sending the query as text. Prepared: each run
-- is a static statement of the function, planned once (its constants are
-- no parameters, so its one plan is generic) and then only executed, as a
-- client that prepares its queries sees it through the protocol (an
-- SQL-level EXECUTE of a PREPAREd statement would time the parsing of the
-- EXECUTE and a second portal too, about a microsecond per call). The
-- variables' names are prefixed, so that no name of a query is taken for
-- one of them (nor a statement made one with parameters).
CREATE OR REPLACE FUNCTION bench_sizing(stmt text, k text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($s$
  bench_t0 := clock_timestamp();
  FOR bench_j IN 1..200 LOOP %1$s EXIT WHEN clock_timestamp() - bench_t0 >= interval '50 ms'; END LOOP;
  %2$s := 0;
  bench_t0 := clock_timestamp();
  LOOP %1$s %2$s := %2$s + 1; EXIT WHEN clock_timestamp() - bench_t0 >= interval '1 ms' OR %2$s = 1000; END LOOP;
$s$, stmt, k)
$f$;
CREATE OR REPLACE FUNCTION bench_sample(stmt text, k text, samples text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($s$
    bench_t0 := clock_timestamp();
    FOR bench_j IN 1..%2$s LOOP %1$s END LOOP;
    %3$s := %3$s || extract(epoch FROM clock_timestamp() - bench_t0) * 1000 / %2$s;
$s$, stmt, k, samples)
$f$;
-- The medians (ms) of n samples of reader fn and raw_n of query raw.
CREATE OR REPLACE FUNCTION bench_pair(fn text, raw text, n int, raw_n int, prepared boolean,
                                      OUT fn_ms float8, OUT raw_ms float8) LANGUAGE plpgsql AS $f$
DECLARE a text; b text;
BEGIN
  IF prepared THEN
    a := format('PERFORM * FROM (%s) s;', fn);
    b := format('PERFORM * FROM (%s) s;', raw);
  ELSE
    a := format('EXECUTE %L;', fn);
    b := format('EXECUTE %L;', raw);
  END IF;
  EXECUTE format($b$CREATE OR REPLACE FUNCTION pg_temp.bench_pair_run(bench_n int, bench_raw_n int,
                                                          OUT bench_fn float8, OUT bench_raw float8)
LANGUAGE plpgsql AS $c$
#variable_conflict use_column
DECLARE bench_t0 timestamptz; bench_a float8[] := '{}'; bench_b float8[] := '{}'; bench_i int; bench_j int;
        bench_ka int; bench_kb int;
BEGIN
%1$s%2$s
  FOR bench_i IN 1..bench_n LOOP
%3$s
    IF bench_i * bench_raw_n / bench_n > coalesce(array_length(bench_b, 1), 0) THEN
%4$s
    END IF;
  END LOOP;
  bench_fn := (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(bench_a) x);
  bench_raw := (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(bench_b) x);
END $c$$b$, bench_sizing(a, 'bench_ka'), bench_sizing(b, 'bench_kb'),
             bench_sample(a, 'bench_ka', 'bench_a'), bench_sample(b, 'bench_kb', 'bench_b'));
  SELECT * INTO fn_ms, raw_ms FROM pg_temp.bench_pair_run(n, raw_n);
END $f$;
SQL
last=$(( ncheckouts - 1 ))
since="timestamptz '2026-01-01' + interval '$(( last > 168 ? last - 168 : 0 )) hours'"   # the last week
commit_a=$(psql -c "SELECT git_commit_hash FROM ciprov.checkouts WHERE id = 'bench:c$(( last > 10 ? last - 10 : 0 ))'")
commit_b=$(psql -c "SELECT git_commit_hash FROM ciprov.checkouts WHERE id = 'bench:c$last'")
tree_b=$(psql -c "SELECT tree_name FROM ciprov.checkouts WHERE id = 'bench:c$last'")
# Each reader and a raw query over the kcidb tables that returns the same
# rows (same columns and values; ordered as the function orders), written
# for speed: the kcidb indexes, each test read once, counted per (kind,
# status) and only then pivoted into the status counts objects. The tests
# of a few checkouts are read per build down tests_build_id (a lateral
# subquery, as tree_compare does: at 200k tests the planner otherwise
# hashes the whole table once per tree head).
counts() {  # counts STATUS [CONDITION]: the status counts object (all seven keys) of the rows [matching CONDITION]
  local st=$1 cond=${2:+$2 AND } s out=
  for s in FAIL ERROR MISS PASS DONE SKIP; do out+="'$s', count(*) FILTER (WHERE $cond$st = '$s'), "; done
  echo "jsonb_build_object(${out}'NULL', count(*) FILTER (WHERE $cond$st IS NULL))"
}
sums() {  # sums STATUS N [CONDITION]: the same from grouped rows counting N each
  local st=$1 n=$2 cond=${3:+$3 AND } s out=
  for s in FAIL ERROR MISS PASS DONE SKIP; do out+="'$s', COALESCE(sum($n) FILTER (WHERE $cond$st = '$s'), 0), "; done
  echo "jsonb_build_object(${out}'NULL', COALESCE(sum($n) FILTER (WHERE $cond$st IS NULL), 0))"
}
mkdir -p "$work/pairs"
npairs=0
pair() {  # pair NAME FUNCTION_QUERY RAW_QUERY
  npairs=$(( npairs + 1 ))
  printf '%s\n' "$2" > "$work/pairs/$(printf %02d "$npairs")_$1.fn"
  printf '%s\n' "$3" > "$work/pairs/$(printf %02d "$npairs")_$1.raw"
}
platform="ciprov.platform(t.environment_misc, t.environment_compatible)"

pair tree_listing "SELECT * FROM ciprov.tree_listing('bench', $since)" "
SELECT h.origin, h.tree_name, h.git_repository_url, h.git_repository_branch, h.id, h.git_commit_hash,
       h.git_commit_name, h.start_time, b.builds, t.boots, t.tests
FROM (SELECT DISTINCT ON (tree_name, git_repository_url, git_repository_branch) *
      FROM ciprov.checkouts
      WHERE origin = 'bench' AND start_time >= $since
      ORDER BY tree_name, git_repository_url, git_repository_branch, start_time DESC, id DESC) h
CROSS JOIN LATERAL (SELECT $(counts b.status) AS builds FROM ciprov.builds b WHERE b.checkout_id = h.id) b
CROSS JOIN LATERAL (SELECT $(sums status n boot) AS boots, $(sums status n 'NOT boot') AS tests
                    FROM (SELECT COALESCE(t.path <@ 'boot', false) AS boot, t.status, count(*) AS n
                          FROM ciprov.builds b
                          CROSS JOIN LATERAL (SELECT t.path, t.status FROM ciprov.tests t
                                              WHERE t.build_id = b.id OFFSET 0) t
                          WHERE b.checkout_id = h.id GROUP BY 1, 2) x) t
ORDER BY h.tree_name, h.git_repository_url, h.git_repository_branch"

pair hardware_listing "SELECT * FROM ciprov.hardware_listing('bench', $since)" "
WITH g AS (  -- one pass over the window's tests, grouped three ways
  SELECT t.platform, t.boot, t.status, t.build_id, t.build_status, t.compatible,
         GROUPING(t.build_id, t.compatible) AS set, count(*) AS n
  FROM (SELECT $platform AS platform,  -- (computed once per test: OFFSET 0)
               t.path <@ 'boot' AS boot, t.status, t.build_id, b.status AS build_status,
               t.environment_compatible AS compatible
        FROM ciprov.checkouts c JOIN ciprov.builds b ON b.checkout_id = c.id JOIN ciprov.tests t ON t.build_id = b.id
        WHERE c.origin = 'bench' AND c.start_time >= $since OFFSET 0) t
  WHERE t.platform IS NOT NULL
  GROUP BY GROUPING SETS ((1, 2, 3),  -- set 3: tests per (platform, boot, status)
                          (1, 4, 5),  -- set 1: the builds with a test on the platform
                          (1, 6))     -- set 2: the platform's compatible arrays
), k AS (
  SELECT g.platform, array_agg(DISTINCT x ORDER BY x) AS compatibles
  FROM g CROSS JOIN unnest(g.compatible) x WHERE g.set = 2 AND x IS NOT NULL GROUP BY 1
)
SELECT p.platform, k.compatibles, p.builds, p.boots, p.tests
FROM (SELECT g.platform, $(counts build_status 'set = 1') AS builds,
             $(sums status n 'set = 3 AND boot') AS boots,
             $(sums status n 'set = 3 AND NOT COALESCE(boot, false)') AS tests
      FROM g GROUP BY 1) p
LEFT JOIN k ON k.platform = p.platform
ORDER BY p.platform"

summary() {  # summary BUILDS CONDITION: tree_summary's rows over the builds (alias b) meeting CONDITION
  echo "
WITH x AS (
  SELECT ciprov.path_group(t.path) AS g, b.architecture AS a, b.config_name AS f, b.compiler AS m, $platform AS p,
         CASE WHEN t.path <@ 'boot' THEN 'boot' ELSE 'test' END AS kind, t.status
  FROM $1 CROSS JOIN LATERAL (SELECT t.path, t.status, t.environment_misc, t.environment_compatible
                              FROM ciprov.tests t WHERE t.build_id = b.id OFFSET 0) t
  WHERE $2
  UNION ALL
  SELECT NULL, b.architecture, b.config_name, b.compiler, NULL, 'build', b.status FROM $1 WHERE $2
), s AS (  -- GROUPING: 15 path group, 23 architecture, 27 config, 29 compiler, 30 platform
  SELECT GROUPING(g, a, f, m, p) AS set, g, a, f, m, p, kind, status, count(*) AS n FROM x
  GROUP BY GROUPING SETS ((g, kind, status), (a, kind, status), (f, kind, status), (m, kind, status), (p, kind, status))
)
SELECT CASE set WHEN 15 THEN 'path_group' WHEN 23 THEN 'architecture' WHEN 27 THEN 'config' WHEN 29 THEN 'compiler'
                ELSE 'platform' END AS dimension,
       CASE set WHEN 15 THEN g WHEN 23 THEN a WHEN 27 THEN f WHEN 29 THEN m ELSE p END AS value,
       kind, $(sums status n) AS counts, min(status) AS worst
FROM s
WHERE kind <> 'build' OR set IN (23, 27, 29)  -- builds by architecture, config and compiler only
GROUP BY set, g, a, f, m, p, kind
ORDER BY set, CASE set WHEN 15 THEN g WHEN 23 THEN a WHEN 27 THEN f WHEN 29 THEN m ELSE p END COLLATE \"C\",
         array_position('{build,boot,test}', kind)"
}
pair tree_summary "SELECT * FROM ciprov.tree_summary('bench:c$last')" \
  "$(summary "ciprov.builds b" "b.checkout_id = 'bench:c$last'")"
pair revision_summary "SELECT * FROM ciprov.revision_summary('$commit_b')" \
  "$(summary "ciprov.checkouts c JOIN ciprov.builds b ON b.checkout_id = c.id" \
             "c.git_commit_hash = '$commit_b' AND COALESCE(c.patchset_hash, '') = ''")"

pair test_history "SELECT * FROM ciprov.test_history('boot', 'board-0', 'defconfig', '$tree_b', 'master', 'infinity', 10)" "
SELECT t.id, t.start_time, t.status, t.build_id, b.checkout_id, c.git_commit_hash
FROM ciprov.tests t JOIN ciprov.builds b ON b.id = t.build_id JOIN ciprov.checkouts c ON c.id = b.checkout_id
WHERE t.path = 'boot' AND $platform = 'board-0' AND t.start_time < 'infinity'
  AND b.config_name = 'defconfig' AND c.tree_name = '$tree_b' AND c.git_repository_branch = 'master'
ORDER BY t.start_time DESC, t.id DESC
LIMIT 10"

pair tree_compare "SELECT * FROM ciprov.tree_compare('$commit_a', '$commit_b', 'bench')" "
WITH l AS (  -- the latest test of each (path, config, architecture, platform) in each revision
  SELECT DISTINCT ON (t.path, b.config_name, b.architecture, $platform, c.git_commit_hash)
         c.git_commit_hash AS commit, t.path, b.config_name, b.architecture, $platform AS platform, t.status
  FROM ciprov.checkouts c JOIN ciprov.builds b ON b.checkout_id = c.id
  CROSS JOIN LATERAL (SELECT t.id, t.path, t.status, t.start_time, t.environment_misc, t.environment_compatible
                      FROM ciprov.tests t WHERE t.build_id = b.id OFFSET 0) t
  WHERE c.git_commit_hash IN ('$commit_a', '$commit_b') AND c.origin = 'bench'
  ORDER BY t.path, b.config_name, b.architecture, $platform, c.git_commit_hash, t.start_time DESC NULLS LAST, t.id DESC
)
SELECT path, config_name, architecture, platform, status_a, status_b,
       CASE WHEN status_a <= 'ERROR' AND status_b <= 'ERROR' THEN 'still failing'
            WHEN status_b <= 'ERROR' THEN 'regression'
            WHEN status_a <= 'ERROR' THEN 'fix'
            ELSE 'changed' END
FROM (SELECT path, config_name, architecture, platform,  -- (GROUP BY: NULLs match NULLs, as in the function)
             min(status) FILTER (WHERE commit = '$commit_a') AS status_a,
             min(status) FILTER (WHERE commit = '$commit_b') AS status_b,
             bool_or(commit = '$commit_a') AS in_a, bool_or(commit = '$commit_b') AS in_b
      FROM l GROUP BY 1, 2, 3, 4) x
WHERE in_a AND in_b AND (status_a IS DISTINCT FROM status_b OR (status_a <= 'ERROR' AND status_b <= 'ERROR'))
ORDER BY path, config_name, architecture, platform"

# Each pair must return the same rows (as multisets; jsonb compared with =).
differ=0
for fn in "$work"/pairs/*.fn; do
  name=$(basename "$fn" .fn); name=${name#*_}
  q=$(< "$fn"); raw=$(< "${fn%.fn}.raw")
  res=$(psql -F ' ' -c "WITH f AS MATERIALIZED ($q
), r AS MATERIALIZED ($raw
)   SELECT (SELECT count(*) FROM f), (SELECT count(*) FROM ((TABLE f EXCEPT ALL TABLE r) UNION ALL (TABLE r EXCEPT ALL TABLE f)) d)")
  read -r rows diff <<< "$res"
  if [ "$diff" = 0 ]; then
    echo "$name: results equal ($rows rows)" >&2
  else
    echo "$name: results DIFFER: $diff rows in one and not the other (function: $rows rows); up to 10 of each:" >&2
    psql -c "WITH f AS MATERIALIZED ($q
), r AS MATERIALIZED ($raw
)            (SELECT 'function only', d.* FROM (TABLE f EXCEPT ALL TABLE r) d LIMIT 10)
             UNION ALL (SELECT 'raw only', d.* FROM (TABLE r EXCEPT ALL TABLE f) d LIMIT 10)" >&2
    differ=1
  fi
done
[ "$differ" = 0 ] || { echo "error: a raw query and its function differ" >&2; exit 1; }

# Timed with JIT off, both sides: otherwise a raw query the planner costs
# above jit_above_cost (tree_listing's at 1M) spends most of its time
# compiling (about 55 of its 90 ms here), which measures JIT, not the query.
{
  echo "rollup readers over $tests generated tests: median of $runs runs (ms, jit off)"
  echo "(each statement parsed and planned every run; then, prepared, executed only)"
  printf '%-18s %10s %10s %8s   %10s %10s %8s\n' function ciprov raw_join ratio prepared raw_prep ratio
  for fn in "$work"/pairs/*.fn; do
    name=$(basename "$fn" .fn); name=${name#*_}
    q=$(< "$fn"); raw=$(< "${fn%.fn}.raw")
    raw_runs=$(( runs < 5 ? runs : 5 ))
    t=()
    for prepared in false true; do
      t+=($(psql -F ' ' -c "SET jit = off" \
        -c "SELECT round(fn_ms::numeric, 6), round(raw_ms::numeric, 6) FROM bench_pair(\$q\$$q\$q\$, \$q\$$raw\$q\$, $runs, $raw_runs, $prepared)"))
    done
    # (times shown to the tenth of a microsecond; ratios from the medians unrounded)
    printf '%-18s %10.4f %10.3f %7.1fx   %10.4f %10.3f %7.1fx\n' "$name" "${t[0]}" "${t[1]}" \
      "$(echo "${t[1]} / ${t[0]}" | bc -l)" "${t[2]}" "${t[3]}" "$(echo "${t[3]} / ${t[2]}" | bc -l)"
  done
} | tee "$work/latency"

# --- 2. submission throughput ---------------------------------------------
# Documents for new builds of a fresh origin (one build and its 50 tests
# each), plus 2% of their tests resubmitted with a status.
psql -c "DROP TABLE IF EXISTS bench_docs" -c "CREATE TABLE bench_docs (n int PRIMARY KEY, doc jsonb)" \
     -c "INSERT INTO bench_docs SELECT j, bench_build_doc(j, 'tput') FROM generate_series(0, $docs - 1) j" \
     -c "INSERT INTO bench_docs SELECT $docs + j, jsonb_build_object('version', jsonb_build_object('major', 5, 'minor', 3), 'tests', jsonb_build_array(jsonb_build_object('id', 'tput:t' || (j * 50 + 5), 'origin', 'tput', 'build_id', 'tput:b' || j, 'status', 'PASS'))) FROM generate_series(0, $docs - 1) j"
objects=$(psql -c "SELECT sum(jsonb_array_length(doc->'tests')) + count(doc->'builds') FROM bench_docs")
# Rollups on and off alternate build by build within one round, in one
# session: off is session_replication_role = replica, under which no
# ordinary trigger fires (the kcidb tables have no others: nothing is
# noted, no flush runs), set between transactions; a build's
# resubmission goes as its build did, and the next round swaps the two
# halves, so each document is timed both ways. Whole runs of each mode
# one after the other varied too much for a 30% budget to be read from
# them (at 5M tests, 800 documents without rollups took 0.60 to 1.29 s
# over 23 rounds, docs/bench-rollup.md). Each document is its own transaction (the procedure commits
# after each), timed in the server from before kcidb_submit to after its
# commit; reading the document is not timed.
psql <<'SQL'
DROP TABLE IF EXISTS bench_tput_times;
CREATE TABLE bench_tput_times (round int, n int, rollups text, ms float8);
CREATE OR REPLACE PROCEDURE bench_tput_round(r int) LANGUAGE plpgsql AS $p$
DECLARE ndocs int; i int; d jsonb; on_mode bool; t0 timestamptz; ms float8[] := '{}'; modes text[] := '{}';
BEGIN
  SELECT count(*) / 2 INTO ndocs FROM bench_docs;
  FOR i IN 0 .. 2 * ndocs - 1 LOOP
    on_mode := (i % ndocs + r) % 2 = 0;
    SELECT doc INTO d FROM bench_docs WHERE n = i;
    PERFORM set_config('session_replication_role', CASE WHEN on_mode THEN 'origin' ELSE 'replica' END, false);
    COMMIT;
    t0 := clock_timestamp();
    PERFORM ciprov.kcidb_submit(d);
    COMMIT;
    ms := ms || extract(epoch FROM clock_timestamp() - t0) * 1000;
    modes := modes || CASE WHEN on_mode THEN 'on' ELSE 'off' END;
  END LOOP;
  PERFORM set_config('session_replication_role', 'origin', false);
  INSERT INTO bench_tput_times SELECT r, o - 1, m, x FROM unnest(ms, modes) WITH ORDINALITY u(x, m, o);
  COMMIT;
END $p$;
SQL
# A round's rows deleted as they were written (those of its off builds
# without the rollups, the others with them), the anchors of its builds
# too (every round submits builds new to the rollups, as real submissions
# mostly are), then vacuumed. All rounds run in one session, after a
# warm-up round 0 that is not counted (the session's first documents
# prepare the statements of kcidb_submit and of the flush).
rounds=${ROUNDS:-6}
[ $(( rounds % 2 )) = 0 ] || { echo "error: ROUNDS must be even (each document once each way per two rounds)" >&2; exit 1; }
all="SELECT 'tput:b' || j FROM generate_series(0, $docs - 1) j"
for round in $(seq 0 "$rounds"); do
  cat <<SQL
CALL bench_tput_round($round);
SET session_replication_role = replica;
DELETE FROM ciprov.tests WHERE build_id IN ($all WHERE (j + $round) % 2 = 1);
DELETE FROM ciprov.builds WHERE id IN ($all WHERE (j + $round) % 2 = 1);
RESET session_replication_role;
DELETE FROM ciprov.tests WHERE build_id IN ($all);
DELETE FROM ciprov.builds WHERE id IN ($all);
DELETE FROM ciprov.rollup_builds WHERE build_id IN ($all);
VACUUM ciprov.tests, ciprov.builds, ciprov.rollup_packed, ciprov.rollup_runs, ciprov.rollup_latest, ciprov.rollup_builds;
CHECKPOINT;
SQL
done > "$work/tput.sql"
rollups on
psql -f "$work/tput.sql"
left=$(psql -c "SELECT count(*) FROM ciprov.rollup_runs WHERE build_id IN ($all)")
[ "$left" = 0 ] || { echo "error: $left test runs of the throughput builds left after the clean-ups" >&2; exit 1; }
psql -c "DELETE FROM bench_tput_times WHERE round = 0"
echo "rollup_check differences after throughput runs: $(psql -c 'SELECT count(*) FROM ciprov.rollup_check()')" >&2
{
  echo
  echo "submission throughput: $(( 2 * docs )) documents ($docs builds of 50 tests, $docs one-test resubmissions), $objects objects,"
  echo "one transaction each; rollups on and off alternating build by build, $rounds rounds (each document $(( rounds / 2 )) times each way)"
  psql -F ' ' -c "
    WITH m AS (SELECT rollups, sum(ms) / 1000 / ($rounds / 2) AS s,
                      sum(ms) FILTER (WHERE n < $docs) / 1000 / ($rounds / 2) AS s_builds,
                      sum(ms) FILTER (WHERE n >= $docs) / 1000 / ($rounds / 2) AS s_resubmissions
               FROM bench_tput_times GROUP BY rollups)
    SELECT m.rollups, m.s, $objects / m.s, 100 * (m.s / o.s - 1), 100 * (m.s_builds / o.s_builds - 1),
           100 * (m.s_resubmissions / o.s_resubmissions - 1)
    FROM m, m AS o WHERE o.rollups = 'off' ORDER BY m.rollups DESC" |
  { printf '%-10s %10s %12s %10s %16s %16s\n' rollups seconds objects/s overhead "(builds)" "(resubmissions)"
    while read -r mode sec rate over ob orr; do
      printf '%-10s %10.3f %12.0f %9.1f%% %15.1f%% %15.1f%%\n' "$mode" "$sec" "$rate" "$over" "$ob" "$orr"
    done; }
  echo "per round (overhead of the round's on builds over its off builds): $(psql -c "
    SELECT string_agg(round((100 * (on_s / off_s - 1))::numeric, 1) || '%', ' ' ORDER BY round)
    FROM (SELECT round, sum(ms) FILTER (WHERE rollups = 'on') AS on_s, sum(ms) FILTER (WHERE rollups = 'off') AS off_s
          FROM bench_tput_times GROUP BY round) r")"
} | tee -a "$work/latency"
