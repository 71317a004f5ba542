#!/usr/bin/env bash
# spack_find benchmark (make bench runs it against a fresh database with the
# extension; PGHOST/PGPORT/PGUSER/PGDATABASE are set).
#
# Loads a synthetic store (spack_corpus.py, as 60_spack.sh), then runs
# spack_find queries with two `^` constraints against the baseline, a
# recursive CTE (the link/run closure plus direct dependencies of any type,
# Spack's `^` rule) with the constraints checked on each node reached
# (name, and version with `<@`), over the same tables in the same run:
#   * anonymous root: `^a@M ^b` (every stored node depending on both; the
#     baseline walks the DAG of every stored node, as a linear scan would);
#   * named root: `name ^a@M ^b` (the baseline walks only the nodes named so,
#     found on the name index).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
nodes=${SPACK_FIND_BENCH_NODES:-3000}
roots=${SPACK_FIND_BENCH_ROOTS:-1000}
sample=${SPACK_FIND_BENCH_SAMPLE:-20}
source "$here/lib.bash"
bench_tmpdir

echo "generating corpus: $nodes shared nodes, $roots roots"
python3 "$here/spack_corpus.py" "$nodes" "$roots" 2 >"$tmp/corpus.jsonl"
psql <<SQL
CREATE TABLE find_docs (id serial PRIMARY KEY, doc jsonb NOT NULL);
\copy find_docs (doc) FROM '$tmp/corpus.jsonl'
SELECT count(ciprov.spack_submit(doc)) FROM find_docs \g /dev/null
VACUUM ANALYZE ciprov.spack_nodes, ciprov.spack_edges;
SQL

# Queries: for each sampled root, a direct link dependency x of it, and two
# packages a, b of x's link/run closure (x itself is the named root).
psql <<SQL
CREATE TABLE find_queries AS
SELECT row_number() OVER () AS q, x.name AS root_name, a.name AS a_name,
       split_part(a.version::text, '.', 1) AS a_major, b.name AS b_name
FROM (SELECT doc #>> '{spec,nodes,0,hash}' AS hash FROM find_docs ORDER BY id LIMIT $sample) s
JOIN ciprov.spack_nodes r ON r.hash = s.hash
CROSS JOIN LATERAL (SELECT c.* FROM ciprov.spack_edges e JOIN ciprov.spack_nodes c ON c.id = e.child
                    WHERE e.parent = r.id AND e.deptype_mask & 2 <> 0
                      AND cardinality(c.link_run_closure) >= 4 ORDER BY c.id LIMIT 1) x
CROSS JOIN LATERAL (SELECT n.* FROM ciprov.spack_nodes n WHERE n.id = x.link_run_closure[1]) a
CROSS JOIN LATERAL (SELECT n.* FROM ciprov.spack_nodes n
                    WHERE n.id = x.link_run_closure[cardinality(x.link_run_closure)]) b;
-- the baseline: nodes named \$1 (NULL: every node) whose direct dependencies
-- and link/run closure hold a node satisfying each constraint
CREATE FUNCTION cte_find(root_name text, a text, ra ciprov.version_range, b text)
RETURNS SETOF text LANGUAGE sql STABLE AS \$\$
  SELECT r.hash FROM ciprov.spack_nodes r
  WHERE (root_name IS NULL OR r.name = root_name)
    AND (WITH RECURSIVE c(id, lr) AS (
           SELECT e.child, e.deptype_mask & 6 <> 0 FROM ciprov.spack_edges e WHERE e.parent = r.id
           UNION
           SELECT e.child, true FROM ciprov.spack_edges e JOIN c ON e.parent = c.id
           WHERE c.lr AND e.deptype_mask & 6 <> 0)
         SELECT count(DISTINCT d.name) FROM c JOIN ciprov.spack_nodes d ON d.id = c.id
         WHERE (d.name = a AND d.version OPERATOR(ciprov.<@) ra) OR d.name = b) = 2
\$\$;
CREATE FUNCTION run(kind text, named boolean) RETURNS text LANGUAGE plpgsql AS \$\$
DECLARE t0 timestamptz; q record; n bigint; total bigint := 0; calls int := 0;
BEGIN
  t0 := clock_timestamp();
  FOR q IN SELECT * FROM find_queries ORDER BY q LOOP
    IF kind = 'ours' THEN
      SELECT count(*) INTO n FROM ciprov.spack_find(format('%s ^%s@%s ^%s',
        CASE WHEN named THEN q.root_name ELSE '' END, q.a_name, q.a_major, q.b_name)::ciprov.spec);
    ELSE
      SELECT count(*) INTO n FROM cte_find(CASE WHEN named THEN q.root_name END, q.a_name,
                                           q.a_major::ciprov.version_range, q.b_name);
    END IF;
    total := total + n; calls := calls + 1;
  END LOOP;
  RETURN round((extract(epoch FROM clock_timestamp() - t0) * 1000 / calls)::numeric, 3) || '|' || total;
END \$\$;
SQL

psql -At <<'SQL'
SELECT count(*) AS nodes FROM ciprov.spack_nodes \gset
SELECT count(*) AS queries FROM find_queries \gset
SELECT run('ours', true), run('cte', true) \g /dev/null
CREATE TEMP TABLE r AS
SELECT m.named, m.kind, split_part(m.res, '|', 1)::numeric AS ms, split_part(m.res, '|', 2)::int8 AS found
FROM (VALUES (false, 'ours', run('ours', false)), (false, 'cte', run('cte', false)),
             (true, 'ours', run('ours', true)), (true, 'cte', run('cte', true))) AS m(named, kind, res);
\echo
\echo 'spack_find with two ^ constraints: mean per query over' :queries 'queries,' :nodes 'stored nodes'
\pset format aligned
\pset tuples_only off
\pset footer off
SELECT CASE WHEN o.named THEN 'name ^a@M ^b' ELSE '^a@M ^b' END AS query,
       o.found AS nodes_found, c.ms AS cte_satisfies_ms, o.ms AS spack_find_ms,
       round(c.ms / o.ms, 1) AS speedup, o.found = c.found AS same_result
FROM r o JOIN r c USING (named) WHERE o.kind = 'ours' AND c.kind = 'cte' ORDER BY o.named;
SQL
