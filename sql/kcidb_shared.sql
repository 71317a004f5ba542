-- kcidb's own documents from ../shared/data/kcidb (see its README.md): one
-- sample per schema version, the documents kcidb rejects, the v4.5
-- documents that cannot become v5, and the 500 real production submissions
-- of the KernelCI dashboard's corpus. Skipped when ../shared is absent.
\set SHOW_CONTEXT never
SET TimeZone = 'UTC';
-- each kcidb suite starts from empty tables and leaves them empty
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;
\set have_shared `test -f ../shared/data/kcidb/submissions.zip && echo true || echo false`
\if :have_shared
\set VERBOSITY default

-- Every version's sample is accepted; kcidb's comprehensive v5.3 document too.
\set doc `cat ../shared/data/kcidb/versions/comprehensive-v5.3.json`
SELECT 'comprehensive-v5.3.json' AS sample, ciprov.kcidb_submit(:'doc');
\set doc `cat ../shared/data/kcidb/versions/io-v3.0.json`
SELECT 'io-v3.0.json' AS sample, ciprov.kcidb_submit(:'doc');
\set doc `cat ../shared/data/kcidb/versions/io-v4.0.json`
SELECT 'io-v4.0.json' AS sample, ciprov.kcidb_submit(:'doc');
\set doc `cat ../shared/data/kcidb/versions/io-v4.2.json`
SELECT 'io-v4.2.json' AS sample, ciprov.kcidb_submit(:'doc');
\set doc `cat ../shared/data/kcidb/versions/io-v4.3.json`
SELECT 'io-v4.3.json' AS sample, ciprov.kcidb_submit(:'doc');
\set doc `cat ../shared/data/kcidb/versions/io-v4.4.json`
SELECT 'io-v4.4.json' AS sample, ciprov.kcidb_submit(:'doc');
\set doc `cat ../shared/data/kcidb/versions/io-v4.5.json`
SELECT 'io-v4.5.json' AS sample, ciprov.kcidb_submit(:'doc');
\set doc `cat ../shared/data/kcidb/versions/io-v5.0.json`
SELECT 'io-v5.0.json' AS sample, ciprov.kcidb_submit(:'doc');
\set doc `cat ../shared/data/kcidb/versions/io-v5.1.json`
SELECT 'io-v5.1.json' AS sample, ciprov.kcidb_submit(:'doc');
\set doc `cat ../shared/data/kcidb/versions/io-v5.2.json`
SELECT 'io-v5.2.json' AS sample, ciprov.kcidb_submit(:'doc');
\set doc `cat ../shared/data/kcidb/versions/io-v5.3.json`
SELECT 'io-v5.3.json' AS sample, ciprov.kcidb_submit(:'doc');
SELECT (SELECT pg_catalog.count(*) FROM ciprov.checkouts) AS checkouts, (SELECT pg_catalog.count(*) FROM ciprov.builds) AS builds,
       (SELECT pg_catalog.count(*) FROM ciprov.tests) AS tests, (SELECT pg_catalog.count(*) FROM ciprov.issues) AS issues,
       (SELECT pg_catalog.count(*) FROM ciprov.incidents) AS incidents;

