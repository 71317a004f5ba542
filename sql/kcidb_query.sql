-- ciprov.kcidb_query: stored objects back as a v5.3 document, with their
-- children and parents on request; submitting the result changes nothing.
\set SHOW_CONTEXT never
SET TimeZone = 'UTC';
-- each kcidb suite starts from empty tables and leaves them empty
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;
\set doc `cat examples/kcidb/demo-v5.3.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3}, "builds": [{"id": "other:b", "origin": "other", "checkout_id": "other:c", "_timestamp": "2025-01-01T00:00:00Z"}]}');

-- One test alone, shaped like the submission (nested environment).
SELECT pg_catalog.jsonb_pretty(ciprov.kcidb_query('{"tests": ["demo:t1"]}'));
-- Its parents: the build and the checkout.
SELECT k AS kind, pg_catalog.jsonb_path_query_array(d, ('$.' || k || '[*].id')::pg_catalog.jsonpath) AS ids
FROM ciprov.kcidb_query('{"tests": ["demo:t2"]}', parents => true) d,
     pg_catalog.unnest(ARRAY['checkouts', 'builds', 'tests', 'issues', 'incidents']) k;
-- The checkout's children: both builds, their four tests and the incident of t2.
SELECT k AS kind, pg_catalog.jsonb_path_query_array(d, ('$.' || k || '[*].id')::pg_catalog.jsonpath) AS ids
FROM ciprov.kcidb_query('{"checkouts": ["demo:c1"]}', children => true) d,
     pg_catalog.unnest(ARRAY['checkouts', 'builds', 'tests', 'issues', 'incidents']) k;
-- An issue by [id, version] with children: its incident; with parents too:
-- the incident's test, build and checkout.
SELECT k AS kind, pg_catalog.jsonb_path_query_array(d, ('$.' || k || '[*].id')::pg_catalog.jsonpath) AS ids
FROM ciprov.kcidb_query('{"issues": [["demo:i1", 2]]}', children => true, parents => true) d,
     pg_catalog.unnest(ARRAY['checkouts', 'builds', 'tests', 'issues', 'incidents']) k;
-- Ids must be arrays.
SELECT ciprov.kcidb_query('{"tests": "demo:t1"}');
\echo :LAST_ERROR_SQLSTATE
-- Unknown ids give an empty document.
SELECT ciprov.kcidb_query('{"tests": ["nobody:x"], "issues": ["nobody:i"]}');

-- Round trip: everything out, back in, and nothing changed (content and
-- _timestamp): the digest of every row before and after is the same.
CREATE TEMP TABLE before AS
SELECT 'checkouts' AS t, pg_catalog.md5(c::pg_catalog.text) AS h FROM ciprov.checkouts c
UNION ALL SELECT 'builds', pg_catalog.md5(b::pg_catalog.text) FROM ciprov.builds b
UNION ALL SELECT 'tests', pg_catalog.md5(x::pg_catalog.text) FROM ciprov.tests x
UNION ALL SELECT 'issues', pg_catalog.md5(i::pg_catalog.text) FROM ciprov.issues i
UNION ALL SELECT 'incidents', pg_catalog.md5(n::pg_catalog.text) FROM ciprov.incidents n;
SELECT ciprov.kcidb_submit(ciprov.kcidb_query(
  '{"checkouts": ["demo:c1", "other:c"], "builds": ["other:b"], "issues": ["demo:i1"]}', children => true));
CREATE TEMP TABLE after AS
SELECT 'checkouts' AS t, pg_catalog.md5(c::pg_catalog.text) AS h FROM ciprov.checkouts c
UNION ALL SELECT 'builds', pg_catalog.md5(b::pg_catalog.text) FROM ciprov.builds b
UNION ALL SELECT 'tests', pg_catalog.md5(x::pg_catalog.text) FROM ciprov.tests x
UNION ALL SELECT 'issues', pg_catalog.md5(i::pg_catalog.text) FROM ciprov.issues i
UNION ALL SELECT 'incidents', pg_catalog.md5(n::pg_catalog.text) FROM ciprov.incidents n;
SELECT (SELECT pg_catalog.count(*) FROM before) AS rows_before,
       (SELECT pg_catalog.count(*) FROM after) AS rows_after,
       NOT EXISTS (SELECT * FROM before EXCEPT SELECT * FROM after) AS nothing_changed;
-- The query result is itself a valid v5.3 document equal to a second query.
SELECT ciprov.kcidb_query('{"checkouts": ["demo:c1"]}', children => true)
     = ciprov.kcidb_query('{"checkouts": ["demo:c1"]}', children => true) AS stable;
-- The parent lookups the query (and the dashboard) makes run on indexes.
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM ciprov.builds WHERE checkout_id = 'demo:c1';
EXPLAIN (COSTS OFF) SELECT id FROM ciprov.tests WHERE build_id = 'demo:b1';
EXPLAIN (COSTS OFF) SELECT id FROM ciprov.incidents WHERE issue_id = 'demo:i1' AND issue_version = 2;
EXPLAIN (COSTS OFF) SELECT id FROM ciprov.incidents WHERE test_id = 'demo:t2';
EXPLAIN (COSTS OFF) SELECT id FROM ciprov.incidents WHERE build_id = 'demo:b1';
RESET enable_seqscan;
RESET enable_bitmapscan;
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;
