-- Spack DAG store: every spec.json format, idempotency, shared nodes stored
-- once, compiler nodes for old formats, install databases, the link/run
-- closure, the spack_json round trip, and bad documents.
\set SHOW_CONTEXT never
\set VERBOSITY default
TRUNCATE ciprov.spack_nodes, ciprov.spack_edges, ciprov.spack_installs, ciprov.spack_builds,
  ciprov.spack_build_phases, ciprov.spack_build_events, ciprov.spack_build_files RESTART IDENTITY;

-- spec.json v5 (examples/spack/mpileaks.v5.json): 12 nodes
\set doc `cat examples/spack/mpileaks.v5.json`
SELECT ciprov.spack_submit(:'doc') AS mpileaks_root;
SELECT count(*) AS nodes, count(DISTINCT hash) AS hashes FROM ciprov.spack_nodes;
-- idempotent: the same document again changes nothing
SELECT ciprov.spack_submit(:'doc') AS again;
SELECT (SELECT count(*) FROM ciprov.spack_nodes) AS nodes, (SELECT count(*) FROM ciprov.spack_edges) AS edges;

-- hdf5 shares mpich, hwloc, zlib, cmake and gcc with mpileaks: one new node
\set doc `cat examples/spack/hdf5.v5.json`
SELECT ciprov.spack_submit(:'doc') AS hdf5_root;
SELECT (SELECT count(*) FROM ciprov.spack_nodes) AS nodes, (SELECT count(*) FROM ciprov.spack_edges) AS edges;
SELECT name, count(*) AS rows FROM ciprov.spack_nodes WHERE name IN ('zlib', 'mpich') GROUP BY name ORDER BY name;
-- zlib is stored once with four direct dependents: cmake, mpich and python
-- from the mpileaks DAG, hdf5 from the other
SELECT p.name AS parent, e.deptypes, e.virtuals
FROM ciprov.spack_edges e JOIN ciprov.spack_nodes p ON p.id = e.parent JOIN ciprov.spack_nodes c ON c.id = e.child
WHERE c.name = 'zlib' ORDER BY 1;

-- stored columns of one node
SELECT hash, name, version, namespace, platform, os, target, variants, flags, external IS NULL AS not_external,
       package_hash, spec_format, synthesized_compiler, annotations
FROM ciprov.spack_nodes WHERE name = 'mpileaks';
SELECT name, external FROM ciprov.spack_nodes WHERE name = 'gcc';
-- virtuals on edges
SELECT p.name AS parent, c.name AS child, e.deptypes, e.virtuals
FROM ciprov.spack_edges e JOIN ciprov.spack_nodes p ON p.id = e.parent JOIN ciprov.spack_nodes c ON c.id = e.child
WHERE p.name = 'mpileaks' ORDER BY c.name;

-- the link/run closure: build-only (cmake, gcc) and test-only (googletest)
-- dependencies are not in it; link and run ones are, transitively
SELECT n.name, ARRAY(SELECT c.name FROM ciprov.spack_nodes c WHERE c.id = ANY (n.link_run_closure) ORDER BY c.name) AS closure
FROM ciprov.spack_nodes n WHERE n.name IN ('mpileaks', 'hdf5', 'callpath', 'cmake', 'gcc') ORDER BY n.name;

-- Old formats: v1 (dependencies by build_hash under "hash"), v2 ("build_hash"),
-- v3 and v4 ("hash"). The stored hash is the file's, never recomputed.
\set doc `cat examples/spack/libdwarf.v1.json`
SELECT ciprov.spack_submit(:'doc') AS v1_root;
\set doc `cat examples/spack/libdwarf.v2.json`
SELECT ciprov.spack_submit(:'doc') AS v2_root;
\set doc `cat examples/spack/libdwarf.v3.json`
SELECT ciprov.spack_submit(:'doc') AS v3_root;
\set doc `cat examples/spack/libdwarf.v4.json`
SELECT ciprov.spack_submit(:'doc') AS v4_root;
-- each format's libdwarf, with its format and legacy build_hash
SELECT hash, spec_format, build_hash FROM ciprov.spack_nodes
WHERE name = 'libdwarf' AND spec_format < 5 ORDER BY spec_format;
-- the "compiler" of every pre-v5 node became one shared compiler node
-- (gcc@9.4.0 on linux/debian12) providing c, cxx and fortran
SELECT name, version, platform, os, synthesized_compiler, spec_format FROM ciprov.spack_nodes WHERE synthesized_compiler;
SELECT count(*) AS compiler_edges, array_agg(DISTINCT e.deptypes) AS deptypes, array_agg(DISTINCT e.virtuals) AS virtuals
FROM ciprov.spack_edges e JOIN ciprov.spack_nodes c ON c.id = e.child WHERE c.synthesized_compiler;
-- v1 dependencies resolved through build_hash to the right nodes
SELECT c.name, c.hash, e.deptypes
FROM ciprov.spack_edges e JOIN ciprov.spack_nodes p ON p.id = e.parent JOIN ciprov.spack_nodes c ON c.id = e.child
WHERE p.hash = 'g6ikkmlytdop7xjjk5vpd56fpxbq7smy' ORDER BY c.name;

