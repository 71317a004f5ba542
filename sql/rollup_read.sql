-- The readers' counter functions (docs/rollup.md): ciprov.rollup_sum,
-- ciprov.rollup_status_counts, ciprov.rollup_worst, ciprov.rollup_total,
-- on the documents of examples/rollup/ (the values rollup_basic shows
-- through the readers), then their bad inputs.
\set SHOW_CONTEXT never
SET TimeZone = 'UTC';
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;
\set doc `cat examples/rollup/2-revision-a-again.json`
SELECT ciprov.kcidb_submit(:'doc') IS NULL AS submitted;
\set doc `cat examples/rollup/4-revision-b-builds.json`
SELECT ciprov.kcidb_submit(:'doc') IS NULL AS submitted;
\set doc `cat examples/rollup/3-revision-b-tests.json`
SELECT ciprov.kcidb_submit(:'doc') IS NULL AS submitted;
\set doc `cat examples/rollup/5-revision-b-checkouts.json`
SELECT ciprov.kcidb_submit(:'doc') IS NULL AS submitted;
SELECT count(*) AS differences FROM ciprov.rollup_check();

-- rollup_sum: one row per (rollup, value), in the order of the rollups
-- given, then value (NULL first); checkout_id NULL; each cell the sum of
-- the checkouts' cells (checked against a GROUP BY of the counter rows).
SELECT s.checkout_id IS NULL AS no_checkout, s.rollup, s.value, c.kind, c.status, c.n
FROM ciprov.rollup_sum('{demo:c1,demo:c2}', '{p,g}') s CROSS JOIN LATERAL ciprov.rollup_cells(s) c
ORDER BY 2 DESC, 3 NULLS FIRST, 4, 5;
SELECT rollup, value FROM ciprov.rollup_sum('{demo:c1,demo:c2}', '{p,g}');  -- its own order
SELECT count(*) AS differences FROM (
  (SELECT s.rollup, s.value, c.kind, c.status, c.n
   FROM ciprov.rollup_sum('{demo:c1,demo:c2}', '{L,p,C,g,a,f,m}') s CROSS JOIN LATERAL ciprov.rollup_cells(s) c
   EXCEPT
   SELECT rollup, value, kind, status, sum(n)::int4 FROM ciprov.rollup_count_cells
   WHERE checkout_id IN ('demo:c1', 'demo:c2') GROUP BY 1, 2, 3, 4)
  UNION ALL
  (SELECT rollup, value, kind, status, sum(n)::int4 FROM ciprov.rollup_count_cells
   WHERE checkout_id IN ('demo:c1', 'demo:c2') GROUP BY 1, 2, 3, 4
   EXCEPT
   SELECT s.rollup, s.value, c.kind, c.status, c.n
   FROM ciprov.rollup_sum('{demo:c1,demo:c2}', '{L,p,C,g,a,f,m}') s CROSS JOIN LATERAL ciprov.rollup_cells(s) c)) d;
-- An id given twice counts twice (as unnest would); unknown ids, NULL
-- elements and rollups without rows add nothing; NULL arguments: no row.
SELECT rollup, value, test_pass, test_null FROM ciprov.rollup_sum('{demo:c1}', '{L}');
-- (column aliases rename the result, not what the function fills in)
SELECT r, v, test_pass FROM ciprov.rollup_sum('{demo:c1}', '{L}') AS s(c, r, v);
SELECT rollup, value, test_pass, test_null FROM ciprov.rollup_sum(ARRAY['demo:c1', 'demo:c1', NULL, 'nope'], '{L,x}');
SELECT count(*) FROM ciprov.rollup_sum('{}', '{L}');
SELECT count(*) FROM ciprov.rollup_sum(NULL, '{L}');
SELECT count(*) FROM ciprov.rollup_sum('{demo:c1}', NULL);
-- Windows of more than 40% of the checkouts (by the planner's count,
-- none before ANALYZE) are read by one pass over the table, others through
-- the key index: the same sums either way.
-- A rollup named twice is summed once.
SELECT count(*) AS rows, sum(test_pass) AS test_pass, sum(boot_fail) AS boot_fail
FROM ciprov.rollup_sum('{demo:c1,demo:c2,demo:c1}', '{p,a}');
SELECT codes, count(*) AS rows, sum(s.test_pass) AS test_pass
FROM unnest('{"{a}","{a,a}"}'::text[]) codes, LATERAL ciprov.rollup_sum('{demo:c1}', codes::"char"[]) s
GROUP BY codes ORDER BY codes;
ANALYZE ciprov.checkouts;
SELECT count(*) AS rows, sum(test_pass) AS test_pass, sum(boot_fail) AS boot_fail
FROM ciprov.rollup_sum('{demo:c1,demo:c2,demo:c1}', '{p,a}');
SELECT codes, count(*) AS rows, sum(s.test_pass) AS test_pass
FROM unnest('{"{a}","{a,a}"}'::text[]) codes, LATERAL ciprov.rollup_sum('{demo:c1}', codes::"char"[]) s
GROUP BY codes ORDER BY codes;

