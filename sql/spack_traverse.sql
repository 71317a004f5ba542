-- Traversal of stored DAGs: spack_dependencies and spack_dependents under
-- every dependency-type filter and max_depth, spack_dot, and bad arguments.
\set SHOW_CONTEXT never
TRUNCATE ciprov.spack_nodes, ciprov.spack_edges, ciprov.spack_installs, ciprov.spack_builds,
  ciprov.spack_build_phases, ciprov.spack_build_events, ciprov.spack_build_files RESTART IDENTITY;
\set doc `cat examples/spack/mpileaks.v5.json`
SELECT ciprov.spack_submit(:'doc') AS mpileaks;
\set doc `cat examples/spack/hdf5.v5.json`
SELECT ciprov.spack_submit(:'doc') AS hdf5;
\set doc `cat examples/spack/libdwarf.v3.json`
SELECT ciprov.spack_submit(:'doc') AS libdwarf_v3;
\set mpileaks 'etbgrgagqqplxyliebbglxyzzmayywvc'
\set zlib 'gg55iumrrpzlsew5efhvrynpbv4stfki'

-- every type: the root at depth 0, each node once at its smallest depth,
-- with the types of the edges that reach it there
SELECT name, version, depth, deptypes FROM ciprov.spack_dependencies(:'mpileaks');
-- link and run: what mpileaks needs at run time (no cmake, gcc, googletest)
SELECT name, depth, deptypes FROM ciprov.spack_dependencies(:'mpileaks', '{link,run}');
-- the same set is the stored link/run closure
SELECT ARRAY(SELECT name FROM ciprov.spack_dependencies(:'mpileaks', '{link,run}') WHERE depth > 0 ORDER BY name)
     = ARRAY(SELECT c.name FROM ciprov.spack_nodes n JOIN ciprov.spack_nodes c ON c.id = ANY (n.link_run_closure)
             WHERE n.hash = :'mpileaks' ORDER BY c.name) AS matches_closure;
-- link only: python (run) and what only it brings are gone
SELECT name, depth, deptypes FROM ciprov.spack_dependencies(:'mpileaks', '{link}');
-- run only: python; zlib is a link dependency of python, so it stops there
SELECT name, depth, deptypes FROM ciprov.spack_dependencies(:'mpileaks', '{run}');
-- build only: edges whose types include build
SELECT name, depth, deptypes FROM ciprov.spack_dependencies(:'mpileaks', '{build}');
-- test: googletest only (its own build dependencies are not test edges)
SELECT name, depth, deptypes FROM ciprov.spack_dependencies(:'mpileaks', '{test}');
-- max_depth 0, 1 and 2
SELECT name, depth FROM ciprov.spack_dependencies(:'mpileaks', NULL, 0);
SELECT name, depth FROM ciprov.spack_dependencies(:'mpileaks', NULL, 1);
SELECT count(*) AS within_2, max(depth) AS deepest FROM ciprov.spack_dependencies(:'mpileaks', NULL, 2);
SELECT name, depth, deptypes FROM ciprov.spack_dependencies(:'mpileaks', '{link}', 2);
-- an empty filter follows nothing
SELECT name, depth FROM ciprov.spack_dependencies(:'mpileaks', '{}');

-- dependents of zlib across both DAGs
SELECT name, depth, deptypes FROM ciprov.spack_dependents(:'zlib');
-- link/run dependents: who would be affected at run time by a new zlib
-- (cmake depends on zlib, but mpileaks and googletest only build with cmake)
SELECT name, depth, deptypes FROM ciprov.spack_dependents(:'zlib', '{link,run}');
SELECT name, depth FROM ciprov.spack_dependents(:'zlib', '{build}', 1);
-- the shared compiler node of the old-format DAG has three dependents
SELECT name, depth, deptypes FROM ciprov.spack_dependents(
  (SELECT hash FROM ciprov.spack_nodes WHERE synthesized_compiler));

-- Graphviz like spack graph --dot
SELECT ciprov.spack_dot('ynkgzxiin744gyygqqypcl6vsfynrtrf');
SELECT ciprov.spack_dot(:'mpileaks', '{link}');
-- the number of edges drawn follows the filter
SELECT f AS filter,
       (SELECT count(*) FROM regexp_matches(ciprov.spack_dot(:'mpileaks', f::text[]), ' -> ', 'g')) AS edges