-- An install database (version 7): three records with their specs
\set doc `cat examples/spack/database.v7.json`
SELECT ciprov.spack_submit_database(:'doc') AS records;
SELECT n.name, i.path, i.installed, i.explicit, to_char(i.installation_time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.FF2') AS installed_utc,
       i.ref_count, i.deprecated_for, i.database_version
FROM ciprov.spack_installs i JOIN ciprov.spack_nodes n ON n.id = i.node ORDER BY n.name;
-- submitting it again updates the records in place
SELECT ciprov.spack_submit_database(:'doc') AS records;
SELECT count(*) AS install_rows FROM ciprov.spack_installs;
SELECT name, version FROM ciprov.spack_nodes WHERE synthesized_compiler ORDER BY version;

-- An old database (version 5): nodes wrapped as {name: node}, no "hash"
-- inside (the install key is the hash), dependencies in the v1 form
SELECT ciprov.spack_submit_database('{"database": {"version": "5", "installs": {
  "olddbzlibaaaaaaaaaaaaaaaaaaaaaaa": {"spec": {"zlib": {"version": "1.2.11", "arch": {"platform": "linux", "platform_os": "centos7", "target": "x86_64"},
     "compiler": {"name": "gcc", "version": "4.8.5"}, "namespace": "builtin", "parameters": {}}},
     "path": "/opt/old/zlib", "installed": true, "explicit": false, "installation_time": 1500000000, "ref_count": 1},
  "olddbpngaaaaaaaaaaaaaaaaaaaaaaaa": {"spec": {"libpng": {"version": "1.6.34", "arch": {"platform": "linux", "platform_os": "centos7", "target": "x86_64"},
     "compiler": {"name": "gcc", "version": "4.8.5"}, "namespace": "builtin", "parameters": {},
     "dependencies": {"zlib": {"hash": "olddbzlibaaaaaaaaaaaaaaaaaaaaaaa", "type": ["build", "link"]}}}},
     "path": "/opt/old/libpng", "installed": true, "explicit": true, "installation_time": 1500000100, "ref_count": 0}}}}') AS old_records;
SELECT name, version, deptypes FROM ciprov.spack_dependencies('olddbpngaaaaaaaaaaaaaaaaaaaaaaaa');

-- A spliced node: its build_spec names the node that was really built; the
-- export carries that node too, so the round trip keeps the link
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 5}, "nodes": [
  {"name": "app", "version": "2", "hash": "splicedappaaaaaaaaaaaaaaaaaaaaaa",
   "dependencies": [{"name": "zlib", "hash": "gg55iumrrpzlsew5efhvrynpbv4stfki", "parameters": {"deptypes": ["link"], "virtuals": []}}],
   "build_spec": {"name": "app", "hash": "builtappaaaaaaaaaaaaaaaaaaaaaaaa"}},
  {"name": "zlib", "version": "1.2.13", "hash": "gg55iumrrpzlsew5efhvrynpbv4stfki"},
  {"name": "app", "version": "2", "hash": "builtappaaaaaaaaaaaaaaaaaaaaaaaa",
   "dependencies": [{"name": "zlib", "hash": "iua3qbh46khrcyb4dlci3khzhw7wk5y6", "parameters": {"deptypes": ["build", "link"], "virtuals": []}}]},
  {"name": "zlib", "version": "1.3", "hash": "iua3qbh46khrcyb4dlci3khzhw7wk5y6"}]}}') AS spliced_root;
