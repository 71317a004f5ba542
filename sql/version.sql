-- ciprov.version: Spack 1.x version order, equality, hashing, I/O.
-- Cases follow the behaviours Spack's lib/spack/spack/test/versions.py pins.
\set SHOW_CONTEXT never
SET search_path = public, ciprov;

-- Ordering table: each row is a < b in Spack; cmp must be -1 and the
-- reverse 1; ok is true when all six operators agree.
CREATE TEMP TABLE lt_pairs(a ciprov.version, b ciprov.version);
INSERT INTO lt_pairs VALUES
  ('xsdk-0.2.0', 'xsdk-0.3'), ('1.0', '2.0'), ('1.0', 'develop'), ('1.1', '1.develop'),
  ('0.5', '0.5.develop'), ('1.develop', '2.1'), ('1.develop.1', '1.develop.2'),
  ('develop.1', 'develop.2'), ('9.0', 'master'), ('9.0', 'head'), ('9.0', 'trunk'),
  ('9.0', 'stable'), ('9.0', 'nightly'),
  ('stable', 'nightly'), ('nightly', 'trunk'), ('trunk', 'head'), ('head', 'master'),
  ('master', 'main'), ('main', 'develop'), ('system', '9.0'),
  ('mydevelopmentnightmare', '1.1'), ('1.mydevelopmentnightmare', '1.1'),
  ('2.0', '2.0.1'), ('2.0.1', '2.0.1a'), ('5.5p1', '5.5p2'), ('5.5p1', '5.5p10'),
  ('10xyz', '10.1xyz'), ('xyz10', 'xyz10.1'), ('xyz.4', '8'), ('xyz.4', '2'),
  ('5.5p2', '5.6p1'), ('5.6p1', '6.5p1'),
  ('6.0alpha', '6.0alpha0'), ('6.0alpha0', '6.0alpha1'), ('6.0alpha1', '6.0alpha2'),
  ('6.0alpha2', '6.0beta'), ('6.0beta', '6.0beta0'), ('6.0beta0', '6.0beta1'),
  ('6.0beta1', '6.0beta2'), ('6.0beta2', '6.0rc'), ('6.0rc', '6.0rc0'), ('6.0rc0', '6.0rc1'),
  ('6.0rc1', '6.0rc2'), ('6.0rc2', '6.0'), ('1.2.0rc1', '1.2.0'), ('1.2', '1.2.0rc1'),
  ('10a1', '10b2'), ('10a2', '10b2'), ('1.0a', '1.0aa'), ('10.0001', '10.0039'),
  ('4.999.9', '5.0'), ('20101121', '20101122'), ('1b.fc17', '1.fc17'), ('1.fc17', '1g.fc17'),
  ('1.2', '1.2a'), ('1.2a', '1.2.0'), ('1', '1.0'), ('1.9', '1.10'), ('1.99', '1.100'),
  ('A', 'Z'), ('Z', 'a'), ('R2016a', '2016'), ('1.2-alpha', '1.2'), ('1.2_beta_3', '1.2-rc-1'),
  ('1.0', '1.0final1'), ('0.9.9', '1.0'), ('1.0.0', '1.0.1'), ('4.7v6', '4.7.3'),
  ('1.2.3.4.5.6', '1.2.3.4.5.7'), ('99999999999999999999', '100000000000000000000'),
  ('2.0', 'git.foo=2.0'), ('git.foo=2.0', '2.0.1'), ('git.aaa=2.0', 'git.bbb=2.0'),
  ('git.zzz=1.0', 'git.aaa=1.1'), ('develop', 'git.foo'), ('git.aaa', 'git.bbb'),
  ('git.foo=2.0', 'git.foo'), ('2.0rc', 'git.x=2.0rc'), ('git.x=2.0rc', '2.0rc0'),
  ('git.x=develop', 'git.x=develop.1'),
  ('0123456789abcdef0123456789abcdef01234567=1.0', '1.0.1');
SELECT a, b, ciprov.version_cmp(a, b) AS cmp, ciprov.version_cmp(b, a) AS rev,
       (a < b AND a <= b AND a <> b AND NOT a = b AND NOT a > b AND NOT a >= b
        AND b > a AND b >= a) AS ok
FROM lt_pairs;
SELECT count(*) AS pairs, count(*) FILTER (WHERE ciprov.version_cmp(a, b) = -1) AS all_less
FROM lt_pairs;