FROM unnest(ARRAY[NULL, '{build}', '{link}', '{run}', '{test}', '{link,run}']) f;

-- The reference: a recursive walk of spack_edges, down (dependencies) and
-- up (dependents), from every stored node under several filters and depth
-- limits: the smallest depth of each node reached, and the types of the
-- edges that reach it at that depth.
CREATE TEMP VIEW walk_filters(filter, mask, max_depth) AS
  VALUES (NULL::text[], 15, NULL::int), ('{link,run}', 6, NULL), ('{build}', 1, NULL),
         ('{run}', 4, NULL), (NULL, 15, 1), ('{link}', 2, 2);
CREATE TEMP VIEW walk_reference AS
WITH RECURSIVE g(direction, src, dst, mask) AS (
  SELECT 'down', parent, child, deptype_mask FROM ciprov.spack_edges
  UNION ALL
  SELECT 'up', child, parent, deptype_mask FROM ciprov.spack_edges
), walk(direction, filter, mask, max_depth, root, node, depth) AS (
  SELECT d.direction, f.filter, f.mask, f.max_depth, n.id, n.id, 0
  FROM (VALUES ('down'), ('up')) d(direction), walk_filters f, ciprov.spack_nodes n
  UNION
  SELECT w.direction, w.filter, w.mask, w.max_depth, w.root, g.dst, w.depth + 1
  FROM walk w JOIN g ON g.direction = w.direction AND g.src = w.node
  WHERE g.mask & w.mask <> 0 AND (w.max_depth IS NULL OR w.depth < w.max_depth)
), best AS (
  SELECT direction, filter, mask, max_depth, root, node, min(depth) AS depth
  FROM walk GROUP BY direction, filter, mask, max_depth, root, node
)
SELECT b.direction, b.filter, b.max_depth, b.root, b.node, b.depth,
       (SELECT coalesce(bit_or(g.mask), 0) FROM g
        JOIN best p ON p.direction = b.direction AND p.filter IS NOT DISTINCT FROM b.filter
                   AND p.max_depth IS NOT DISTINCT FROM b.max_depth
                   AND p.root = b.root AND p.node = g.src AND p.depth = b.depth - 1
        WHERE g.direction = b.direction AND g.dst = b.node AND g.mask & b.mask <> 0) AS mask
FROM best b;

-- Each function against the walk, for every stored node under every filter
-- and depth limit of the reference: the rows in their order (depth, name,
-- hash) and spack_traverse's ids.
CREATE TEMP VIEW walk_checked AS
WITH checked AS (
  SELECT d.direction, f.filter, f.max_depth,
         CASE d.direction
           WHEN 'down' THEN ARRAY(SELECT format('%s %s %s %s %s', x.hash, x.name, x.version, x.depth, x.deptypes)
                                  FROM ciprov.spack_dependencies(n.hash, f.filter, f.max_depth) x)
           ELSE ARRAY(SELECT format('%s %s %s %s %s', x.hash, x.name, x.version, x.depth, x.deptypes)
                      FROM ciprov.spack_dependents(n.hash, f.filter, f.max_depth) x)
         END
           = ARRAY(SELECT format('%s %s %s %s %s', c.hash, c.name, c.version, r.depth, ciprov.spack_deptype_names(r.mask::int2))
                   FROM walk_reference r JOIN ciprov.spack_nodes c ON c.id = r.node
                   WHERE r.direction = d.direction AND r.filter IS NOT DISTINCT FROM f.filter
                     AND r.max_depth IS NOT DISTINCT FROM f.max_depth AND r.root = n.id
                   ORDER BY r.depth, c.name, c.hash) AS same_rows,
         ARRAY(SELECT format('%s %s %s', t.node, t.depth, t.deptype_mask)
               FROM ciprov.spack_traverse(n.hash, f.filter, f.max_depth, d.direction = 'up') t ORDER BY 1)
           = ARRAY(SELECT format('%s %s %s', r.node, r.depth, r.mask)
                   FROM walk_reference r
                   WHERE r.direction = d.direction AND r.filter IS NOT DISTINCT FROM f.filter
                     AND r.max_depth IS NOT DISTINCT FROM f.max_depth AND r.root = n.id ORDER BY 1) AS same_ids
  FROM (VALUES ('down'), ('up')) d(direction), walk_filters f, ciprov.spack_nodes n
)
SELECT direction, coalesce(filter::text, 'all') AS filter, max_depth, count(*) AS nodes_asked,
       count(*) FILTER (WHERE same_rows) AS same_rows, count(*) FILTER (WHERE same_ids) AS same_ids