SELECT n.hash, b.hash AS build_spec FROM ciprov.spack_nodes n JOIN ciprov.spack_nodes b ON b.id = n.build_spec;
SELECT jsonb_array_length(ciprov.spack_json('splicedappaaaaaaaaaaaaaaaaaaaaaa') -> 'spec' -> 'nodes') AS exported_nodes,
       ciprov.spack_json('splicedappaaaaaaaaaaaaaaaaaaaaaa') #> '{spec,nodes,0,build_spec}' AS build_spec,
       ciprov.spack_submit(ciprov.spack_json('splicedappaaaaaaaaaaaaaaaaaaaaaa')) AS resubmitted;
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 5}, "nodes": [
  {"name": "app", "version": "2", "hash": "aaaa", "build_spec": {"name": "app", "hash": "bbbb"}}]}}');

-- Round trip: spack_json gives spec.json v5; submitting it returns the same
-- root and stores nothing new
SELECT (SELECT count(*) FROM ciprov.spack_nodes) AS nodes_before;
SELECT ciprov.spack_json('etbgrgagqqplxyliebbglxyzzmayywvc') -> 'spec' -> '_meta' AS meta,
       jsonb_array_length(ciprov.spack_json('etbgrgagqqplxyliebbglxyzzmayywvc') -> 'spec' -> 'nodes') AS nodes,
       ciprov.spack_json('etbgrgagqqplxyliebbglxyzzmayywvc') #>> '{spec,nodes,0,hash}' AS first_hash;
SELECT ciprov.spack_submit(ciprov.spack_json('etbgrgagqqplxyliebbglxyzzmayywvc')) AS mpileaks_again,
       ciprov.spack_submit(ciprov.spack_json('g6ikkmlytdop7xjjk5vpd56fpxbq7smy')) AS v1_again;
SELECT (SELECT count(*) FROM ciprov.spack_nodes) AS nodes_after;
-- the exported hashes are exactly the stored DAG's
SELECT (SELECT array_agg(x ->> 'hash' ORDER BY x ->> 'hash')
        FROM jsonb_array_elements(ciprov.spack_json('g6ikkmlytdop7xjjk5vpd56fpxbq7smy') -> 'spec' -> 'nodes') x)
     = (SELECT array_agg(hash ORDER BY hash) FROM ciprov.spack_dependencies('g6ikkmlytdop7xjjk5vpd56fpxbq7smy')) AS same_hashes;
-- the old compiler field is now an edge in the v5 export
SELECT x -> 'compiler' IS NULL AS no_compiler_field, x -> 'dependencies' -> 0 AS first_dependency
FROM jsonb_array_elements(ciprov.spack_json('g6ikkmlytdop7xjjk5vpd56fpxbq7smy') -> 'spec' -> 'nodes') x
WHERE x ->> 'name' = 'libelf';