-- One kind of a counter row: counts (all seven keys), worst status, totals.
SELECT r.rollup, r.value, ciprov.rollup_status_counts(r, 'test') AS tests,
       ciprov.rollup_worst(r, 'test') AS worst_test, ciprov.rollup_worst(r, 'build') AS worst_build,
       ciprov.rollup_total(r, 'build') AS builds, ciprov.rollup_total(r, 'boot') AS boots,
       ciprov.rollup_total(r, 'test') AS tests_n, ciprov.rollup_total(r) AS cells
FROM ciprov.rollup_counts r WHERE r.checkout_id = 'demo:c1' AND r.rollup IN ('L', 'a') ORDER BY 1, 2;
-- worst is NULL when the kind counts only unfinished objects or nothing
SELECT ciprov.rollup_worst(ROW('x', 'L', NULL, 0,0,0,0,0,0,1, 0,0,0,0,0,0,0, 0,0,0,0,0,0,0)::ciprov.rollup_counts, 'build') IS NULL AS only_unfinished,
       ciprov.rollup_worst(ROW('x', 'L', NULL, 0,0,0,0,0,0,0, 0,0,0,0,0,0,0, 0,0,0,0,0,0,0)::ciprov.rollup_counts, 'boot') IS NULL AS nothing,
       ciprov.rollup_worst(ROW('x', 'L', NULL, 0,0,0,0,0,0,0, 0,0,2,5,0,1,0, 0,0,0,0,0,0,0)::ciprov.rollup_counts, 'boot') AS boot_miss;
-- A NULL row (the missing side of an outer join) counts nothing.
SELECT ciprov.rollup_status_counts(NULL, 'boot'), ciprov.rollup_total(NULL), ciprov.rollup_total(NULL, 'test'),
       ciprov.rollup_worst(NULL, 'test');
-- A NULL kind gives NULL.
SELECT ciprov.rollup_status_counts(r, NULL) IS NULL AS counts, ciprov.rollup_worst(r, NULL) IS NULL AS worst,
       ciprov.rollup_total(r, NULL) IS NULL AS total
FROM ciprov.rollup_counts r WHERE r.checkout_id = 'demo:c1' AND r.rollup = 'L';