-- Documents kcidb rejects: each is rejected, naming the same field kcidb's
-- jsonschema error names. 015-018 hold a NUL character: jsonb cannot hold
-- one at all, so the cast refuses them (22P05) before kcidb_submit runs (the
-- C++ unit tests check that the validator rejects them as text too).
\set doc `cat ../shared/data/kcidb/invalid/001-checkout-contacts-field-removed-in-v5.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/002-issue-build-valid-field-removed-in-v5.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/003-issue-test-status-field-removed-in-v5.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/004-test-path-single-dot.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/005-test-path-double-dot.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/006-test-path-trailing-dot.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/007-test-path-trailing-double-dot.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/008-test-path-leading-dot.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/009-test-path-leading-double-dot.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/010-test-path-empty-component.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/011-test-path-trailing-dot-two-components.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/012-test-path-leading-dot-two-components.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/013-test-waived-false-field-removed-in-v5.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/014-test-waived-true-field-removed-in-v5.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY terse
\set doc `cat ../shared/data/kcidb/invalid/015-build-log-excerpt-nul-char.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/016-test-log-excerpt-nul-char.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/017-test-environment-comment-nul-char.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/018-test-environment-compatible-nul-char.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY default
\set doc `cat ../shared/data/kcidb/invalid/019-checkout-git-repository-url-not-https.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/invalid/020-empty-object-missing-version.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE

-- Valid v4.5 documents whose content breaks a v5 rule: the upgrade cannot
-- carry them, so they are rejected like any invalid document.
\set doc `cat ../shared/data/kcidb/upgrade-fails/001-v4.5-test-path-single-dot.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/upgrade-fails/002-v4.5-test-path-double-dot.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/upgrade-fails/003-v4.5-test-path-trailing-dot.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/upgrade-fails/004-v4.5-test-path-trailing-double-dot.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/upgrade-fails/005-v4.5-test-path-leading-dot.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/upgrade-fails/006-v4.5-test-path-leading-double-dot.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/upgrade-fails/007-v4.5-test-path-empty-component.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/upgrade-fails/008-v4.5-test-path-trailing-dot-two-components.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/upgrade-fails/009-v4.5-test-path-leading-dot-two-components.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE
\set doc `cat ../shared/data/kcidb/upgrade-fails/014-v4.5-checkout-git-repository-url-not-https.json`
SELECT ciprov.kcidb_submit(:'doc');
\echo :LAST_ERROR_SQLSTATE