-- Bad documents: ERROR 22023 naming the JSON pointer; nothing is written
SELECT count(*) AS nodes_before_errors FROM ciprov.spack_nodes \gset
SELECT ciprov.spack_submit('[]');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.spack_submit('{"specs": []}');
SELECT ciprov.spack_submit('{"spec": []}');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 5}, "nodes": []}}');
SELECT ciprov.spack_submit('{"spec": {"nodes": []}}');
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 6}, "nodes": []}}');
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": "5"}, "nodes": []}}');
SELECT ciprov.spack_submit('{"spec": [{"zlib": {"version": "1.3", "hash": "aaaa"}, "x": {}}]}');
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 5}, "nodes": [{"name": "a", "version": "1", "hash": "aaaa", "x": 1e99999}]}}');
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 5}, "nodes": [{"name": "a", "version": "1", "hash": "aaaa", "dependencies": [{"name": "b", "hash": "bbbb", "parameters": {"deptypes": ["link"], "virtuals": ["c=x"]}}]}, {"name": "b", "version": "1", "hash": "bbbb"}]}}');
-- (a namespace or name its spec text could not spell back: spack_spec()
-- once returned 'my repo.a@=1', which does not read back as a spec)
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 5}, "nodes": [{"name": "a", "version": "1", "hash": "aaaa", "namespace": "my repo"}]}}');
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 5}, "nodes": [{"name": "a b", "version": "1", "hash": "aaaa"}]}}');
SELECT ciprov.spack_submit('{"spec": [{"zlib": {"version": "1.3"}}]}');
SELECT ciprov.spack_submit('{"spec": [{"zlib": {"version": 1.3, "hash": "aaaa"}}]}');
SELECT ciprov.spack_submit('{"spec": [{"zlib": {"version": "1.3", "hash": "Not-A-Hash"}}]}');
SELECT ciprov.spack_submit('{"spec": [{"zlib": {"version": "1.3 beta", "hash": "aaaa"}}]}');
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 5}, "nodes": [{"name": "a", "version": "1", "hash": "aaaa", "arch": {"target": 7}}]}}');
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 5}, "nodes": [{"name": "a", "version": "1", "hash": "aaaa", "parameters": []}]}}');
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 4}, "nodes": [{"name": "a", "version": "1", "hash": "aaaa", "compiler": {"name": "gcc"}}]}}');
-- a new valid node first, then a dependency hash with no node: the valid
-- node is not written either
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 5}, "nodes": [
  {"name": "newroot", "version": "1", "hash": "newrootaaaaaaaaaaaaaaaaaaaaaaaaa",
   "dependencies": [{"name": "zlib", "hash": "gg55iumrrpzlsew5efhvrynpbv4stfki", "parameters": {"deptypes": ["link"], "virtuals": []}},
                    {"name": "ghost", "hash": "ghostaaaaaaaaaaaaaaaaaaaaaaaaaaa", "parameters": {"deptypes": ["link"], "virtuals": []}}]},
  {"name": "zlib", "version": "1.2.13", "hash": "gg55iumrrpzlsew5efhvrynpbv4stfki"}]}}');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 5}, "nodes": [
  {"name": "a", "version": "1", "hash": "aaaa", "dependencies": [{"name": "b", "hash": "bbbb", "parameters": {"deptypes": ["link"]}}]},
  {"name": "b", "version": "1", "hash": "bbbb", "dependencies": [{"name": "c", "hash": "cccc", "parameters": {"deptypes": ["run"]}}]},
  {"name": "c", "version": "1", "hash": "cccc", "dependencies": [{"name": "a", "hash": "aaaa", "parameters": {"deptypes": ["build"]}}]}]}}');
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 5}, "nodes": [
  {"name": "a", "version": "1", "hash": "aaaa", "dependencies": [{"name": "b", "hash": "bbbb", "parameters": {"deptypes": ["link"]}}]},
  {"name": "c", "version": "1", "hash": "bbbb"}]}}');
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 5}, "nodes": [
  {"name": "a", "version": "1", "hash": "aaaa", "dependencies": [{"name": "b", "hash": "bbbb", "parameters": {"deptypes": ["lnk"]}}]},
  {"name": "b", "version": "1", "hash": "bbbb"}]}}');
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 5}, "nodes": [
  {"name": "a", "version": "1", "hash": "aaaa", "dependencies": [{"name": "b", "hash": "bbbb"}]},
  {"name": "b", "version": "1", "hash": "bbbb"}]}}');
SELECT ciprov.spack_submit('{"spec": {"_meta": {"version": 5}, "nodes": [
  {"name": "a", "version": "1", "hash": "aaaa"}, {"name": "a", "version": "2", "hash": "aaaa"}]}}');
SELECT ciprov.spack_submit_database('{"database": {"version": "7", "installs": {}}}');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.spack_submit_database('{"database": {"version": "7", "installs": {"aaaa": {"spec": {"name": "a", "version": "1", "hash": "bbbb"}}}}}');
SELECT ciprov.spack_submit_database('{"database": {"version": "7", "installs": {"aaaa": {"spec": {"name": "a", "version": "1"}, "ref_count": -1}}}}');
SELECT ciprov.spack_submit_database('{"database": {"version": "7", "installs": {"aaaa": {"spec": {"name": "a", "version": "1"}, "installed": "yes"}}}}');
SELECT count(*) = :nodes_before_errors AS nothing_written FROM ciprov.spack_nodes;
SELECT count(*) AS newroot_rows FROM ciprov.spack_nodes WHERE name = 'newroot';
