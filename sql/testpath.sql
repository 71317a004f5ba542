-- ciprov.testpath: dotted KernelCI test paths
\set SHOW_CONTEXT never

-- Valid paths read back unchanged; '' is the root
SELECT p::ciprov.testpath AS path
FROM unnest(ARRAY['boot', 'ltp.sem01', 'rt-tests.svsematest.svsematest', '', 'A_b-9.x']) AS p;

-- Invalid input: 22P02 with the reason and the position
SELECT 'a..b'::ciprov.testpath;
\echo :LAST_ERROR_SQLSTATE
SELECT '.boot'::ciprov.testpath;
\echo :LAST_ERROR_SQLSTATE
SELECT 'boot.'::ciprov.testpath;
\echo :LAST_ERROR_SQLSTATE
SELECT '.'::ciprov.testpath;
\echo :LAST_ERROR_SQLSTATE
SELECT 'ltp.sem 01'::ciprov.testpath;
\echo :LAST_ERROR_SQLSTATE
SELECT 'ltp/sem01'::ciprov.testpath;
\echo :LAST_ERROR_SQLSTATE
SELECT 'bööt.x'::ciprov.testpath;
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.testpath('a.b$');
\echo :LAST_ERROR_SQLSTATE

-- Casts to and from text
SELECT 'ltp.sem01'::pg_catalog.text::ciprov.testpath AS from_text,
       pg_catalog.pg_typeof('ltp.sem01'::ciprov.testpath::pg_catalog.text) AS to_text_type,
       'ltp.sem01'::ciprov.testpath LIKE 'ltp.%' AS like_via_text;

-- The operators live in schema ciprov: name them with OPERATOR(ciprov.<@)
-- or put ciprov on the search_path (the rest of this suite does).
SELECT 'ltp.sem01'::ciprov.testpath OPERATOR(ciprov.<@) 'ltp' AS qualified;
SET search_path = ciprov, public;

-- Ancestry: a @> b when a is b or an ancestor of b; the root contains all
SELECT a, b, a::ciprov.testpath @> b::ciprov.testpath AS contains,
       b::ciprov.testpath <@ a::ciprov.testpath AS contained
FROM (VALUES ('boot', 'boot'), ('boot', 'boot.kernel'), ('boot', 'bootrr'),
             ('boot', 'boot-x.y'), ('boot.kernel', 'boot'), ('', 'ltp.sem01'),
             ('ltp.sem01', 'ltp.sem01.a'), ('ltp.sem0', 'ltp.sem01')) AS t(a, b);

-- Concatenation; the root is the identity
SELECT 'ltp'::ciprov.testpath || 'sem01' AS joined,
       ''::ciprov.testpath || 'boot' AS root_left,
       'boot'::ciprov.testpath || '' AS root_right,
       'a.b'::ciprov.testpath || 'c.d' AS deep;

-- nlevel, parent, path_group
SELECT p, ciprov.nlevel(p) AS nlevel, ciprov.parent(p) AS parent,
       ciprov.parent(p) IS NULL AS parent_is_null, ciprov.path_group(p) AS path_group
FROM unnest(ARRAY['', 'boot', 'ltp.sem01', 'rt-tests.svsematest.svsematest']::ciprov.testpath[]) AS p;

-- subpath as ltree: offset from the start or (negative) from the end, len
-- segments or (negative) all but the last -len
SELECT ciprov.subpath('a.b.c.d', 0, 2) AS first_two,
       ciprov.subpath('a.b.c.d', 1, 2) AS middle,
       ciprov.subpath('a.b.c.d', 1) AS from_one,
       ciprov.subpath('a.b.c.d', -1) AS last,
       ciprov.subpath('a.b.c.d', -3, 2) AS neg_offset,
       ciprov.subpath('a.b.c.d', 0, -1) AS all_but_last,
       ciprov.subpath('a.b.c.d', 1, -1) AS inner_,
       ciprov.subpath('a.b.c.d', 2, 10) AS len_clipped,
       ciprov.subpath('a.b.c.d', 2, 0) AS len_zero;
