-- ciprov.kcidb_submit: validation against the declared schema version
-- (every rule has its own small document under examples/kcidb/invalid/),
-- upgrades of v3 and v4 documents, and what is stored.
\set SHOW_CONTEXT never
\set VERBOSITY default
SET TimeZone = 'UTC';
-- each kcidb suite starts from empty tables and leaves them empty
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;

-- A small v5.3 document: one checkout, two builds, four tests, an issue, an incident.
\set doc `cat examples/kcidb/demo-v5.3.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT id, origin, tree_name, git_commit_hash, patchset_hash, start_time, valid, _timestamp FROM ciprov.checkouts;
SELECT id, checkout_id, architecture, compiler, status, duration, log_excerpt FROM ciprov.builds ORDER BY id;
SELECT id, build_id, path, status, environment_comment, environment_compatible, environment_misc,
       number_value, number_unit, number_prefix FROM ciprov.tests ORDER BY id;
SELECT id, version, culprit_code, culprit_tool, culprit_harness, categories, report_url FROM ciprov.issues;
SELECT id, issue_id, issue_version, test_id, build_id, present, misc FROM ciprov.incidents;
-- column types follow kcidb's schema with ciprov's own types
SELECT pg_catalog.pg_typeof(path) AS path, pg_catalog.pg_typeof(status) AS status,
       pg_catalog.pg_typeof(environment_compatible) AS compatible, pg_catalog.pg_typeof(number_value) AS number
FROM ciprov.tests LIMIT 1;
SELECT pg_catalog.pg_typeof(categories) FROM ciprov.issues LIMIT 1;

-- A v3.0 document: the revision becomes checkout "_:old:<id>" with the
-- patchset hash split off, the build's valid=false becomes FAIL, the
-- descriptions become comments, the waived test becomes a "_:waived" incident.
\set doc `cat examples/kcidb/v3.0-revision.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT id, origin, patchset_hash, comment, start_time, patchset_files FROM ciprov.checkouts WHERE origin = 'old';
SELECT id, checkout_id, status, comment FROM ciprov.builds WHERE origin = 'old';
SELECT id, status, environment_comment FROM ciprov.tests WHERE origin = 'old';
-- A v4.5 document: contacts dropped, valid=true becomes PASS, waived=true an incident.
\set doc `cat examples/kcidb/v4.5-waived.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT id, checkout_id, status FROM ciprov.builds WHERE id = 'old:b45';
SELECT id, origin, version, comment FROM ciprov.issues WHERE id = '_:waived';
SELECT id, issue_id, issue_version, test_id, present FROM ciprov.incidents WHERE issue_id = '_:waived' ORDER BY id;

-- Every validation rule, each with its own document. The message names the
-- JSON pointer of the first bad value; DETAIL lists every problem; SQLSTATE 22023.

\set doc `cat examples/kcidb/invalid/01-not-an-object.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/02-version-missing.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/03-version-unknown.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/04-version-malformed.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
-- Integers past 2^53 and past 2^63 - 1 keep their value from jsonb (as
-- they would from JSON text): an unknown version, not a float or a wrapped
-- negative. Past 2^64 - 1 the number is a float, as in JSON text.
SELECT ciprov.kcidb_submit('{"version": {"major": 9333333333333353332}}');
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 9007199254740993}}');
SELECT ciprov.kcidb_submit('{"version": {"major": 18446744073709551616}}');
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3}, "issues": [{"id": "o:i", "origin": "o", "version": 9333333333333353332}]}');
\set doc `cat examples/kcidb/invalid/05-unknown-top-level-field.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/06-section-not-array.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/07-object-not-object.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/08-unknown-field.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/09-field-too-new-for-version.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/10-null-value.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/11-required-missing.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/12-wrong-type.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/13-bad-id.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/14-bad-origin.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/15-bad-commit-hash.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/16-bad-patchset-hash.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/17-repository-url-not-https.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/18-bad-time.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/19-bad-status.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/20-miss-before-v4.2.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/21-bad-test-path.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/22-bad-category-path.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/23-bad-number-prefix.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/24-number-value-missing.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/25-bad-url.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/26-bad-email.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/27-bad-architecture.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/28-bad-resource.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/29-bad-compatible.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/30-negative-issue-version.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/31-removed-in-v5.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/32-v4-path-breaks-v5.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat examples/kcidb/invalid/33-many-problems.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE

-- log_excerpt is limited to 16384 characters (characters, not bytes)
SELECT ciprov.kcidb_submit(pg_catalog.jsonb_build_object('version', '{"major": 5, "minor": 3}'::jsonb,
  'builds', pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('id', 'x:b', 'origin', 'x',
    'checkout_id', 'x:c', 'log_excerpt', pg_catalog.repeat('é', 16385)))));
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.kcidb_submit(pg_catalog.jsonb_build_object('version', '{"major": 5, "minor": 3}'::jsonb,
  'builds', pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('id', 'x:long', 'origin', 'x',
    'checkout_id', 'x:c', 'log_excerpt', pg_catalog.repeat('é', 16384)))));
SELECT pg_catalog.length(log_excerpt) FROM ciprov.builds WHERE id = 'x:long';
-- issue versions are integers (kcidb stores them in an integer column): 1.0 is not one
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3}, "issues": [{"id": "x:i", "origin": "x", "version": 1.0}]}');
\echo :LAST_ERROR_SQLSTATE
-- v5 forbids NUL characters; jsonb cannot even hold one, so such a
-- document is refused by the cast before kcidb_submit sees it.
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3}, "tests": [{"id": "x:t", "origin": "x", "build_id": "x:b", "comment": "a\u0000b"}]}');
\echo :LAST_ERROR_SQLSTATE

-- A rejected document leaves nothing behind, even its valid objects.
SELECT (SELECT pg_catalog.count(*) FROM ciprov.checkouts) AS checkouts, (SELECT pg_catalog.count(*) FROM ciprov.builds) AS builds,
       (SELECT pg_catalog.count(*) FROM ciprov.tests) AS tests, (SELECT pg_catalog.count(*) FROM ciprov.issues) AS issues,
       (SELECT pg_catalog.count(*) FROM ciprov.incidents) AS incidents;
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3}, "checkouts": [{"id": "x:fine", "origin": "x"}], "tests": [{"id": "x:t", "origin": "x", "build_id": "x:b", "path": "a..b"}]}');
SELECT pg_catalog.count(*) AS fine_checkout_written FROM ciprov.checkouts WHERE id = 'x:fine';
-- The same inside a transaction: the error aborts it, a savepoint recovers.
BEGIN;
SAVEPOINT s;
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3}, "tests": [{"id": "x:t", "origin": "x"}]}');
ROLLBACK TO SAVEPOINT s;
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3}, "tests": [{"id": "x:t", "origin": "x", "build_id": "x:b"}]}');
COMMIT;
SELECT id, build_id FROM ciprov.tests WHERE id = 'x:t';
-- NULL in, NULL out (STRICT); an empty document stores nothing.
SELECT ciprov.kcidb_submit(NULL) IS NULL AS null_in_null_out;
SELECT ciprov.kcidb_submit('{"version": {"major": 5}}');
-- kcidb_upgrade: the same checks and upgrade, returning the v5.3 document
-- without storing it.
\set doc `cat examples/kcidb/v3.0-revision.json`
SELECT pg_catalog.jsonb_pretty(ciprov.kcidb_upgrade(:'doc'));
SELECT ciprov.kcidb_upgrade('{"version": {"major": 4, "minor": 5}, "tests": [{"id": "x:t", "origin": "x", "build_id": "x:b", "path": "ltp."}]}');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.kcidb_upgrade('{"version": {"major": 5, "minor": 3}, "checkouts": [{"id": "new:c", "origin": "new"}]}');
SELECT pg_catalog.count(*) AS nothing_stored FROM ciprov.checkouts WHERE id = 'new:c';
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;
