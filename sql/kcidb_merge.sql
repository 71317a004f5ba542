-- Repeated submissions of the same object merge field by field: a non-null
-- value beats null, between two non-null values the stored one stays, and
-- _timestamp takes the latest. Issues merge per (id, version).
\set SHOW_CONTEXT never
SET TimeZone = 'UTC';
-- each kcidb suite starts from empty tables and leaves them empty
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;

-- First: status PASS, build demo:b1, _timestamp July 21.
\set doc `cat examples/kcidb/merge-1.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT id, build_id, status, comment, path, environment_comment, duration, _timestamp FROM ciprov.tests;
-- Second: the document names demo:m1 twice (merged first-wins inside the
-- document: build_id demo:b9, duration 3.5 from the repeat); against the
-- stored row, build_id and status stay, the new comment, path, environment
-- and duration fill the nulls, and _timestamp moves to July 22.
\set doc `cat examples/kcidb/merge-2.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT id, build_id, status, comment, path, environment_comment, duration, _timestamp FROM ciprov.tests;
-- Submitting the older document again changes nothing, _timestamp included.
\set doc `cat examples/kcidb/merge-1.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT id, build_id, status, comment, path, environment_comment, duration, _timestamp FROM ciprov.tests;
-- Without a _timestamp the row gets the time of the change.
BEGIN;
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3}, "tests": [{"id": "demo:m1", "origin": "demo", "build_id": "demo:b1", "log_url": "https://example.com/log"}]}');
SELECT log_url, _timestamp = pg_catalog.now() AS stamped_now FROM ciprov.tests WHERE id = 'demo:m1';
COMMIT;

-- Issues: version 1, then a document with version 2 (a new row) and
-- version 1 again (its null report_url is filled, its comment stays).
\set doc `cat examples/kcidb/merge-issue-v1.json`
SELECT ciprov.kcidb_submit(:'doc');
\set doc `cat examples/kcidb/merge-issue-v2.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT id, version, comment, report_url FROM ciprov.issues ORDER BY id, version;

-- A child may arrive before its parent (no foreign keys), and a nested
-- object merges per column: environment.misc fills in, environment.comment stays.
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3}, "tests": [{"id": "demo:m1", "origin": "demo", "build_id": "demo:b1", "environment": {"comment": "other rack", "misc": {"platform": "qemu"}}}]}');
SELECT environment_comment, environment_misc FROM ciprov.tests WHERE id = 'demo:m1';
SELECT pg_catalog.count(*) AS builds_present FROM ciprov.builds;
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;