SELECT ciprov.subpath('a.b', 2);
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.subpath('a.b', -3);
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.subpath('a.b.c', 2, -2);
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.subpath('', 0);
\echo :LAST_ERROR_SQLSTATE

-- Order: segment by segment, a parent right before its children, so each
-- subtree is contiguous ('a' < 'a.x' < 'a-b', unlike text order)
SELECT p FROM unnest(ARRAY['a-b', 'a.x', 'b', 'a', 'a.x.y', '', 'a_c', 'a.-', 'A', 'a0', 'a.x-1']::ciprov.testpath[]) AS p
ORDER BY p;
-- (text order in the C collation would put 'a-b' before 'a.x')
SELECT p AS text_order FROM unnest(ARRAY['a-b', 'a.x', 'a']) AS p ORDER BY p COLLATE "C";
SELECT 'a'::ciprov.testpath < 'a.x' AS lt, 'a.x'::ciprov.testpath < 'a-b' AS lt2,
       'a.x'::ciprov.testpath <= 'a.x' AS le, 'b'::ciprov.testpath > 'a.z.z' AS gt,
       'a'::ciprov.testpath >= 'a' AS ge, 'a'::ciprov.testpath = 'a' AS eq,
       'a'::ciprov.testpath <> 'a.b' AS ne, ciprov.testpath_cmp('a.b', 'a') AS cmp;

-- Hash: equal paths hash equally; the extended hash is seeded
SELECT ciprov.testpath_hash('ltp.sem01') = ciprov.testpath_hash('ltp.sem01'::pg_catalog.text::ciprov.testpath) AS same_hash,
       ciprov.testpath_hash_extended('ltp.sem01', 0) <> ciprov.testpath_hash_extended('ltp.sem01', 1) AS seeded,
       ciprov.testpath_hash_extended('ltp.sem01', 0) & 4294967295 = ciprov.testpath_hash('ltp.sem01')::pg_catalog.int8 & 4294967295 AS low_bits_agree;
SELECT count(DISTINCT p) AS distinct_paths
FROM unnest(ARRAY['a', 'a', 'a.b', 'b', 'a.b']::ciprov.testpath[]) AS p;
CREATE TABLE tp_parts (path ciprov.testpath, n int) PARTITION BY HASH (path);
CREATE TABLE tp_parts_0 PARTITION OF tp_parts FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE tp_parts_1 PARTITION OF tp_parts FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO tp_parts SELECT ('g' || i % 7 || '.t' || i)::ciprov.testpath, i FROM generate_series(1, 100) i;
SELECT (SELECT count(*) FROM tp_parts_0) + (SELECT count(*) FROM tp_parts_1) AS total,
       (SELECT count(*) FROM tp_parts_0) > 0 AND (SELECT count(*) FROM tp_parts_1) > 0 AS both_used;
SELECT count(*) FROM tp_parts WHERE path = 'g3.t10';
DROP TABLE tp_parts;

