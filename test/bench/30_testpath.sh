#!/usr/bin/env bash
# Latency of the KernelCI dashboard's hardware and test-path queries over
# generated kcidb tests (default 5M rows), with ciprov's indexes, without
# any index (sequential scan), and against the usual alternatives: ltree
# (GiST) and text LIKE 'boot.%' (btree text_pattern_ops) for paths, the
# dashboard's literal predicate on plain GIN/btree indexes for hardware.
#
# Runs under scripts/bench.sh (PGHOST/PGPORT/PGUSER/PGDATABASE exported, the
# extension created). TESTPATH_BENCH_ROWS and TESTPATH_BENCH_REPS override
# the row count (5000000) and the repetitions per query (5, median kept).
# Parallel query is off so every variant uses one core.
set -euo pipefail
rows=${TESTPATH_BENCH_ROWS:-5000000}
reps=${TESTPATH_BENCH_REPS:-5}
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

echo "generating $rows tests..."
psql_q <<SQL
\timing on
CREATE EXTENSION IF NOT EXISTS ltree;
SET max_parallel_workers_per_gather = 0;
-- Shaped like kcidb data: paths 2-3 deep under a handful of groups, 200
-- boards, 99% with misc.platform, 1-3 compatible strings.
CREATE UNLOGGED TABLE bench_tests (
  id text,
  status text,
  path ciprov.testpath,
  path_text text,
  path_ltree ltree,
  environment_misc jsonb,
  environment_compatible text[]
);
\echo insert
INSERT INTO bench_tests
SELECT 'maestro:' || i, (ARRAY['PASS', 'FAIL', 'SKIP', 'ERROR'])[1 + i % 4], p, p,
       -- PostgreSQL 15's ltree labels cannot hold '-', which kcidb paths use
       translate(p, '-', '_')::ltree, misc, compat
FROM (
  SELECT i,
         CASE g
           WHEN 0 THEN 'boot.' || (ARRAY['login', 'nfs', 'ramdisk'])[1 + i % 3]
           WHEN 1 THEN 'ltp.' || (ARRAY['syscalls', 'sched', 'mm', 'fs', 'sem'])[1 + i % 5]
                       || '.t' || (i % 97)
           WHEN 2 THEN 'kselftest.' || (ARRAY['net', 'cpufreq', 'timers', 'seccomp', 'lkdtm', 'kvm'])[1 + i % 6]
                       || '.case_' || (i % 53)
           WHEN 3 THEN 'baseline.' || (ARRAY['dmesg', 'login'])[1 + i % 2]
                       || CASE WHEN i % 2 = 0 THEN '.' || (ARRAY['crit', 'alert', 'emerg'])[1 + i % 3] ELSE '' END
           WHEN 4 THEN 'rt-tests.' || (ARRAY['cyclictest', 'svsematest', 'pmqtest'])[1 + i % 3]
                       || '.' || (ARRAY['cyclictest', 'svsematest', 'pmqtest'])[1 + i % 3]
           ELSE 'kunit.' || 'suite' || (i % 40) || '.case' || (i % 11)
         END AS p,
         CASE WHEN i % 100 = 0 THEN jsonb_build_object('arch', 'arm64', 'job_id', i)
              ELSE jsonb_build_object('platform', 'board-' || b, 'arch', 'arm64', 'job_id', i,
                                      'runtime', 'lava-collabora') END AS misc,
         CASE b % 3
           WHEN 0 THEN ARRAY['vendor' || (b % 17) || ',board-' || b]
           WHEN 1 THEN ARRAY['vendor' || (b % 17) || ',board-' || b, 'soc' || (b % 23)]
           ELSE ARRAY['vendor' || (b % 17) || ',board-' || b, 'soc' || (b % 23), 'family' || (b % 5)]
         END AS compat
  FROM (SELECT i,
               -- groups: boot 10%, ltp 30%, kselftest 30%, baseline 10%, rt-tests 5%, kunit 15%
               CASE WHEN i % 20 < 2 THEN 0 WHEN i % 20 < 8 THEN 1 WHEN i % 20 < 14 THEN 2
                    WHEN i % 20 < 16 THEN 3 WHEN i % 20 < 17 THEN 4 ELSE 5 END AS g,
               (hashint4(i) & 2147483647) % 200 AS b
        FROM generate_series(1, $rows) AS i) AS s
) AS t;
\echo building indexes (each followed by its build time)
\echo bt_path
CREATE INDEX bt_path ON bench_tests (path);
\echo bt_path_text
CREATE INDEX bt_path_text ON bench_tests (path_text text_pattern_ops);
\echo bt_path_ltree
CREATE INDEX bt_path_ltree ON bench_tests USING gist (path_ltree);
\echo bt_platform
CREATE INDEX bt_platform ON bench_tests (ciprov.platform(environment_misc, environment_compatible));
\echo bt_hw_keys
CREATE INDEX bt_hw_keys ON bench_tests USING gin (ciprov.hardware_keys(environment_misc, environment_compatible));
\echo bt_compat
CREATE INDEX bt_compat ON bench_tests USING gin (environment_compatible);
\echo bt_misc_platform
CREATE INDEX bt_misc_platform ON bench_tests ((environment_misc->>'platform'));
VACUUM ANALYZE bench_tests;
SQL

