-- spack_splice in both modes, and its bad inputs.
\set SHOW_CONTEXT never
TRUNCATE ciprov.spack_nodes, ciprov.spack_edges, ciprov.spack_installs, ciprov.spack_builds,
  ciprov.spack_build_phases, ciprov.spack_build_events, ciprov.spack_build_files RESTART IDENTITY;
-- find.v5.json: app -> lib [build,link] -> autoconf [build], zlib@1.2.13 [link];
-- app -> py [run] -> zlib@1.2.13 [link]; app -> openmpi@4.1.5 [build,link] (mpi)
-- -> hwloc@2.9.1 [link]; app -> cmake [build] -> zlib@1.3.1 [build,link]
\set doc `cat examples/spack/find.v5.json`
SELECT ciprov.spack_submit(:'doc') AS app;
-- splice.v5.json: openmpi@5.0.0 -> hwloc@2.10.0 [link], autoconf [build]
\set doc `cat examples/spack/splice.v5.json`
SELECT ciprov.spack_submit(:'doc') AS openmpi5;
\set app 'appaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
\set zlib13 'zlibonethreeaaaaaaaaaaaaaaaaaaaa'
\set ompi5 'openmpifiveaaaaaaaaaaaaaaaaaaaaa'
CREATE FUNCTION pg_temp.show(h text) RETURNS TABLE (node text, build_spec text, deps text)
LANGUAGE sql AS $$
  SELECT n.name || '@' || n.version::text || CASE WHEN n.hash = h THEN ' (root)' ELSE '' END,
         b.name || '@' || b.version::text,
         (SELECT string_agg(c.name || '@' || c.version::text || '[' || array_to_string(e.deptypes, ',') || ']', ' ' ORDER BY c.name)
          FROM ciprov.spack_edges e JOIN ciprov.spack_nodes c ON c.id = e.child WHERE e.parent = n.id)
  FROM ciprov.spack_dependencies(h) d JOIN ciprov.spack_nodes n ON n.hash = d.hash
  LEFT JOIN ciprov.spack_nodes b ON b.id = n.build_spec
  ORDER BY d.depth, n.name $$;
SELECT count(*) AS nodes_before FROM ciprov.spack_nodes \gset

-- zlib@1.3.1 into app: lib and py link zlib, so they and app become new
-- nodes whose build_spec is the original; build-only edges (autoconf,
-- cmake) are dropped from them; openmpi is unchanged
SELECT ciprov.spack_splice(:'app', :'zlib13') AS spliced \gset
SELECT * FROM pg_temp.show(:'spliced');
SELECT length(:'spliced') AS hash_length, :'spliced' <> :'app' AS new_hash,
       (SELECT count(*) FROM ciprov.spack_nodes) - :nodes_before AS new_nodes;
-- each new node's hash ends in the last 7 characters of its build's hash
SELECT n.name, right(n.hash, 7) = right(b.hash, 7) AS keeps_build_suffix,
       left(n.hash, 25) <> left(b.hash, 25) AS new_prefix
FROM ciprov.spack_nodes n JOIN ciprov.spack_nodes b ON b.id = n.build_spec ORDER BY n.name;
-- the inputs are unchanged, and splicing again stores nothing new
SELECT count(*) AS app_dag_nodes FROM ciprov.spack_dependencies(:'app');
SELECT ciprov.spack_splice(:'app', :'zlib13') = :'spliced' AS same_again,
       (SELECT count(*) FROM ciprov.spack_nodes) - :nodes_before AS new_nodes;
-- the spliced DAG is found by what it deploys, its build spec by what was built
SELECT ciprov.spack_find('app ^zlib@1.3') = ANY (ARRAY[:'spliced']) AS deployed_13;
SELECT n.name, n.hash = :'spliced' AS spliced FROM ciprov.spack_find('app ^zlib@1.2') f
JOIN ciprov.spack_nodes n ON n.hash = f;

-- transitive (the default): openmpi@5.0.0 brings its hwloc@2.10.0
SELECT ciprov.spack_splice(:'app', :'ompi5') AS t \gset
SELECT * FROM pg_temp.show(:'t');
-- intransitive: openmpi@5.0.0 is re-pointed to app's hwloc@2.9.1, so it is
-- a new node too, built as openmpi@5.0.0 with hwloc@2.10.0
SELECT ciprov.spack_splice(:'app', :'ompi5', false) AS i \gset
SELECT * FROM pg_temp.show(:'i');
SELECT :'t' <> :'i' AS modes_differ;

-- bad inputs
SELECT ciprov.spack_splice(:'app', 'nosuchhash');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.spack_splice('hwloctwotenaaaaaaaaaaaaaaaaaaaaa', :'zlib13');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.spack_splice(:'app', :'app');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.spack_splice(:'app', NULL) IS NULL AS strict;

-- spack_find_spliced: deployed with zlib@1.3, built with zlib@1.2
SELECT n.name, n.hash = :'spliced' AS is_spliced_root
FROM ciprov.spack_find_spliced('^zlib@1.3', '^zlib@1.2') f JOIN ciprov.spack_nodes n ON n.hash = f
ORDER BY n.name;
SELECT count(*) AS app_only FROM ciprov.spack_find_spliced('app ^zlib@1.3', 'app ^zlib@1.2');
-- the other way round finds nothing; the unspliced app is never found
SELECT count(*) AS none FROM ciprov.spack_find_spliced('^zlib@1.2', '^zlib@1.3');
-- the two apps spliced with openmpi@5 still deploy zlib@1.2
SELECT count(*) AS two, bool_and(f <> :'app') AS not_the_original
FROM ciprov.spack_find_spliced('app ^zlib@1.2', 'app') f;
-- deployed with openmpi@5 re-pointed to hwloc@2.9.1, built against hwloc@2.10
SELECT n.name, n.version FROM ciprov.spack_find_spliced('openmpi@5 ^hwloc@2.9', 'openmpi ^hwloc@2.10') f
JOIN ciprov.spack_nodes n ON n.hash = f;