-- Binary send/receive: a format version byte, then the text
SELECT ciprov.testpath_send('ltp.sem01') AS wire;
SELECT ciprov.testpath_send('') AS root_wire;
-- (receive is exercised through COPY BINARY below)
CREATE TABLE tp_bin (path ciprov.testpath);
INSERT INTO tp_bin VALUES ('boot'), ('ltp.sem01'), ('');
COPY tp_bin TO '/tmp/ciprov_tp_regress.bin' WITH (FORMAT binary);
CREATE TABLE tp_bin2 (path ciprov.testpath);
COPY tp_bin2 FROM '/tmp/ciprov_tp_regress.bin' WITH (FORMAT binary);
SELECT path, path = '' AS is_root FROM tp_bin2 ORDER BY path;
TRUNCATE tp_bin2;
-- bad binary input: a bytea column's binary COPY is the raw bytes, which a
-- testpath column then receives
CREATE TABLE tp_raw (b pg_catalog.bytea);
INSERT INTO tp_raw VALUES ('\x02626f6f74');
COPY tp_raw TO '/tmp/ciprov_tp_regress.bin' WITH (FORMAT binary);
COPY tp_bin2 FROM '/tmp/ciprov_tp_regress.bin' WITH (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE
TRUNCATE tp_raw;
INSERT INTO tp_raw VALUES ('\x01612e2e62');
COPY tp_raw TO '/tmp/ciprov_tp_regress.bin' WITH (FORMAT binary);
COPY tp_bin2 FROM '/tmp/ciprov_tp_regress.bin' WITH (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE
TRUNCATE tp_raw;
INSERT INTO tp_raw VALUES ('\x');
COPY tp_raw TO '/tmp/ciprov_tp_regress.bin' WITH (FORMAT binary);
COPY tp_bin2 FROM '/tmp/ciprov_tp_regress.bin' WITH (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS nothing_added FROM tp_bin2;
DROP TABLE tp_bin, tp_bin2, tp_raw;

-- Btree index: `path <@ const` and `const @> path` become range scans
CREATE TABLE tp_idx (id int, path ciprov.testpath);
INSERT INTO tp_idx
SELECT i, (ARRAY['boot', 'ltp', 'kselftest', 'baseline', 'boot-x']::ciprov.testpath[])[1 + i % 5]
          || (CASE WHEN i % 3 = 0 THEN '' ELSE 'sub' || (i % 4) END)::ciprov.testpath
          || (CASE WHEN i % 2 = 0 THEN '' ELSE 't' || i END)::ciprov.testpath
FROM generate_series(1, 2000) AS i;
CREATE INDEX tp_idx_path ON tp_idx (path);
ANALYZE tp_idx;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM tp_idx WHERE path <@ 'boot';
EXPLAIN (COSTS OFF) SELECT id FROM tp_idx WHERE 'ltp.sub1' @> path;
EXPLAIN (COSTS OFF) SELECT id FROM tp_idx WHERE ciprov.testpath_contained(path, 'boot');
EXPLAIN (COSTS OFF) SELECT id FROM tp_idx WHERE path <@ '';
-- a parameter gets a run-time bound (generic plan)
PREPARE under(ciprov.testpath) AS SELECT count(*) FROM tp_idx WHERE path <@ $1;
SET plan_cache_mode = force_generic_plan;
EXPLAIN (COSTS OFF) EXECUTE under('boot');
RESET enable_bitmapscan;
RESET enable_seqscan;
-- the index answers exactly like a scan of the whole table
SELECT q, n_index, n_scan, n_index = n_scan AS same
FROM unnest(ARRAY['boot', 'boot.sub1', 'boot-x', 'ltp.sub2', '', 'boot.sub1.t1', 'nothing']::ciprov.testpath[]) AS q,
LATERAL (SELECT count(*) FROM tp_idx WHERE path <@ q) AS a(n_index),
LATERAL (SELECT count(*) FROM tp_idx WHERE ciprov.text(path) = ciprov.text(q) OR ciprov.text(path) LIKE ciprov.text(q) || '.%' OR q = '') AS b(n_scan);
SET enable_seqscan = off;
SELECT count(*) AS boot_count FROM tp_idx WHERE path <@ 'boot';
EXECUTE under('boot');
EXECUTE under('');
EXECUTE under('ltp.sub1');
EXECUTE under('boot-x');
RESET enable_seqscan;
RESET plan_cache_mode;
SELECT count(*) AS boot_seq FROM tp_idx WHERE ciprov.text(path) = 'boot' OR ciprov.text(path) LIKE 'boot.%';
-- the row estimate comes from the range (400 rows really are under 'boot')
CREATE FUNCTION pg_temp.estimate(q pg_catalog.text) RETURNS pg_catalog.int4 LANGUAGE plpgsql AS $$
DECLARE plan pg_catalog.text;
BEGIN
  EXECUTE 'EXPLAIN ' || q INTO plan;
  RETURN (pg_catalog.regexp_match(plan, 'rows=(\d+)'))[1]::pg_catalog.int4;
END $$;
SELECT pg_temp.estimate($$SELECT id FROM tp_idx WHERE path <@ 'boot'$$) BETWEEN 300 AND 550 AS boot_estimate_sane,
       pg_temp.estimate($$SELECT id FROM tp_idx WHERE 'ltp.sub1' @> path$$) BETWEEN 60 AND 250 AS ltp_sub1_estimate_sane;
DROP TABLE tp_idx;
