-- Rollups on small documents of our own (examples/rollup/): values of every
-- reader, resubmission (NULL -> PASS counts once, an unchanged resubmission
-- changes nothing), children before parents, writes that bypass
-- kcidb_submit, rollup_check and rollup_rebuild.
\set SHOW_CONTEXT never
SET TimeZone = 'UTC';
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;

-- Revision A of mainline: 3 builds (one FAIL), 6 tests, t5 not finished.
\set doc `cat examples/rollup/1-revision-a.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT tree_name, checkout_id, builds, boots, tests FROM ciprov.tree_listing('demo', '2026-01-01');
SELECT count(*) AS differences FROM ciprov.rollup_check();

-- The same document again with t5 finished: NULL -> PASS moves one test.
\set doc `cat examples/rollup/2-revision-a-again.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT tree_name, checkout_id, builds, boots, tests FROM ciprov.tree_listing('demo', '2026-01-01');
-- Unchanged resubmission: nothing is noted, no counter or test-run row is
-- rewritten.
SELECT (SELECT pg_catalog.sum(n) FROM ciprov.rollup_count_cells) AS total,
       (SELECT pg_catalog.max(xmin::text::bigint) FROM ciprov.rollup_packed) AS counters_writer,
       (SELECT pg_catalog.max(xmin::text::bigint) FROM ciprov.rollup_runs) AS runs_writer \gset before_
SELECT ciprov.kcidb_submit(:'doc');
SELECT (SELECT pg_catalog.sum(n) FROM ciprov.rollup_count_cells) = :before_total AS same_total,
       (SELECT pg_catalog.max(xmin::text::bigint) FROM ciprov.rollup_packed) = :before_counters_writer AS counters_untouched,
       (SELECT pg_catalog.max(xmin::text::bigint) FROM ciprov.rollup_runs) = :before_runs_writer AS runs_untouched;