-- Equality: separators are ignored, numbers compare as integers,
-- "final" is a final release; equal versions hash alike.
CREATE TEMP TABLE eq_pairs(a ciprov.version, b ciprov.version);
INSERT INTO eq_pairs VALUES
  ('2.0', '2_0'), ('2-0', '2_0'), ('2_0', '2.0'), ('10.0001', '10.1'), ('10.1', '10.0001'),
  ('1.0', '1.0final'), ('1.2rc01', '1.2rc1'), ('1..2', '1.2'), ('0', '000'),
  ('1.2-rc1', '1.2rc1'), ('1.2.3b', '1_2_3b'), ('1-2.3b', '1.2_3b'), ('develop', 'develop'),
  ('git.abc=1.0', 'abc=1.0'), ('git.abc=1.0', 'git.abc=1_0'), ('git.feature/x', 'git.feature/x');
SELECT a, b, a = b AS eq, a <> b AS ne, ciprov.version_cmp(a, b) AS cmp,
       ciprov.version_hash(a) = ciprov.version_hash(b) AS same_hash,
       ciprov.version_hash_extended(a, 42) = ciprov.version_hash_extended(b, 42) AS same_hash42
FROM eq_pairs;

-- Not equal despite similar text
SELECT '1.2'::ciprov.version = '1.2.0' AS "1.2 = 1.2.0",
       '1.2'::ciprov.version = '1.2a' AS "1.2 = 1.2a",
       '1.2'::ciprov.version = 'git.x=1.2' AS "1.2 = git.x=1.2",
       'Develop'::ciprov.version = 'develop' AS "Develop = develop";

-- Output is the text as entered (blanks around it trimmed)
SELECT v::text AS out FROM (VALUES ('1.2.3'::ciprov.version), ('2.0_rc-1'), ('R2016a'),
  (' develop '), ('1.develop'), ('10.0001'), ('git.main=2.1'),
  ('0123456789abcdef0123456789abcdef01234567'), ('git.v1.2=1.2'), ('1.2rc1')) t(v);

-- Sorting
SELECT string_agg(v::text, ' ' ORDER BY v) AS spack_order
FROM unnest('{1.10,1.2,1.9,1.2rc1,1.2.0,1.2a,git.x=1.2,git.y,main,develop,0.9,R2016a,2016b,1.2beta,1.2alpha2,nightly,stable}'::ciprov.version[]) v;
SELECT ciprov.min(v), ciprov.max(v) FROM unnest('{1.10,1.2,1.9,develop,0.9}'::ciprov.version[]) v;

-- git versions
SELECT v, ciprov.version_is_git(v) AS is_git
FROM unnest('{1.2,git.main=2.1,git.main,0123456789abcdef0123456789abcdef01234567,0123456789abcdef0123456789abcdef01234567=1.0,ref=1.0}'::ciprov.version[]) v;

-- Hash consistency: the 32-bit hash is the low half of the seed-0 extended hash
SELECT bool_and(ciprov.version_hash_extended(v, 0)::bit(32)::int4 = ciprov.version_hash(v)) AS low_half,
       count(DISTINCT ciprov.version_hash_extended(v, 1)) AS distinct_seeded
FROM unnest('{1.0,1.1,1.2,2.0,develop,git.x}'::ciprov.version[]) v;
SELECT ciprov.version_hash_extended('1.2', 0) <> ciprov.version_hash_extended('1.2', 1) AS seed_matters;

-- Equality drives GROUP BY / DISTINCT through hashing and sorting alike
SET enable_hashagg = on;
SELECT count(DISTINCT v) FROM unnest('{2.0,2_0,2-0,10.1,10.0001,1.2}'::ciprov.version[]) v;
SELECT v, count(*) FROM unnest('{2.0,2_0,2-0,10.1,10.0001,1.2}'::ciprov.version[]) v GROUP BY v ORDER BY v;
SET enable_hashagg = off;
SELECT v, count(*) FROM unnest('{2.0,2_0,2-0,10.1,10.0001,1.2}'::ciprov.version[]) v GROUP BY v ORDER BY v;
RESET enable_hashagg;

