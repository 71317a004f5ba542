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

-- Bad arguments
SELECT * FROM ciprov.spack_dependencies('nosuchhash');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM ciprov.spack_dependencies(:'mpileaks', '{build,lnk}');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM ciprov.spack_dependents(:'mpileaks', ARRAY['run', NULL]);
SELECT * FROM ciprov.spack_dependencies(:'mpileaks', NULL, -1);
SELECT ciprov.spack_dot('nosuchhash');
SELECT ciprov.spack_json('nosuchhash');
-- NULL hash: no rows, NULL text
SELECT count(*) AS rows FROM ciprov.spack_dependencies(NULL);
SELECT count(*) AS rows FROM ciprov.spack_dependents(NULL, NULL, 1);
SELECT count(*) AS rows FROM ciprov.spack_traverse(NULL, NULL, NULL, false);
SELECT ciprov.spack_dot(NULL) IS NULL AS null_dot, ciprov.spack_json(NULL) IS NULL AS null_json;
