-- ciprov demo: Spack specs in SQL (ciprov.spec).
\pset footer off
\set QUIET on
SET search_path = public, ciprov;

\echo
\echo '== spec text in, canonical text out (Spack 1.x syntax and order) =='
SELECT s AS written, s::spec AS canonical
FROM unnest(ARRAY[
  'hdf5 ~cxx+mpi@1.14 %gcc@12 ^openmpi@4.1',
  'x ^y~f+e~d+c~b+a@4,2:3,1%intel@4,3,2,1',
  'hdf5 ^[deptypes=link,build virtuals=mpi] mpich',
  'hdf5 %[virtuals=c,cxx] gcc@12 target=x86_64:icelake',
  'zlib cflags=-O2 cflags=-g foo=b,a arch=linux-rhel8-haswell']) s;

\echo '== equal specs are equal whatever the order they were written in =='
SELECT 'zlib+shared~pic cflags=-O2 @1.2'::spec = 'zlib@1.2 ~pic cflags=-O2 +shared'::spec AS same;

\echo '== load examples/spec/builds.txt =='
CREATE TEMP TABLE builds (id serial, s spec);
\set lines `cat examples/spec/builds.txt | paste -sd'|' -`
INSERT INTO builds (s) SELECT x::spec FROM unnest(string_to_array(:'lines', '|')) x;
SELECT id, spec_name(s) AS name, spec_versions(s) AS versions, spec_variants(s) AS variants FROM builds ORDER BY id;

\echo '== which builds satisfy hdf5@1.12:+mpi ? (a <@ b) =='
SELECT id, s FROM builds WHERE s <@ 'hdf5@1.12:+mpi' ORDER BY id;

\echo '== targets compare through the microarchitecture lineage: haswell or newer, and any x86-64-v3 =='
SELECT id, s <@ 'target=haswell:' AS "haswell:", s <@ 'target=x86_64_v3:' AS "x86_64_v3:",
       s <@ 'target=:skylake' AS ":skylake", s FROM builds ORDER BY id;

\echo '== aarch64 / ppc64le families =='
SELECT id, s FROM builds WHERE s <@ 'target=armv8.2a:' OR s <@ 'target=power8le:' ORDER BY id;

\echo '== which builds could still become hdf5~mpi? (a && b) =='
SELECT id, s FROM builds WHERE s && 'hdf5~mpi' ORDER BY id;

\echo '== constrain merges two constraints, or names the conflict =='
SELECT constrain('hdf5@1.10:+mpi', 'hdf5@:1.14 ^zlib@1.3 target=haswell:');
\set ON_ERROR_STOP off
SELECT constrain('hdf5@1.10:1.12', 'hdf5@1.14');
SELECT constrain('hdf5 target=aarch64', 'hdf5 target=x86_64:');
\set ON_ERROR_STOP on

\echo '== dependencies and the structured form =='
SELECT d AS dependency FROM spec_dependencies('hdf5@1.14+mpi %gcc@12 ^openmpi@4.1 %gcc ^zlib') d;
SELECT spec_to_jsonb('hdf5@1.14+mpi %c=gcc@12')->'dependencies'->0 AS first_edge;