-- Bad input: an unknown kind.
SELECT ciprov.rollup_status_counts(r, 'tests') FROM ciprov.rollup_counts r WHERE r.rollup = 'L' LIMIT 1;
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.rollup_worst(NULL, 'Build');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.rollup_total(NULL, '');
\echo :LAST_ERROR_SQLSTATE
-- A sum beyond int4 (the counter columns' type).
BEGIN;
INSERT INTO ciprov.rollup_packed
SELECT 'big', 'L', ciprov.rollup_pack(pg_catalog.jsonb_populate_record(NULL::ciprov.rollup_counts, '{"test_pass": 2147483647}'));
SELECT test_pass FROM ciprov.rollup_sum('{big}', '{L}');
SELECT test_pass FROM ciprov.rollup_sum('{big,big}', '{L}');
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;
SELECT count(*) AS differences FROM ciprov.rollup_check();

-- rollup_sum_kinds: rollup_sum unpivoted, kinds that count something only
-- (the shape of tree_summary); its jsonb objects answer key lookups.
SELECT rollup, value, kind, counts, worst FROM ciprov.rollup_sum_kinds('{demo:c1}', '{a,p}');
SELECT kind, counts->'PASS' AS pass, counts->'ERROR' AS error, counts ? 'NULL' AS has_null,
       counts = '{"FAIL": 1, "ERROR": 0, "MISS": 0, "PASS": 1, "DONE": 0, "SKIP": 0, "NULL": 0}' AS equal
FROM ciprov.rollup_sum_kinds('{demo:c1}', '{a}') WHERE value = 'arm64';
SELECT count(*) FROM ciprov.rollup_sum_kinds(NULL, '{a}');
-- large counts (beyond the per-backend cache of small numbers) and negative ones
SELECT ciprov.rollup_status_counts(ROW('x', 'L', NULL, 0,0,0,0,0,0,1, 0,0,0,0,0,0,0, 1000000,255,256,-3,0,0,0)::ciprov.rollup_counts, 'test');
-- ciprov writes these objects in jsonb's binary layout itself: each one
-- equals, sizes and hashes as PostgreSQL's own parse of its text, and
-- answers containment and key lookups.
SELECT count(*) AS objects,
       bool_and(o.counts = o.counts::text::jsonb) AS equal,
       bool_and(pg_column_size(o.counts) = pg_column_size(o.counts::text::jsonb)) AS same_size,
       bool_and(jsonb_hash_extended(o.counts, 7) = jsonb_hash_extended(o.counts::text::jsonb, 7)) AS same_hash,
       bool_and(o.counts @> jsonb_build_object('ERROR', o.counts->'ERROR', 'DONE', o.counts->'DONE')) AS contains,
       sum((o.counts->>'PASS')::int8) AS pass, sum((o.counts->>'FAIL')::int8) AS fail
FROM (SELECT counts FROM ciprov.rollup_sum_kinds('{demo:c1,demo:c2}', '{L,p,C,g,a,f,m}')
      UNION ALL
      SELECT ciprov.rollup_status_counts(ROW('x', 'L', NULL, 0,1,255,256,9999,10000,2147483647,
                                             -1,-2147483648,12345678,100000000,7,0,3,
                                             1000000,255,256,-3,0,0,0)::ciprov.rollup_counts, k)
      FROM unnest('{build,boot,test}'::text[]) k) o;
SELECT ciprov.rollup_status_counts(ROW('x', 'L', NULL, 0,1,255,256,9999,10000,2147483647,
                                       -1,-2147483648,12345678,100000000,7,0,3,
                                       0,0,0,0,0,0,0)::ciprov.rollup_counts, k) AS counts
FROM unnest('{build,boot}'::text[]) k;

-- rollup_sum reads the counters itself: it checks the caller's SELECT
-- privilege on ciprov.rollup_counts as a query would.
CREATE ROLE rollup_reader_nopriv;
GRANT USAGE ON SCHEMA ciprov TO rollup_reader_nopriv;
SET ROLE rollup_reader_nopriv;
SELECT count(*) FROM ciprov.rollup_sum('{demo:c1}', '{L}');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
DROP OWNED BY rollup_reader_nopriv;
DROP ROLE rollup_reader_nopriv;

-- The readers remember ciprov's tables by oid per session; the extension
-- dropped and created again (here in a transaction rolled back) gives new
-- tables, which they read, and then the old ones again.
SELECT count(*) AS rows FROM ciprov.rollup_sum('{demo:c1}', '{L,a}');
BEGIN;
DROP EXTENSION ciprov CASCADE;
CREATE EXTENSION ciprov;
SELECT count(*) AS rows FROM ciprov.rollup_sum('{demo:c1}', '{L,a}');
SELECT count(*) AS rows FROM ciprov.tree_summary('demo:c1');
ROLLBACK;
SELECT count(*) AS rows FROM ciprov.rollup_sum('{demo:c1}', '{L,a}');
