-- spack_spec and spack_find: stored nodes as concrete specs, and finding the
-- nodes that satisfy a query by Spack's rules for concrete specs.
\set SHOW_CONTEXT never
TRUNCATE ciprov.spack_nodes, ciprov.spack_edges, ciprov.spack_installs, ciprov.spack_builds,
  ciprov.spack_build_phases, ciprov.spack_build_events, ciprov.spack_build_files RESTART IDENTITY;
-- find.v5.json: app -> lib [build,link] -> autoconf [build], zlib@1.2.13 [link];
-- app -> py [run] -> zlib@1.2.13 [link]; app -> openmpi [build,link] (mpi)
-- -> hwloc [link]; app -> cmake [build] -> zlib@1.3.1 [build,link]
\set doc `cat examples/spack/find.v5.json`
SELECT ciprov.spack_submit(:'doc') AS app;
\set doc `cat examples/spack/mpileaks.v5.json`
SELECT ciprov.spack_submit(:'doc') AS mpileaks;
CREATE FUNCTION pg_temp.names(q ciprov.spec) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(string_agg(n.name || '@' || n.version::text, ' ' ORDER BY n.name, n.version), '(none)')
  FROM ciprov.spack_find(q) f JOIN ciprov.spack_nodes n ON n.hash = f $$;

