-- ciprov demo: Spack versions and version ranges in SQL.
\pset footer off
\set QUIET on
SET search_path = public, ciprov;

\echo
\echo '== Spack version order is not text order =='
SELECT v AS spack_order, row_number() OVER (ORDER BY v) AS by_version,
       row_number() OVER (ORDER BY v::text COLLATE "C") AS by_text
FROM unnest('{1.10,1.9,1.2,1.2.0,1.2rc1,1.2a,develop,main,2016b,git.feature=1.9}'::ciprov.version[]) v
ORDER BY v;

\echo '== equality ignores separators and leading zeros; prereleases precede the release =='
SELECT '2.0'::ciprov.version = '2_0' AS "2.0 = 2_0",
       '10.0001'::ciprov.version = '10.1' AS "10.0001 = 10.1",
       '6.0rc2'::ciprov.version < '6.0' AS "6.0rc2 < 6.0",
       '1.2.0rc1'::ciprov.version > '1.2' AS "1.2.0rc1 > 1.2";

\echo '== version ranges: 1.2 means every 1.2.*, 1.2:1.4 includes 1.4.9; canonical output =='
SELECT r AS input, r::ciprov.version_range AS canonical
FROM unnest('{"1:2,3:4","1.2,1.3,1.4","=1.5,1.2:1.4","1.0:,:2.0","git.x=1.3,1.2:1.4"}'::text[]) r;

\echo '== hdf5 versions (examples/version/hdf5_versions.txt) in the range 1.10:1.12 =='
CREATE TEMP TABLE hdf5(v ciprov.version);
\set versions `cat examples/version/hdf5_versions.txt | paste -sd, -`
INSERT INTO hdf5 SELECT x::ciprov.version FROM unnest(string_to_array(:'versions', ',')) x;
SELECT string_agg(v::text, ' ' ORDER BY v) AS "v <@ '1.10:1.12'" FROM hdf5 WHERE v <@ '1.10:1.12';
SELECT ciprov.max(v) AS newest, ciprov.min(v) AS oldest FROM hdf5;

\echo '== a btree index answers v <@ range (planner support function) =='
CREATE TEMP TABLE builds AS
SELECT i AS id, (i % 4 || '.' || i % 30 || '.' || i % 9)::ciprov.version AS v FROM generate_series(1, 20000) i;
CREATE INDEX ON builds (v);
ANALYZE builds;
EXPLAIN (COSTS OFF) SELECT count(*) FROM builds WHERE v <@ '1.10:1.12';
SELECT count(*) AS builds_in_1_10_to_1_12 FROM builds WHERE v <@ '1.10:1.12';

\echo '== the versions of a real concrete Spack DAG (../shared/data/spack/hdf5.v019.json) =='
\set have_shared `test -f ../shared/data/spack/hdf5.v019.json && echo true || echo false`
\if :have_shared
\set doc `cat ../shared/data/spack/hdf5.v019.json`
SELECT n->>'name' AS package, (n->>'version')::ciprov.version AS version,
       (n->>'version')::ciprov.version <@ '2:5' AS "in 2:5"
FROM jsonb_array_elements((:'doc'::jsonb)->'spec'->'nodes') n
ORDER BY (n->>'version')::ciprov.version DESC LIMIT 8;
\else
\echo 'skipped: ../shared/data is absent'
\endif

\echo '== bad input names the character and its position (SQLSTATE 22P02) =='
\set ON_ERROR_STOP off
SELECT '1.2$'::ciprov.version;
\echo 'SQLSTATE:' :LAST_ERROR_SQLSTATE
SELECT '2:1.0'::ciprov.version_range;
\echo 'SQLSTATE:' :LAST_ERROR_SQLSTATE
\set ON_ERROR_STOP on