-- Revision B: tests first (their builds and checkout unknown: not counted),
\set doc `cat examples/rollup/3-revision-b-tests.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT count(*) AS tests FROM ciprov.tests;
SELECT count(*) AS cells_of_c2 FROM ciprov.rollup_count_cells WHERE checkout_id = 'demo:c2';
SELECT count(*) FILTER (WHERE known) AS known_builds, count(*) FILTER (WHERE NOT known) AS awaited_builds FROM ciprov.rollup_builds;
-- then the builds (now counted under checkout demo:c2, not yet submitted),
\set doc `cat examples/rollup/4-revision-b-builds.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT rollup, kind, status, n FROM ciprov.rollup_count_cells WHERE checkout_id = 'demo:c2' AND rollup = 'L' ORDER BY kind, status;
-- then the checkouts: revision B is the newest mainline head.
\set doc `cat examples/rollup/5-revision-b-checkouts.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT tree_name, git_repository_branch, checkout_id, git_commit_name, start_time, builds, boots, tests
FROM ciprov.tree_listing('demo', '2026-01-01');
-- the window excludes revision B's stable checkout at 09:00
SELECT tree_name, checkout_id FROM ciprov.tree_listing('demo', '2026-01-02 09:30');
SELECT count(*) FROM ciprov.tree_listing('other', '2026-01-01');
SELECT count(*) AS differences FROM ciprov.rollup_check();

-- Hardware: qemu-x86 (misc platform) and radxa,rock-5b (first compatible).
SELECT * FROM ciprov.hardware_listing('demo', '2026-01-01');
SELECT platform, builds->'PASS' AS builds_pass, boots FROM ciprov.hardware_listing('demo', '2026-01-02');

-- Tree details of revision A, and revision B through its commit hash.
SELECT * FROM ciprov.tree_summary('demo:c1');
SELECT dimension, value, kind, counts->'FAIL' AS fail, counts->'PASS' AS pass, worst
FROM ciprov.revision_summary('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb') WHERE dimension IN ('path_group', 'platform');
SELECT count(*) FROM ciprov.revision_summary('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'not-a-patchset');
SELECT count(*) FROM ciprov.tree_summary('demo:absent');

-- History of one test, newest first; before and n bound it.
SELECT * FROM ciprov.test_history('boot', 'qemu-x86', 'defconfig', 'mainline', 'master', 'infinity', 10);
SELECT test_id FROM ciprov.test_history('boot', 'qemu-x86', 'defconfig', 'mainline', 'master', '2026-01-02', 10);
SELECT test_id FROM ciprov.test_history('boot', 'qemu-x86', 'defconfig', 'mainline', 'master', 'infinity', 1);
SELECT count(*) FROM ciprov.test_history('boot', 'qemu-x86', 'defconfig', 'stable', 'master', 'infinity', 10);

-- Compare revision A with B.
SELECT * FROM ciprov.tree_compare(repeat('a', 40), repeat('b', 40), 'demo');
SELECT change, count(*) FROM ciprov.tree_compare(repeat('b', 40), repeat('a', 40), 'demo') GROUP BY 1 ORDER BY 1;

-- Writes that bypass kcidb_submit are folded in at commit.
BEGIN;
UPDATE ciprov.tests SET status = 'ERROR' WHERE id = 'demo:t15';
INSERT INTO ciprov.tests (build_id, id, origin, path, status) VALUES ('demo:b11', 'demo:t17', 'demo', 'boot.extra', 'SKIP');
UPDATE ciprov.builds SET status = 'FAIL' WHERE id = 'demo:b12';
SELECT count(*) > 0 AS pending_before_commit FROM ciprov.rollup_check();
COMMIT;
SELECT count(*) AS differences FROM ciprov.rollup_check();
SELECT tree_name, builds, boots, tests FROM ciprov.tree_listing('demo', '2026-01-02 09:30');
DELETE FROM ciprov.tests WHERE id = 'demo:t17';
DELETE FROM ciprov.builds WHERE id = 'demo:b11';
SELECT count(*) AS differences FROM ciprov.rollup_check();
SELECT tree_name, builds, boots, tests FROM ciprov.tree_listing('demo', '2026-01-02 09:30');

-- Pending changes live in backend memory until a flush. A savepoint rolled
-- back after a flush undoes the flush but not the earlier change: the
-- change is pending again and is folded in at commit.
BEGIN;
UPDATE ciprov.tests SET status = 'DONE' WHERE id = 'demo:t16';
SAVEPOINT s;
SELECT ciprov.rollup_flush();
ROLLBACK TO SAVEPOINT s;
COMMIT;
SELECT count(*) AS differences FROM ciprov.rollup_check();
SELECT tests FROM ciprov.tree_listing('demo', '2026-01-02 09:30') WHERE tree_name = 'mainline';
-- A submission inside a rolled-back savepoint leaves nothing behind; the
-- change made before it is still counted once.
BEGIN;
UPDATE ciprov.tests SET status = 'PASS' WHERE id = 'demo:t16';
SAVEPOINT s;
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3}, "tests": [{"id": "demo:t16", "origin": "demo", "build_id": "demo:b12", "path": "kselftest.net.tcp", "status": "FAIL"}, {"id": "demo:t99", "origin": "demo", "build_id": "demo:b12", "path": "kselftest.net.udp", "status": "FAIL"}]}');
ROLLBACK TO SAVEPOINT s;
COMMIT;
SELECT count(*) AS differences FROM ciprov.rollup_check();
SELECT tests FROM ciprov.tree_listing('demo', '2026-01-02 09:30') WHERE tree_name = 'mainline';
-- A change rolled back with its savepoint, before any flush, counts nothing.
BEGIN;
SAVEPOINT s;
UPDATE ciprov.tests SET status = 'MISS' WHERE id = 'demo:t16';
ROLLBACK TO SAVEPOINT s;
COMMIT;
SELECT count(*) AS differences FROM ciprov.rollup_check();

-- The triggers note each change with the test's state after it; a
-- rolled-back savepoint voids the notes made inside it, and the flush then
-- reads the test as it is. t16 ends as MISS: the SKIP inside the savepoint
-- is undone.
BEGIN;
UPDATE ciprov.tests SET status = 'MISS' WHERE id = 'demo:t16';
SAVEPOINT s;
UPDATE ciprov.tests SET status = 'SKIP' WHERE id = 'demo:t16';
ROLLBACK TO SAVEPOINT s;
COMMIT;
SELECT count(*) AS differences FROM ciprov.rollup_check();
SELECT tests FROM ciprov.tree_listing('demo', '2026-01-02 09:30') WHERE tree_name = 'mainline';
-- A change after the rolled-back savepoint is the test's state again (DONE).
BEGIN;
SAVEPOINT s;
UPDATE ciprov.tests SET status = 'SKIP' WHERE id = 'demo:t16';
ROLLBACK TO SAVEPOINT s;
UPDATE ciprov.tests SET status = 'DONE' WHERE id = 'demo:t16';
COMMIT;
SELECT count(*) AS differences FROM ciprov.rollup_check();
SELECT tests FROM ciprov.tree_listing('demo', '2026-01-02 09:30') WHERE tree_name = 'mainline';
-- An update that changes a test's id: the old id is gone, the new one is
-- new; the counters do not move.
UPDATE ciprov.tests SET id = 'demo:t16-renamed' WHERE id = 'demo:t16';
SELECT count(*) AS differences FROM ciprov.rollup_check();
SELECT tests FROM ciprov.tree_listing('demo', '2026-01-02 09:30') WHERE tree_name = 'mainline';
UPDATE ciprov.tests SET id = 'demo:t16' WHERE id = 'demo:t16-renamed';

-- rollup_check reports a damaged counter (one boot FAIL too many, added
-- with rollup_add), a damaged build and checkout anchor and a damaged test
-- run; rollup_rebuild repairs them.
UPDATE ciprov.rollup_packed
SET packed = ciprov.rollup_add(packed, (SELECT ciprov.rollup_pack(pg_catalog.jsonb_populate_record(
                                          NULL::ciprov.rollup_counts, '{"boot_fail": 1}'))))
WHERE checkout_id = 'demo:c1' AND rollup = 'L';
UPDATE ciprov.rollup_builds SET compiler = 'gcc-0' WHERE build_id = 'demo:b1';
UPDATE ciprov.rollup_checkouts SET tree_name = 'next' WHERE checkout_id = 'demo:c1';
UPDATE ciprov.rollup_runs SET git_commit_hash = 'f00d' WHERE build_id = 'demo:b1' AND platform = 'qemu-x86';
SELECT * FROM ciprov.rollup_check();
SELECT ciprov.rollup_rebuild();
SELECT count(*) AS differences FROM ciprov.rollup_check();

-- A new test of a known build locks the build's and checkout's anchors
-- but does not rewrite them (the submission changed neither): their row
-- versions stay; the test is counted.
CREATE TEMP TABLE anchor_versions AS
  SELECT build_id AS id, xmin::text AS version FROM ciprov.rollup_builds WHERE build_id = 'demo:b1'
  UNION ALL SELECT checkout_id, xmin::text FROM ciprov.rollup_checkouts WHERE checkout_id = 'demo:c1';
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3}, "tests": [{"id": "demo:t90", "origin": "demo", "build_id": "demo:b1", "path": "ltp.new", "status": "PASS", "start_time": "2026-01-01T12:00:00Z"}]}') IS NOT NULL AS submitted;
SELECT v.id, v.version = a.version AS same_row_version
FROM anchor_versions v
JOIN (SELECT build_id AS id, xmin::text AS version FROM ciprov.rollup_builds
      UNION ALL SELECT checkout_id, xmin::text FROM ciprov.rollup_checkouts) a ON a.id = v.id
ORDER BY 1;
SELECT count(*) AS runs_with_it FROM ciprov.rollup_run_tests WHERE test_id = 'demo:t90';
SELECT count(*) AS differences FROM ciprov.rollup_check();

-- Every reader is STABLE; TRUNCATE empties the rollups too.
SELECT p.proname, p.provolatile FROM pg_catalog.pg_proc p
WHERE p.pronamespace = 'ciprov'::regnamespace
  AND p.proname IN ('tree_listing', 'hardware_listing', 'tree_summary', 'revision_summary', 'test_history',
                    'tree_compare', 'rollup_check')
ORDER BY 1;
-- test_history's rows are of a named type (docs/rollup.md).
SELECT pg_catalog.pg_get_function_result('ciprov.test_history(ciprov.testpath, text, text, text, text, timestamptz, int4)'::pg_catalog.regprocedure);
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;
SELECT (SELECT count(*) FROM ciprov.rollup_counts) AS counts, (SELECT count(*) FROM ciprov.rollup_builds) AS builds,
       (SELECT count(*) FROM ciprov.rollup_checkouts) AS checkouts, (SELECT count(*) FROM ciprov.rollup_runs) AS runs;

-- The rollup trigger functions refuse any other use.
CREATE TEMP TABLE not_tests (id text, build_id text);
CREATE TRIGGER wrong_level AFTER INSERT ON not_tests FOR EACH ROW EXECUTE FUNCTION ciprov.rollup_note_tests();
INSERT INTO not_tests VALUES ('x', 'y');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER wrong_level ON not_tests;
CREATE TRIGGER no_tables AFTER INSERT ON not_tests FOR EACH STATEMENT EXECUTE FUNCTION ciprov.rollup_note_tests();
INSERT INTO not_tests VALUES ('x', 'y');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER no_tables ON not_tests;
CREATE TRIGGER wrong_table AFTER INSERT ON not_tests REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION ciprov.rollup_note_tests();
INSERT INTO not_tests VALUES ('x', 'y');
\echo :LAST_ERROR_SQLSTATE
DROP TABLE not_tests;