-- kcidb-io's upgrade pairs (v3.0 -> v4.0 and v4.5 -> v5.0): upgrading the
-- 'before' document to 5.3 gives the same document as upgrading the 'after'
-- one (the C++ unit tests compare each step with 'after' exactly). The v2.0
-- pairs are left out: ciprov accepts 3.0 and later.
\set before `cat ../shared/data/kcidb/upgrades/003-v3.0-to-v4.0-description-to-comment-rename.before.json`
\set after `cat ../shared/data/kcidb/upgrades/003-v3.0-to-v4.0-description-to-comment-rename.after.json`
SELECT '003-v3.0-to-v4.0-description-to-comment-rename' AS pair, ciprov.kcidb_upgrade(:'before') = ciprov.kcidb_upgrade(:'after') AS same;
\set before `cat ../shared/data/kcidb/upgrades/004-v3.0-to-v4.0-drop-publishing-time.before.json`
\set after `cat ../shared/data/kcidb/upgrades/004-v3.0-to-v4.0-drop-publishing-time.after.json`
SELECT '004-v3.0-to-v4.0-drop-publishing-time' AS pair, ciprov.kcidb_upgrade(:'before') = ciprov.kcidb_upgrade(:'after') AS same;
\set before `cat ../shared/data/kcidb/upgrades/005-v3.0-to-v4.0-inherit-discovery-time.before.json`
\set after `cat ../shared/data/kcidb/upgrades/005-v3.0-to-v4.0-inherit-discovery-time.after.json`
SELECT '005-v3.0-to-v4.0-inherit-discovery-time' AS pair, ciprov.kcidb_upgrade(:'before') = ciprov.kcidb_upgrade(:'after') AS same;
\set before `cat ../shared/data/kcidb/upgrades/006-v3.0-to-v4.0-inherit-patchset-files.before.json`
\set after `cat ../shared/data/kcidb/upgrades/006-v3.0-to-v4.0-inherit-patchset-files.after.json`
SELECT '006-v3.0-to-v4.0-inherit-patchset-files' AS pair, ciprov.kcidb_upgrade(:'before') = ciprov.kcidb_upgrade(:'after') AS same;
\set before `cat ../shared/data/kcidb/upgrades/007-v3.0-to-v4.0-inherit-patchset-hash.before.json`
\set after `cat ../shared/data/kcidb/upgrades/007-v3.0-to-v4.0-inherit-patchset-hash.after.json`
SELECT '007-v3.0-to-v4.0-inherit-patchset-hash' AS pair, ciprov.kcidb_upgrade(:'before') = ciprov.kcidb_upgrade(:'after') AS same;
\set before `cat ../shared/data/kcidb/upgrades/008-v3.0-to-v4.0-upgrade.before.json`
\set after `cat ../shared/data/kcidb/upgrades/008-v3.0-to-v4.0-upgrade.after.json`
SELECT '008-v3.0-to-v4.0-upgrade' AS pair, ciprov.kcidb_upgrade(:'before') = ciprov.kcidb_upgrade(:'after') AS same;
\set before `cat ../shared/data/kcidb/upgrades/009-v4.5-to-v5.0-empty-upgrade.before.json`
\set after `cat ../shared/data/kcidb/upgrades/009-v4.5-to-v5.0-empty-upgrade.after.json`
SELECT '009-v4.5-to-v5.0-empty-upgrade' AS pair, ciprov.kcidb_upgrade(:'before') = ciprov.kcidb_upgrade(:'after') AS same;
\set before `cat ../shared/data/kcidb/upgrades/010-v4.5-to-v5.0-contacts-removal.before.json`
\set after `cat ../shared/data/kcidb/upgrades/010-v4.5-to-v5.0-contacts-removal.after.json`
SELECT '010-v4.5-to-v5.0-contacts-removal' AS pair, ciprov.kcidb_upgrade(:'before') = ciprov.kcidb_upgrade(:'after') AS same;
\set before `cat ../shared/data/kcidb/upgrades/011-v4.5-to-v5.0-issue-build-valid-removal.before.json`
\set after `cat ../shared/data/kcidb/upgrades/011-v4.5-to-v5.0-issue-build-valid-removal.after.json`
SELECT '011-v4.5-to-v5.0-issue-build-valid-removal' AS pair, ciprov.kcidb_upgrade(:'before') = ciprov.kcidb_upgrade(:'after') AS same;
\set before `cat ../shared/data/kcidb/upgrades/012-v4.5-to-v5.0-issue-test-status-removal.before.json`
\set after `cat ../shared/data/kcidb/upgrades/012-v4.5-to-v5.0-issue-test-status-removal.after.json`
SELECT '012-v4.5-to-v5.0-issue-test-status-removal' AS pair, ciprov.kcidb_upgrade(:'before') = ciprov.kcidb_upgrade(:'after') AS same;
\set before `cat ../shared/data/kcidb/upgrades/013-v4.5-to-v5.0-build-valid-upgrade.before.json`
\set after `cat ../shared/data/kcidb/upgrades/013-v4.5-to-v5.0-build-valid-upgrade.after.json`
SELECT '013-v4.5-to-v5.0-build-valid-upgrade' AS pair, ciprov.kcidb_upgrade(:'before') = ciprov.kcidb_upgrade(:'after') AS same;
\set before `cat ../shared/data/kcidb/upgrades/014-v4.5-to-v5.0-valid-test-paths.before.json`
\set after `cat ../shared/data/kcidb/upgrades/014-v4.5-to-v5.0-valid-test-paths.after.json`
SELECT '014-v4.5-to-v5.0-valid-test-paths' AS pair, ciprov.kcidb_upgrade(:'before') = ciprov.kcidb_upgrade(:'after') AS same;
\set before `cat ../shared/data/kcidb/upgrades/015-v4.5-to-v5.0-waived-missing.before.json`
\set after `cat ../shared/data/kcidb/upgrades/015-v4.5-to-v5.0-waived-missing.after.json`
SELECT '015-v4.5-to-v5.0-waived-missing' AS pair, ciprov.kcidb_upgrade(:'before') = ciprov.kcidb_upgrade(:'after') AS same;
\set before `cat ../shared/data/kcidb/upgrades/016-v4.5-to-v5.0-waived-false.before.json`
\set after `cat ../shared/data/kcidb/upgrades/016-v4.5-to-v5.0-waived-false.after.json`
SELECT '016-v4.5-to-v5.0-waived-false' AS pair, ciprov.kcidb_upgrade(:'before') = ciprov.kcidb_upgrade(:'after') AS same;
\set before `cat ../shared/data/kcidb/upgrades/017-v4.5-to-v5.0-waived-true-becomes-issue-incident.before.json`
\set after `cat ../shared/data/kcidb/upgrades/017-v4.5-to-v5.0-waived-true-becomes-issue-incident.after.json`
SELECT '017-v4.5-to-v5.0-waived-true-becomes-issue-incident' AS pair, ciprov.kcidb_upgrade(:'before') = ciprov.kcidb_upgrade(:'after') AS same;
\set before `cat ../shared/data/kcidb/upgrades/018-v4.5-to-v5.0-https-git-repository-url.before.json`
\set after `cat ../shared/data/kcidb/upgrades/018-v4.5-to-v5.0-https-git-repository-url.after.json`
SELECT '018-v4.5-to-v5.0-https-git-repository-url' AS pair, ciprov.kcidb_upgrade(:'before') = ciprov.kcidb_upgrade(:'after') AS same;
\set before `cat ../shared/data/kcidb/upgrades/017-v4.5-to-v5.0-waived-true-becomes-issue-incident.before.json`
SELECT ciprov.kcidb_upgrade(:'before');