# bench(): one timed run of a query, recorded in bench_samples with its
# result and the access paths its plan used. mode 'index' turns sequential
# scans off so the indexes are used; 'seq' turns index scans off. The driver
# below runs every variant once per round, for a warm-up round and $reps
# timed rounds, so that load from elsewhere on the machine falls on all
# variants alike; the table shows the median of the timed rounds.
psql_q <<'SQL'
CREATE TABLE bench_samples (query text, variant text, round int, ms numeric, n bigint, scan text,
                            ord serial);
CREATE FUNCTION bench(query text, variant text, round int, q text, mode text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  t0 timestamptz;
  ms numeric;
  plan text := '';
  scan text;
  n bigint;
  line text;
BEGIN
  PERFORM set_config('max_parallel_workers_per_gather', '0', true);
  PERFORM set_config('enable_indexscan', (mode <> 'seq')::text, true);
  PERFORM set_config('enable_indexonlyscan', (mode <> 'seq')::text, true);
  PERFORM set_config('enable_bitmapscan', (mode <> 'seq')::text, true);
  PERFORM set_config('enable_seqscan', (mode = 'seq')::text, true);
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP plan := plan || line || E'\n'; END LOOP;
  SELECT string_agg(DISTINCT m[1], '+') INTO scan
  FROM regexp_matches(plan, '(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan|BitmapOr)', 'g') AS m;
  t0 := clock_timestamp();
  EXECUTE q INTO n;
  ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
  INSERT INTO bench_samples (query, variant, round, ms, n, scan) VALUES (query, variant, round, ms, n, scan);
END $$;
SQL

hw=board-42
sel="SELECT count(status) FROM bench_tests WHERE"
cnt="SELECT count(*) FROM bench_tests WHERE"
cases=()  # QUERY|VARIANT|MODE|SQL
add() { cases+=("$1|$2|$3|$4"); }
add "hardware: platform = '$hw'" "ciprov index" index "$sel ciprov.platform(environment_misc, environment_compatible) = '$hw'"
add "hardware: platform = '$hw'" "no index" seq "$sel ciprov.platform(environment_misc, environment_compatible) = '$hw'"
add "hardware: runs_on('$hw')" "ciprov index" index "$sel ciprov.runs_on(environment_misc, environment_compatible, '$hw')"
add "hardware: runs_on('$hw')" "no index" seq "$sel ciprov.runs_on(environment_misc, environment_compatible, '$hw')"
add "hardware: dashboard literal" "ciprov index" index "$sel environment_compatible @> ARRAY['$hw'] OR environment_misc->>'platform' = '$hw'"
add "hardware: dashboard literal" "no index" seq "$sel environment_compatible @> ARRAY['$hw'] OR environment_misc->>'platform' = '$hw'"
# boot: 10% of the rows; kselftest.net: 5%; kselftest.net.case_7: 0.1% (a
# leaf). The text equivalent of `path <@ p` is `path = p OR path LIKE p.%`
# with LIKE's wildcard '_' escaped (kcidb paths are full of underscores).
for sub in boot kselftest.net kselftest.net.case_7; do
  like="${sub//_/\\_}.%"
  add "path <@ '$sub'" "ciprov index" index "$sel path OPERATOR(ciprov.<@) '$sub'"
  add "path <@ '$sub'" "no index" seq "$sel path OPERATOR(ciprov.<@) '$sub'"
  add "path <@ '$sub'" "ltree gist" index "$sel path_ltree <@ '${sub//-/_}'"
  add "path <@ '$sub'" "text LIKE" index "$sel (path_text = '$sub' OR path_text LIKE '$like')"
done
# Counting a subtree needs no heap access where the index can answer alone.
add "count(*) path <@ 'boot'" "ciprov index" index "$cnt path OPERATOR(ciprov.<@) 'boot'"
add "count(*) path <@ 'boot'" "no index" seq "$cnt path OPERATOR(ciprov.<@) 'boot'"
add "count(*) path <@ 'boot'" "ltree gist" index "$cnt path_ltree <@ 'boot'"
# (no row is exactly 'boot', so LIKE alone is exact here and can use an
# index-only scan, which the OR form cannot)
add "count(*) path <@ 'boot'" "text LIKE" index "$cnt path_text LIKE 'boot.%'"

echo "timing queries (1 warm-up round + $reps timed rounds, median)..."
for round in $(seq 0 "$reps"); do
  for c in "${cases[@]}"; do
    IFS='|' read -r query variant mode sql <<<"$c"
    psql_q -c "SELECT bench(\$l\$$query\$l\$, '$variant', $round, \$q\$$sql\$q\$, '$mode')" >/dev/null
  done
done

psql_q <<'SQL'
CREATE TABLE bench_results AS
SELECT query, variant, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric(12, 1) AS ms,
       max(n) AS n, count(DISTINCT n) AS results, max(scan) AS scan, min(ord) AS ord
FROM bench_samples WHERE round > 0 GROUP BY query, variant;
SQL

# Side by side: median milliseconds, and each variant's time over the
# ciprov-index time (the ratio is how many times slower the variant is).
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
\pset footer off
SELECT r.query,
       max(r.n) AS rows,
       max(r.ms) FILTER (WHERE variant = 'ciprov index') AS ciprov_ms,
       max(r.ms) FILTER (WHERE variant = 'no index') AS seq_ms,
       round(max(r.ms) FILTER (WHERE variant = 'no index') / nullif(max(r.ms) FILTER (WHERE variant = 'ciprov index'), 0), 1) AS seq_ratio,
       max(r.ms) FILTER (WHERE variant = 'ltree gist') AS ltree_ms,
       round(max(r.ms) FILTER (WHERE variant = 'ltree gist') / nullif(max(r.ms) FILTER (WHERE variant = 'ciprov index'), 0), 1) AS ltree_ratio,
       max(r.ms) FILTER (WHERE variant = 'text LIKE') AS like_ms,
       round(max(r.ms) FILTER (WHERE variant = 'text LIKE') / nullif(max(r.ms) FILTER (WHERE variant = 'ciprov index'), 0), 1) AS like_ratio,
       count(DISTINCT r.n) = 1 AND max(r.results) = 1 AS same_rows
FROM bench_results r
GROUP BY r.query ORDER BY min(r.ord);
SELECT query, variant, scan FROM bench_results ORDER BY ord;
SELECT pg_size_pretty(pg_relation_size('bench_tests')) AS table_size,
       string_agg(c.relname || ' ' || pg_size_pretty(pg_relation_size(c.oid)), ', ' ORDER BY c.relname) AS index_sizes
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'bench_tests'::regclass;
SQL
