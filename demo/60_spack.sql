-- ciprov demo: Spack build provenance as a graph (examples/spack/).
\pset footer off
\set QUIET on
\echo
\echo '== Spack: submit spec.json documents of any format (v5 and the v1 list format here) =='
\set doc `cat examples/spack/mpileaks.v5.json`
SELECT ciprov.spack_submit(:'doc') AS mpileaks_root;
\set doc `cat examples/spack/hdf5.v5.json`
SELECT ciprov.spack_submit(:'doc') AS hdf5_root;
\set doc `cat examples/spack/libdwarf.v1.json`
SELECT ciprov.spack_submit(:'doc') AS libdwarf_v1_root;
\echo '-- nodes shared by the two DAGs are stored once; the v1 compiler field became a gcc node'
SELECT name, version, spec_format, synthesized_compiler,
       (SELECT count(*) FROM ciprov.spack_edges e WHERE e.child = n.id) AS dependents
FROM ciprov.spack_nodes n WHERE name IN ('zlib', 'mpich', 'gcc') ORDER BY name, version;

\echo '== what mpileaks links and runs with (build-only and test-only dependencies left out) =='
SELECT name, version, depth, deptypes FROM ciprov.spack_dependencies('etbgrgagqqplxyliebbglxyzzmayywvc', '{link,run}');

\echo '== who is affected at run time by a new zlib =='
SELECT name, version, depth, deptypes FROM ciprov.spack_dependents('gg55iumrrpzlsew5efhvrynpbv4stfki', '{link,run}');

\echo '== the v1 DAG as Graphviz (spack graph --dot) =='
\pset format unaligned
\pset tuples_only on
SELECT ciprov.spack_dot('g6ikkmlytdop7xjjk5vpd56fpxbq7smy');
\pset format aligned
\pset tuples_only off

\echo '== spack_json exports spec.json v5; submitting it back gives the same root =='
SELECT ciprov.spack_submit(ciprov.spack_json('g6ikkmlytdop7xjjk5vpd56fpxbq7smy')) AS resubmitted,
       ciprov.spack_json('g6ikkmlytdop7xjjk5vpd56fpxbq7smy') #> '{spec,nodes,0,dependencies,0}' AS compiler_edge;

\echo '== an install database with its records =='
\set doc `cat examples/spack/database.v7.json`
SELECT ciprov.spack_submit_database(:'doc') AS records;
SELECT n.name, n.version, i.installed, i.explicit, i.ref_count, i.deprecated_for IS NOT NULL AS deprecated
FROM ciprov.spack_installs i JOIN ciprov.spack_nodes n ON n.id = i.node ORDER BY n.name;

\echo '== a build that fails: parsed errors and warnings, and cancelled dependents =='
SELECT ciprov.spack_build_start('7rewsykl5t3v6j54g5vgz5dhrcfzyhfq', '{"hostname": "builder-1", "spack_version": "0.21.0"}') AS callpath_build \gset
SELECT ciprov.spack_build_start('etbgrgagqqplxyliebbglxyzzmayywvc', '{"hostname": "builder-1"}') AS mpileaks_build \gset
\set log `cat examples/spack/build-callpath.log`
SELECT ciprov.spack_build_phase(:callpath_build, 'build', 'FAILED', :'log') AS phase \gset
SELECT kind, line_no, source_file, source_line, text
FROM ciprov.spack_build_events WHERE phase = :phase ORDER BY line_no;
SELECT ciprov.spack_build_finish(:callpath_build, 'FAILED') AS cancelled_dependents;
SELECT b.id, n.name, b.status, b.cancelled_by FROM ciprov.spack_builds b JOIN ciprov.spack_nodes n ON n.id = b.node ORDER BY b.id;

\echo '== spack_spec: a stored node as a concrete ciprov.spec =='
\set doc `cat examples/spack/find.v5.json`
SELECT ciprov.spack_submit(:'doc') AS app \gset
SELECT ciprov.spack_spec('libaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');

\echo '== spack_find on indexes: ^ is a direct dependency or in the link/run closure =='
SELECT f AS hash, n.name, n.version FROM ciprov.spack_find('^zlib@1.2 ^hwloc') f
JOIN ciprov.spack_nodes n ON n.hash = f ORDER BY n.name;
SELECT count(*) AS build_only_dep_of_a_dep FROM ciprov.spack_find('app ^autoconf');
SELECT count(*) AS direct_openmpi_providing_mpi FROM ciprov.spack_find('app %mpi=openmpi@4.1');

\echo '== spack_splice: zlib@1.3.1 into app; changed ancestors get a build_spec =='
SELECT ciprov.spack_splice(:'app', 'zlibonethreeaaaaaaaaaaaaaaaaaaaa') AS spliced \gset
SELECT n.name, n.version, b.hash AS built_as, n.hash = :'spliced' AS root
FROM ciprov.spack_dependencies(:'spliced') d JOIN ciprov.spack_nodes n ON n.hash = d.hash
LEFT JOIN ciprov.spack_nodes b ON b.id = n.build_spec ORDER BY d.depth, n.name;

\echo '== deployed with zlib@1.3 but built with zlib@1.2 =='
SELECT f AS hash, n.name FROM ciprov.spack_find_spliced('^zlib@1.3', '^zlib@1.2') f
JOIN ciprov.spack_nodes n ON n.hash = f ORDER BY n.name;

\echo '== bad input names the JSON pointer (SQLSTATE 22023) and writes nothing =='
\set ON_ERROR_STOP off
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 5}, "nodes": [{"name": "a", "version": "1", "hash": "aaaa",
  "dependencies": [{"name": "b", "hash": "bbbb", "parameters": {"deptypes": ["link"], "virtuals": []}}]}]}}');
\echo 'SQLSTATE:' :LAST_ERROR_SQLSTATE
\set ON_ERROR_STOP on
