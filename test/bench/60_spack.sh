#!/usr/bin/env bash
# Spack DAG store benchmark (make bench runs it against a fresh database
# with the extension; PGHOST/PGPORT/PGUSER/PGDATABASE are set).
#
#  1. generates a synthetic store shaped like real ones (spack_corpus.py:
#     SPACK_BENCH_NODES shared nodes, SPACK_BENCH_ROOTS root installs of 40
#     to 150 nodes each, one spec.json v5 per root);
#  2. submission throughput of ciprov.spack_submit in nodes per second, first
#     load and idempotent resubmission;
#  3. ciprov.spack_dependencies / spack_dependents against a recursive CTE
#     (UNION, ids only) over the same tables, in the same run, with ratios.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# Defaults: the issue's full scale (about 2.3M node entries, 1.3 GB of
# spec.json, written to a temporary file; the generator streams, ~250 MB);
# about 8 minutes on 2 cores.
nodes=${SPACK_BENCH_NODES:-60000}
roots=${SPACK_BENCH_ROOTS:-20000}
sample=${SPACK_BENCH_SAMPLE:-200}
source "$here/lib.bash"
bench_tmpdir

echo "generating corpus: $nodes shared nodes, $roots roots"
start=$(date +%s.%N)
python3 "$here/spack_corpus.py" "$nodes" "$roots" 1 >"$tmp/corpus.jsonl"
echo "generated in $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s ($(du -m "$tmp/corpus.jsonl" | cut -f1) MB of spec.json)"

psql <<SQL
CREATE TABLE bench_docs (id serial PRIMARY KEY, doc jsonb NOT NULL);
\copy bench_docs (doc) FROM '$tmp/corpus.jsonl'
SQL

# --- submission throughput -------------------------------------------------
psql -At <<'SQL'
\pset format unaligned
SELECT sum(jsonb_array_length(doc -> 'spec' -> 'nodes')) AS node_entries FROM bench_docs \gset
SELECT clock_timestamp() AS t0 \gset
SELECT count(ciprov.spack_submit(doc)) FROM bench_docs \gset
SELECT extract(epoch FROM clock_timestamp() - :'t0') AS first_s \gset
SELECT count(*) AS stored FROM ciprov.spack_nodes \gset
SELECT count(*) AS edges FROM ciprov.spack_edges \gset
SELECT clock_timestamp() AS t0 \gset
SELECT count(ciprov.spack_submit(doc)) FROM bench_docs \gset
SELECT extract(epoch FROM clock_timestamp() - :'t0') AS again_s \gset
\echo
\echo 'submission (spack_submit, one call per root document)'
SELECT format('  first load:   %s documents, %s node entries (%s distinct nodes, %s edges stored) in %s s = %s node entries/s, %s new nodes/s',
              count(*), :node_entries, :stored, :edges, round(:first_s, 2),
              round(:node_entries / :first_s), round(:stored / :first_s)) FROM bench_docs;
SELECT format('  resubmission: %s node entries in %s s = %s node entries/s (idempotent: %s nodes stored)',
              :node_entries, round(:again_s, 2), round(:node_entries / :again_s),
              (SELECT count(*) FROM ciprov.spack_nodes));
SQL
psql -c "VACUUM ANALYZE ciprov.spack_nodes, ciprov.spack_edges"

# --- traversal -------------------------------------------------------------
# Each method is a PL/pgSQL loop over the same sample with a static (cached)
# query, returning the mean milliseconds per call and the rows it saw.
psql <<SQL
CREATE TABLE bench_roots AS
  SELECT doc #>> '{spec,nodes,0,hash}' AS hash FROM bench_docs ORDER BY id LIMIT $sample;
CREATE TABLE bench_leaves AS
  SELECT n.hash FROM ciprov.spack_nodes n
  WHERE NOT EXISTS (SELECT 1 FROM ciprov.spack_edges e WHERE e.parent = n.id) AND n.name LIKE 'pkg%'
  ORDER BY n.hash LIMIT 50;