-- The dashboard's real corpus: 500 submissions (v4.2, v5.0, v5.1, v5.3),
-- loaded into empty tables. Every one is accepted; the counts are the
-- distinct objects (the corpus repeats some ids across submissions).
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;
\set corpus `f=$(mktemp); for m in $(unzip -Z1 ../shared/data/kcidb/submissions.zip | sort); do printf 'SELECT ciprov.kcidb_submit($kcidb$%s$kcidb$) IS NOT NULL AS ok \\g /dev/null\n' "$(unzip -p ../shared/data/kcidb/submissions.zip "$m")"; done > "$f"; echo "$f"`
\set ECHO none
\i :corpus
\set ECHO all
SELECT (SELECT pg_catalog.count(*) FROM ciprov.checkouts) AS checkouts, (SELECT pg_catalog.count(*) FROM ciprov.builds) AS builds,
       (SELECT pg_catalog.count(*) FROM ciprov.tests) AS tests, (SELECT pg_catalog.count(*) FROM ciprov.issues) AS issues,
       (SELECT pg_catalog.count(*) FROM ciprov.incidents) AS incidents;
-- A dashboard-style summary runs unchanged: per origin, tests and their
-- summary status (the enum's order makes min() the worst status).
SELECT t.origin, pg_catalog.count(*) AS tests, pg_catalog.min(t.status) AS summary,
       pg_catalog.count(*) FILTER (WHERE t.status = 'FAIL') AS failed
FROM ciprov.tests t GROUP BY t.origin ORDER BY t.origin;
SELECT b.architecture, pg_catalog.count(DISTINCT b.id) AS builds, pg_catalog.count(t.id) AS tests
FROM ciprov.builds b LEFT JOIN ciprov.tests t ON t.build_id = b.id
GROUP BY b.architecture ORDER BY builds DESC, b.architecture LIMIT 5;
-- Loading the corpus again changes no row count.
\set ECHO none
\i :corpus
\set ECHO all

\set removed `rm -f :'corpus'`
SELECT (SELECT pg_catalog.count(*) FROM ciprov.checkouts) AS checkouts, (SELECT pg_catalog.count(*) FROM ciprov.builds) AS builds,
       (SELECT pg_catalog.count(*) FROM ciprov.tests) AS tests, (SELECT pg_catalog.count(*) FROM ciprov.issues) AS issues,
       (SELECT pg_catalog.count(*) FROM ciprov.incidents) AS incidents;
RESET TimeZone;
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;
\else
\echo 'skipped: ../shared/data is absent'
\endif