FROM checked GROUP BY direction, filter, max_depth;

-- Every stored node is the root of its own DAG, stored in its row:
-- spack_dependencies and spack_traverse downwards read it alone.
SELECT filter, max_depth, nodes_asked, same_rows, same_ids FROM walk_checked
WHERE direction = 'down' ORDER BY 1, 2;

-- Dependents are read from the store one of two ways, chosen by the
-- planner's row counts of spack_edges and spack_nodes: one indexed query per
-- level and the reached rows by primary key, or, once a traversal has
-- reached enough of the store, each table read once whole. Both give the
-- walk's answer for every node: first with no row counts (as before any
-- ANALYZE: always by index), then with counts of one row a page, so small
-- that every traversal reads the tables whole.
BEGIN;
UPDATE pg_catalog.pg_class SET reltuples = -1
WHERE oid IN ('ciprov.spack_edges'::pg_catalog.regclass, 'ciprov.spack_nodes'::pg_catalog.regclass);
SELECT filter, max_depth, nodes_asked, same_rows, same_ids FROM walk_checked
WHERE direction = 'up' ORDER BY 1, 2;
ROLLBACK;
BEGIN;
UPDATE pg_catalog.pg_class SET reltuples = pg_catalog.pg_relation_size(oid) / 8192, relpages = pg_catalog.pg_relation_size(oid) / 8192
WHERE oid IN ('ciprov.spack_edges'::pg_catalog.regclass, 'ciprov.spack_nodes'::pg_catalog.regclass);
SELECT filter, max_depth, nodes_asked, same_rows, same_ids FROM walk_checked
WHERE direction = 'up' ORDER BY 1, 2;
ROLLBACK;
-- the walk reaches nodes upwards too (the check is not vacuous)
SELECT count(*) FILTER (WHERE depth > 0) AS dependents_reached, max(depth) AS deepest
FROM walk_reference WHERE direction = 'up' AND filter IS NULL AND max_depth IS NULL;
DROP VIEW walk_checked, walk_reference, walk_filters;

-- output order: depth, then name, then hash (here from a shared, non-root node)
SELECT name, depth FROM ciprov.spack_dependencies(
  (SELECT hash FROM ciprov.spack_nodes WHERE name = 'mpich' LIMIT 1), NULL, 1);

-- Bad arguments
SELECT * FROM ciprov.spack_dependencies('nosuchhash');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM ciprov.spack_dependencies(:'mpileaks', '{build,lnk}');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM ciprov.spack_dependents(:'mpileaks', ARRAY['run', NULL]);
SELECT * FROM ciprov.spack_dependencies(:'mpileaks', NULL, -1);
SELECT ciprov.spack_dot('nosuchhash');
SELECT ciprov.spack_json('nosuchhash');
-- spack_dependencies reads the stored DAG without a query, but with the
-- same privilege check: SELECT on spack_nodes
CREATE ROLE ciprov_spack_nobody;
GRANT USAGE ON SCHEMA ciprov TO ciprov_spack_nobody;
SET ROLE ciprov_spack_nobody;
SELECT count(*) FROM ciprov.spack_dependencies(:'mpileaks');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
GRANT SELECT ON ciprov.spack_nodes TO ciprov_spack_nobody;
SET ROLE ciprov_spack_nobody;
SELECT count(*) AS rows FROM ciprov.spack_dependencies(:'mpileaks');
RESET ROLE;
REVOKE ALL ON ciprov.spack_nodes FROM ciprov_spack_nobody;
REVOKE ALL ON SCHEMA ciprov FROM ciprov_spack_nobody;
DROP ROLE ciprov_spack_nobody;
-- NULL hash: no rows, NULL text
SELECT count(*) AS rows FROM ciprov.spack_dependencies(NULL);
SELECT count(*) AS rows FROM ciprov.spack_dependents(NULL, NULL, 1);
SELECT count(*) AS rows FROM ciprov.spack_traverse(NULL, NULL, NULL, false);
SELECT ciprov.spack_dot(NULL) IS NULL AS null_dot, ciprov.spack_json(NULL) IS NULL AS null_json;