SQL
method() {  # method NAME SAMPLE_TABLE QUERY(with h)
  psql <<SQL
CREATE FUNCTION bench_$1() RETURNS text LANGUAGE plpgsql AS \$\$
DECLARE t0 timestamptz; h text; n bigint; total bigint := 0; calls int := 0;
BEGIN
  t0 := clock_timestamp();
  FOR h IN SELECT hash FROM $2 LOOP
    $3 INTO n;
    total := total + n; calls := calls + 1;
  END LOOP;
  RETURN round((extract(epoch FROM clock_timestamp() - t0) * 1000 / calls)::numeric, 3) || '|' || total / calls;
END \$\$;
SQL
}
method ours_all bench_roots "SELECT count(*) FROM ciprov.spack_dependencies(h)"
method ids_all bench_roots "SELECT count(*) FROM ciprov.spack_traverse(h, NULL, NULL, false)"
method cte_all bench_roots "WITH RECURSIVE r(id) AS (SELECT id FROM ciprov.spack_nodes WHERE hash = h UNION SELECT e.child FROM ciprov.spack_edges e JOIN r ON e.parent = r.id) SELECT count(*) FROM r"
method ours_lr bench_roots "SELECT count(*) FROM ciprov.spack_dependencies(h, '{link,run}')"
method ids_lr bench_roots "SELECT count(*) FROM ciprov.spack_traverse(h, '{link,run}', NULL, false)"
method cte_lr bench_roots "WITH RECURSIVE r(id) AS (SELECT id FROM ciprov.spack_nodes WHERE hash = h UNION SELECT e.child FROM ciprov.spack_edges e JOIN r ON e.parent = r.id WHERE e.deptype_mask & 6 <> 0) SELECT count(*) FROM r"
method ours_up bench_leaves "SELECT count(*) FROM ciprov.spack_dependents(h)"
method ids_up bench_leaves "SELECT count(*) FROM ciprov.spack_traverse(h, NULL, NULL, true)"
method cte_up bench_leaves "WITH RECURSIVE r(id) AS (SELECT id FROM ciprov.spack_nodes WHERE hash = h UNION SELECT e.parent FROM ciprov.spack_edges e JOIN r ON e.child = r.id) SELECT count(*) FROM r"

psql -At <<'SQL'
-- warm up every method once, then measure
SELECT bench_ours_all(), bench_ids_all(), bench_cte_all(), bench_ours_lr(), bench_ids_lr(), bench_cte_lr(),
       bench_ours_up(), bench_ids_up(), bench_cte_up() \g /dev/null
CREATE TEMP TABLE r AS
SELECT m.query, m.filter, m.kind, split_part(m.res, '|', 1)::numeric AS ms, split_part(m.res, '|', 2)::int8 AS rows
FROM (VALUES ('spack_dependencies', 'all', 'ours', bench_ours_all()),
             ('spack_dependencies', 'all', 'ids', bench_ids_all()),
             ('spack_dependencies', 'all', 'cte', bench_cte_all()),
             ('spack_dependencies', 'link,run', 'ours', bench_ours_lr()),
             ('spack_dependencies', 'link,run', 'ids', bench_ids_lr()),
             ('spack_dependencies', 'link,run', 'cte', bench_cte_lr()),
             ('spack_dependents', 'all', 'ours', bench_ours_up()),
             ('spack_dependents', 'all', 'ids', bench_ids_up()),
             ('spack_dependents', 'all', 'cte', bench_cte_up())) AS m(query, filter, kind, res);
\echo
\echo 'traversal: mean per call over the sample (roots for dependencies, 50 leaf nodes for dependents)'
\pset format aligned
\pset tuples_only off
\pset footer off
SELECT o.query, o.filter, o.rows AS nodes_per_call,
       c.ms AS cte_union_ms, o.ms AS ciprov_ms, i.ms AS ciprov_ids_ms,
       round(c.ms / o.ms, 2) AS speedup, round(c.ms / i.ms, 2) AS speedup_ids,
       (o.rows = c.rows AND i.rows = c.rows) AS same_rows
FROM r o JOIN r c USING (query, filter) JOIN r i USING (query, filter)
WHERE o.kind = 'ours' AND c.kind = 'cte' AND i.kind = 'ids'
ORDER BY o.query, o.filter;
SQL
echo
echo "ciprov_ms: spack_dependencies/spack_dependents (hash, name, version, depth, deptypes);"
echo "ciprov_ids_ms: the same traversal returning ids (ciprov.spack_traverse); cte_union_ms: WITH RECURSIVE ... UNION over ids."
