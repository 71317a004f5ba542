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

-- Every stored node is the root of its own DAG, stored in its row: for each
-- node (roots and shared ones), under several filters and depth limits,
-- spack_dependencies and spack_traverse give what a recursive walk of
-- spack_edges gives (smallest depth; the types of the edges reaching a node
-- at that depth).
WITH RECURSIVE f(filter, mask, max_depth) AS (
  VALUES (NULL::text[], 15, NULL::int), ('{link,run}', 6, NULL), ('{build}', 1, NULL),
         ('{run}', 4, NULL), (NULL, 15, 1), ('{link}', 2, 2)
), walk(filter, mask, max_depth, root, node, depth) AS (
  SELECT f.filter, f.mask, f.max_depth, n.id, n.id, 0 FROM f, ciprov.spack_nodes n
  UNION
  SELECT w.filter, w.mask, w.max_depth, w.root, e.child, w.depth + 1
  FROM walk w JOIN ciprov.spack_edges e ON e.parent = w.node
  WHERE e.deptype_mask & w.mask <> 0 AND (w.max_depth IS NULL OR w.depth < w.max_depth)
), best AS (
  SELECT filter, mask, max_depth, root, node, min(depth) AS depth
  FROM walk GROUP BY filter, mask, max_depth, root, node
), reference AS (
  SELECT b.filter, b.max_depth, b.root, b.node, b.depth,
         (SELECT coalesce(bit_or(e.deptype_mask), 0) FROM ciprov.spack_edges e
          JOIN best p ON p.filter IS NOT DISTINCT FROM b.filter
                     AND p.max_depth IS NOT DISTINCT FROM b.max_depth
                     AND p.root = b.root AND p.node = e.parent AND p.depth = b.depth - 1
          WHERE e.child = b.node AND e.deptype_mask & b.mask <> 0) AS mask
  FROM best b
), checked AS (
  SELECT f.filter, f.max_depth, n.hash,
         ARRAY(SELECT format('%s %s %s', d.hash, d.depth, d.deptypes) FROM ciprov.spack_dependencies(n.hash, f.filter, f.max_depth) d ORDER BY 1)
           = ARRAY(SELECT format('%s %s %s', c.hash, r.depth, ciprov.spack_deptype_names(r.mask::int2))
                   FROM reference r JOIN ciprov.spack_nodes c ON c.id = r.node
                   WHERE r.filter IS NOT DISTINCT FROM f.filter AND r.max_depth IS NOT DISTINCT FROM f.max_depth
                     AND r.root = n.id ORDER BY 1) AS same_rows,
         ARRAY(SELECT format('%s %s %s', t.node, t.depth, t.deptype_mask) FROM ciprov.spack_traverse(n.hash, f.filter, f.max_depth, false) t ORDER BY 1)
           = ARRAY(SELECT format('%s %s %s', r.node, r.depth, r.mask)
                   FROM reference r
                   WHERE r.filter IS NOT DISTINCT FROM f.filter AND r.max_depth IS NOT DISTINCT FROM f.max_depth
                     AND r.root = n.id ORDER BY 1) AS same_ids
  FROM f, ciprov.spack_nodes n
)
SELECT coalesce(filter::text, 'all') AS filter, max_depth, count(*) AS nodes_asked,
       count(*) FILTER (WHERE same_rows) AS same_rows, count(*) FILTER (WHERE same_ids) AS same_ids
FROM checked GROUP BY filter, max_depth ORDER BY 1, 2;
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
