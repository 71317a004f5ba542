-- Dashboard rollups kept exact by the extension (docs/rollup.md).
\set SHOW_CONTEXT never
SET TimeZone = 'UTC';
\pset pager off

\echo '== Revision A of mainline: 3 builds, 6 tests (one unfinished)'
\set doc `cat examples/rollup/1-revision-a.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT tree_name, checkout_id, builds->'PASS' AS builds_pass, builds->'FAIL' AS builds_fail, boots, tests
FROM ciprov.tree_listing('demo', '2026-01-01');

\echo '== Resubmitted with the unfinished test done: NULL -> PASS counts once'
\set doc `cat examples/rollup/2-revision-a-again.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT tree_name, tests FROM ciprov.tree_listing('demo', '2026-01-01');

\echo '== Revision B: tests before builds before checkout; counted once the parents arrive'
\set doc `cat examples/rollup/3-revision-b-tests.json`
SELECT ciprov.kcidb_submit(:'doc');
\set doc `cat examples/rollup/4-revision-b-builds.json`
SELECT ciprov.kcidb_submit(:'doc');
\set doc `cat examples/rollup/5-revision-b-checkouts.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT tree_name, git_repository_branch, checkout_id, start_time, boots, tests FROM ciprov.tree_listing('demo', '2026-01-01');

\echo '== Hardware listing'
SELECT platform, compatibles, builds->'PASS' AS builds_pass, boots->'FAIL' AS boots_fail, tests->'FAIL' AS tests_fail
FROM ciprov.hardware_listing('demo', '2026-01-01');

\echo '== Tree details of revision A by path group and platform'
SELECT dimension, value, kind, counts->'PASS' AS pass, counts->'FAIL' AS fail, worst
FROM ciprov.tree_summary('demo:c1') WHERE dimension IN ('path_group', 'platform');

\echo '== Status history of boot on qemu-x86, defconfig, mainline/master'
SELECT * FROM ciprov.test_history('boot', 'qemu-x86', 'defconfig', 'mainline', 'master', 'infinity', 5);

\echo '== Revision A vs B'
SELECT * FROM ciprov.tree_compare(repeat('a', 40), repeat('b', 40), 'demo');

\echo '== What tree_compare compares: per checkout, architecture and config, the latest test of each (platform, path)'
SELECT checkout_id, architecture, config_name, platform, path, status, test_id FROM ciprov.rollup_latest_tests
ORDER BY checkout_id, architecture, config_name, platform NULLS FIRST, path NULLS FIRST LIMIT 10;

\echo '== Consistency: rollup_check() recounts everything from the kcidb tables'
SELECT count(*) AS differences FROM ciprov.rollup_check();