-- spack_spec: the concrete spec, dependencies as direct edges with their
-- attributes; a shared node is written with its dependencies once
SELECT ciprov.spack_spec('zlibonetwoaaaaaaaaaaaaaaaaaaaaaa');
SELECT ciprov.spack_spec('libaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
SELECT ciprov.spack_spec('appaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
SELECT ciprov.spack_spec('etbgrgagqqplxyliebbglxyzzmayywvc');
-- it is a ciprov.spec: its text reads back to the same value, and the
-- stored node satisfies what it was concretized from
SELECT ciprov.spack_spec('appaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')::text::ciprov.spec::text
       = ciprov.spack_spec('appaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')::text AS round_trip;
SELECT ciprov.spack_spec('appaaaaaaaaaaaaaaaaaaaaaaaaaaaaa') OPERATOR(ciprov.<@) 'app@1 +mpi %openmpi@4.1 ^hwloc'::ciprov.spec AS app_satisfies,
       ciprov.spack_spec('appaaaaaaaaaaaaaaaaaaaaaaaaaaaaa') OPERATOR(ciprov.<@) 'app %hwloc'::ciprov.spec AS hwloc_is_not_direct;
SELECT ciprov.spack_spec('nosuchhash');
\echo :LAST_ERROR_SQLSTATE

-- names, versions, variants, flags, architecture
SELECT pg_temp.names('zlib');
SELECT pg_temp.names('zlib@1.2');
SELECT pg_temp.names('zlib@=1.3.1');
SELECT pg_temp.names('zlib@1.4:');
SELECT pg_temp.names('app+mpi');
SELECT pg_temp.names('app~mpi');
SELECT pg_temp.names('app build_system=cmake');
SELECT pg_temp.names('openmpi fabrics=ucx');
SELECT pg_temp.names('openmpi fabrics=psm');
SELECT pg_temp.names('lib cflags=-O2');
SELECT pg_temp.names('lib cflags=-O3');
SELECT pg_temp.names('hwloc arch=linux-ubuntu22.04-x86_64_v3');
SELECT pg_temp.names('hwloc target=x86_64:');
SELECT pg_temp.names('hwloc os=centos8');
SELECT pg_temp.names('builtin.hwloc');
SELECT pg_temp.names('nosuchpackage');

-- ^dep: a direct dependency of any type, or in the link/run closure
SELECT pg_temp.names('app ^cmake');        -- direct build-only dependency: matches
SELECT pg_temp.names('lib ^autoconf');     -- direct build-only dependency: matches
SELECT pg_temp.names('app ^autoconf');     -- build-only dependency of a dependency: no
SELECT pg_temp.names('app ^zlib@1.3');     -- link dependency of a build-only one: no
SELECT pg_temp.names('app ^zlib@1.2');     -- through lib and py (link, run): yes
SELECT pg_temp.names('app ^hwloc');        -- link of link: yes
SELECT pg_temp.names('^zlib@1.2');         -- anonymous root: every node above zlib@1.2
SELECT pg_temp.names('^zlib');
SELECT pg_temp.names('cmake ^zlib@1.3');
-- mpileaks: zlib is in the closure through mpich; python is a run
-- dependency; cmake is build-only, googletest test-only
SELECT pg_temp.names('mpileaks ^zlib');
SELECT pg_temp.names('googletest ^zlib');  -- zlib only under its build dependency cmake: no
SELECT pg_temp.names('googletest ^cmake');
SELECT pg_temp.names('^libelf');

-- several ^ at once: all must hold
SELECT pg_temp.names('app ^openmpi@4.1 ^zlib@1.2');
SELECT pg_temp.names('app ^openmpi@4.1 ^zlib@1.3');
SELECT pg_temp.names('^hwloc ^zlib@1.2');
SELECT pg_temp.names('^zlib ^libelf ^hwloc');
SELECT pg_temp.names('^hwloc ^nosuchpackage');

-- %dep: direct dependencies only
SELECT pg_temp.names('app %openmpi');
SELECT pg_temp.names('app %hwloc');
SELECT pg_temp.names('%zlib');
SELECT pg_temp.names('%zlib@1.3');
SELECT pg_temp.names('mpileaks %callpath %mpich');

-- edge attributes
SELECT pg_temp.names('app %[virtuals=mpi] openmpi');
SELECT pg_temp.names('app %mpi=openmpi');
SELECT pg_temp.names('app %[deptypes=build] cmake');
SELECT pg_temp.names('app %[deptypes=link] cmake');
SELECT pg_temp.names('app ^[deptypes=link] zlib');    -- lib -> zlib@1.2 is a link edge in the DAG
SELECT pg_temp.names('app ^[deptypes=build] zlib');   -- cmake -> zlib is not in app's closure
SELECT pg_temp.names('cmake ^[deptypes=build] zlib');

-- % under a ^ constraint: a direct dependency of that dependency
SELECT pg_temp.names('app ^openmpi %hwloc');
SELECT pg_temp.names('app ^openmpi %[deptypes=link] hwloc@2.9');
SELECT pg_temp.names('app ^openmpi %hwloc@2.10');
SELECT pg_temp.names('^lib %autoconf %zlib@1.2');
SELECT pg_temp.names('mpileaks ^callpath %dyninst ^mpich %zlib');
SELECT pg_temp.names('mpileaks ^callpath %libelf');   -- libelf is deeper: no

-- a query without any package name reads every node
SELECT pg_temp.names('+pic');

-- what the indexes cannot serve
SELECT * FROM ciprov.spack_find('app ^+mpi');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM ciprov.spack_find(NULL);

-- index use: the queries spack_find runs, with sequential scans disabled
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM ciprov.spack_nodes WHERE name = 'zlib';
EXPLAIN (COSTS OFF) SELECT id FROM ciprov.spack_nodes WHERE link_run_closure && ARRAY[1, 2]::int8[];
EXPLAIN (COSTS OFF) SELECT parent FROM ciprov.spack_edges WHERE child = ANY (ARRAY[1, 2]::int8[]);
RESET enable_seqscan;
-- and counting: spack_find reads only the rows those indexes return
-- (a new backend, so that spack_find prepares its plans with seqscan off,
-- as the planner picks on a large store)
\c
SET enable_seqscan = off;
-- the previous backend flushes its counters when it exits: wait for it
DO $$ BEGIN
  FOR i IN 1 .. 100 LOOP
    PERFORM pg_stat_clear_snapshot();
    EXIT WHEN NOT EXISTS (SELECT 1 FROM pg_stat_activity
                          WHERE datname = current_database() AND pid <> pg_backend_pid()
                            AND backend_type = 'client backend');
    PERFORM pg_sleep(0.05);
  END LOOP;
END $$;
SELECT pg_stat_reset_single_table_counters('ciprov.spack_nodes'::regclass) IS NULL AS reset;
SELECT pg_stat_reset_single_table_counters('ciprov.spack_edges'::regclass) IS NULL AS reset;
SELECT count(*) FROM ciprov.spack_find('app ^openmpi ^zlib@1.2');
SELECT pg_stat_force_next_flush();
SELECT relname, seq_scan, idx_scan > 0 AS used_indexes FROM pg_stat_user_tables
WHERE relid IN ('ciprov.spack_nodes'::regclass, 'ciprov.spack_edges'::regclass) ORDER BY relname;