-- PARTITION BY HASH on a version column: equal versions land together
CREATE TABLE version_parts(v ciprov.version) PARTITION BY HASH (v);
CREATE TABLE version_parts_0 PARTITION OF version_parts FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE version_parts_1 PARTITION OF version_parts FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE version_parts_2 PARTITION OF version_parts FOR VALUES WITH (MODULUS 3, REMAINDER 2);
INSERT INTO version_parts SELECT (i::text || '.' || j::text)::ciprov.version
FROM generate_series(1, 20) i, generate_series(0, 4) j;
INSERT INTO version_parts VALUES ('1_0'), ('1-0'), ('01.00');
SELECT count(*) AS rows, count(DISTINCT tableoid) AS partitions_used FROM version_parts;
SELECT count(DISTINCT tableoid) AS partitions_of_1_0 FROM version_parts WHERE v = '1.0';
SELECT v FROM version_parts WHERE v = '1.0' ORDER BY v::text;
EXPLAIN (COSTS OFF) SELECT * FROM version_parts WHERE v = '1_0';
DROP TABLE version_parts;

-- Binary send: format version byte 1, then the text
SELECT ciprov.version_send('1.2.3') AS send, ciprov.version_send('git.x=1') AS send_git;

-- Binary round trip through COPY (FORMAT binary): send then recv. The
-- files go to the server's data directory (COPY needs an absolute path).
SELECT current_setting('data_directory') || '/ciprov_version_copy.bin' AS copy_file,
       current_setting('data_directory') || '/ciprov_version_bad.bin' AS bad_file \gset
CREATE TABLE version_copy(v ciprov.version);
INSERT INTO version_copy VALUES ('1.2.3'), ('2_0'), ('develop'), ('git.main=2.1'), ('1.2rc1');
COPY version_copy TO :'copy_file' (FORMAT binary);
CREATE TABLE version_copy_back(v ciprov.version);
COPY version_copy_back FROM :'copy_file' (FORMAT binary);
SELECT a.v AS sent, b.v AS received, a.v = b.v AS equal, a.v::text = b.v::text AS same_text
FROM (SELECT v, row_number() OVER () AS n FROM version_copy) a
JOIN (SELECT v, row_number() OVER () AS n FROM version_copy_back) b USING (n) ORDER BY n;
-- A bad format version byte is refused (22P03): a bytea column holding
-- \x02... is read back into a version column
CREATE TABLE version_bad_wire(b bytea);
INSERT INTO version_bad_wire VALUES ('\x02312e32');
COPY version_bad_wire TO :'bad_file' (FORMAT binary);
COPY version_copy_back FROM :'bad_file' (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE
TRUNCATE version_bad_wire;
INSERT INTO version_bad_wire VALUES ('\x01312e24');
COPY version_bad_wire TO :'bad_file' (FORMAT binary);
COPY version_copy_back FROM :'bad_file' (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE
DROP TABLE version_copy, version_copy_back, version_bad_wire;

-- Bad input: 22P02 naming the character and its position
SELECT ''::ciprov.version;
\echo :LAST_ERROR_SQLSTATE
SELECT '   '::ciprov.version;
\echo :LAST_ERROR_SQLSTATE
SELECT '1.2$'::ciprov.version;
\echo :LAST_ERROR_SQLSTATE
SELECT '1 2'::ciprov.version;
\echo :LAST_ERROR_SQLSTATE
SELECT '=1.2'::ciprov.version;
\echo :LAST_ERROR_SQLSTATE
SELECT '1.2:1.4'::ciprov.version;
\echo :LAST_ERROR_SQLSTATE
SELECT '...'::ciprov.version;
\echo :LAST_ERROR_SQLSTATE
SELECT 'git.'::ciprov.version;
\echo :LAST_ERROR_SQLSTATE
SELECT 'git.main='::ciprov.version;
\echo :LAST_ERROR_SQLSTATE
SELECT 'git.main=1.2:1.4'::ciprov.version;
\echo :LAST_ERROR_SQLSTATE
SELECT 'git.a b=1'::ciprov.version;
\echo :LAST_ERROR_SQLSTATE
SELECT 'git.main=1.x!'::ciprov.version;
\echo :LAST_ERROR_SQLSTATE
SELECT E'1.2\t3'::ciprov.version;
\echo :LAST_ERROR_SQLSTATE
SELECT '1.2é'::ciprov.version;
\echo :LAST_ERROR_SQLSTATE
SELECT '1,2'::ciprov.version;
\echo :LAST_ERROR_SQLSTATE
