-- KernelCI kcidb inside PostgreSQL: submit, merge, reject, query.
\set SHOW_CONTEXT never
\set ON_ERROR_STOP off
\pset footer off
SET TimeZone = 'UTC';

\echo '== kcidb: one call validates a submission, upgrades it to v5.3 and merges it'
\set doc `cat examples/kcidb/demo-v5.3.json`
SELECT ciprov.kcidb_submit(:'doc') AS stored;
SELECT t.path, t.status, t.environment_misc->>'platform' AS platform, b.architecture, t.number_value, t.number_unit
FROM ciprov.tests t JOIN ciprov.builds b ON b.id = t.build_id ORDER BY t.path;

\echo '== older schema versions are upgraded by kcidb''s rules (v4.5: build valid -> status, waived test -> incident)'
\set doc `cat examples/kcidb/v4.5-waived.json`
SELECT ciprov.kcidb_submit(:'doc') AS stored;
SELECT i.id AS incident, i.issue_id, s.comment AS issue, i.test_id
FROM ciprov.incidents i JOIN ciprov.issues s ON s.id = i.issue_id AND s.version = i.issue_version
WHERE i.issue_id = '_:waived';

\echo '== a repeated submission merges field by field: nulls are filled, stored values stay'
\set doc `cat examples/kcidb/merge-1.json`
SELECT ciprov.kcidb_submit(:'doc') AS first;
\set doc `cat examples/kcidb/merge-2.json`
SELECT ciprov.kcidb_submit(:'doc') AS second;
SELECT id, build_id, status, comment, path, _timestamp FROM ciprov.tests WHERE id = 'demo:m1';

\echo '== an invalid submission is rejected whole, with every problem and its JSON pointer'
\set VERBOSITY default
\set doc `cat examples/kcidb/invalid/33-many-problems.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo 'SQLSTATE' :LAST_ERROR_SQLSTATE

\echo '== summary status per build: min(status) in kcidb''s priority order'
SELECT build_id, pg_catalog.count(*) AS tests, pg_catalog.min(status) AS summary
FROM ciprov.tests GROUP BY build_id ORDER BY build_id;

\echo '== kcidb_query: a failing test and its parents, as a v5.3 document'
SELECT pg_catalog.jsonb_pretty(ciprov.kcidb_query('{"tests": ["demo:t2"]}', parents => true)
  - 'issues' - 'incidents');
