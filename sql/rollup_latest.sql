-- Latest sets (ciprov.rollup_latest, docs/rollup.md): per (checkout,
-- architecture, config) the latest test of each (platform, path), what
-- tree_compare compares. How they follow tests that arrive, are deleted or
-- move with their build; rollup_check and rollup_rebuild over them; the
-- packed values by hand and their errors.
\set SHOW_CONTEXT never
SET TimeZone = 'UTC';
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;

-- Revision 1 (checkout lt:c1) has two builds of one group (x86_64
-- defconfig, two compilers), revision 2 (lt:c2) one.
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3},
  "checkouts": [{"id": "lt:c1", "origin": "lt", "git_commit_hash": "1111111111111111111111111111111111111111"},
                {"id": "lt:c2", "origin": "lt", "git_commit_hash": "2222222222222222222222222222222222222222"}],
  "builds": [{"id": "lt:b1", "origin": "lt", "checkout_id": "lt:c1", "architecture": "x86_64", "config_name": "defconfig", "compiler": "gcc"},
             {"id": "lt:b2", "origin": "lt", "checkout_id": "lt:c1", "architecture": "x86_64", "config_name": "defconfig", "compiler": "clang"},
             {"id": "lt:b3", "origin": "lt", "checkout_id": "lt:c2", "architecture": "x86_64", "config_name": "defconfig", "compiler": "gcc"}],
  "tests": [{"id": "lt:t1", "origin": "lt", "build_id": "lt:b1", "path": "boot", "status": "PASS", "start_time": "2026-05-01T10:00:00Z", "environment": {"misc": {"platform": "rpi"}}},
            {"id": "lt:t2", "origin": "lt", "build_id": "lt:b2", "path": "boot", "status": "FAIL", "start_time": "2026-05-01T11:00:00Z", "environment": {"misc": {"platform": "rpi"}}},
            {"id": "lt:t3", "origin": "lt", "build_id": "lt:b1", "path": "ltp.x", "status": "PASS", "environment": {"misc": {"platform": "rpi"}}},
            {"id": "lt:t4", "origin": "lt", "build_id": "lt:b2", "path": "ltp.x", "status": "SKIP", "environment": {"misc": {"platform": "rpi"}}},
            {"id": "lt:t7", "origin": "lt", "build_id": "lt:b1", "status": "DONE", "start_time": "2026-05-01T10:00:00Z"},
            {"id": "lt:t5", "origin": "lt", "build_id": "lt:b3", "path": "boot", "status": "PASS", "start_time": "2026-05-02T10:00:00Z", "environment": {"misc": {"platform": "rpi"}}},
            {"id": "lt:t6", "origin": "lt", "build_id": "lt:b3", "path": "ltp.x", "status": "SKIP", "environment": {"misc": {"platform": "rpi"}}}]}') IS NOT NULL AS submitted;
-- lt:t2 starts after lt:t1; lt:t3 and lt:t4 have no start time: the larger
-- id; a test without a platform or path is a key of its own (NULLs first).
SELECT * FROM ciprov.rollup_latest_tests ORDER BY checkout_id, architecture, config_name, platform NULLS FIRST, path NULLS FIRST;
SELECT path, config_name, architecture, platform, status_a, status_b, change
FROM ciprov.tree_compare(repeat('1', 40), repeat('2', 40), 'lt');
SELECT count(*) AS differences FROM ciprov.rollup_check();

-- lt:t2 deleted (a write outside kcidb_submit: flushed at commit): lt:t1 is
-- the latest boot again, and the revisions no longer differ there.
DELETE FROM ciprov.tests WHERE id = 'lt:t2';
SELECT test_id, status FROM ciprov.rollup_latest_tests WHERE checkout_id = 'lt:c1' AND path = 'boot';
SELECT path, status_a, status_b, change FROM ciprov.tree_compare(repeat('1', 40), repeat('2', 40), 'lt');

-- lt:b2 rebuilt for arm64: its tests leave the x86_64 group (lt:t3 is the
-- latest ltp.x there now, PASS against revision 2's SKIP) for a group of
-- their own, which revision 2 does not have.
UPDATE ciprov.builds SET architecture = 'arm64' WHERE id = 'lt:b2';
SELECT checkout_id, architecture, platform, path, test_id, status FROM ciprov.rollup_latest_tests
WHERE checkout_id = 'lt:c1' ORDER BY architecture, platform NULLS FIRST, path NULLS FIRST;
SELECT path, config_name, architecture, status_a, status_b, change FROM ciprov.tree_compare(repeat('1', 40), repeat('2', 40), 'lt');
SELECT count(*) AS differences FROM ciprov.rollup_check();

-- A group whose tests are all gone has no row.
DELETE FROM ciprov.tests WHERE build_id = 'lt:b3';
SELECT checkout_id, architecture, config_name FROM ciprov.rollup_latest ORDER BY 1, 2;
SELECT count(*) FROM ciprov.tree_compare(repeat('1', 40), repeat('2', 40), 'lt');

-- A test before its build: lt:t8 (a later boot on rpi) waits in no group;
-- when lt:b4 arrives in lt:c1's x86_64 group, lt:t8 is the latest boot
-- there. Both deleted: lt:t1 is again.
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3},
  "tests": [{"id": "lt:t8", "origin": "lt", "build_id": "lt:b4", "path": "boot", "status": "ERROR", "start_time": "2026-05-01T12:00:00Z", "environment": {"misc": {"platform": "rpi"}}}]}') IS NOT NULL AS submitted;
SELECT architecture, test_id, status FROM ciprov.rollup_latest_tests WHERE checkout_id = 'lt:c1' AND path = 'boot' ORDER BY 1;
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3},
  "builds": [{"id": "lt:b4", "origin": "lt", "checkout_id": "lt:c1", "architecture": "x86_64", "config_name": "defconfig"}]}') IS NOT NULL AS submitted;
SELECT architecture, test_id, status FROM ciprov.rollup_latest_tests WHERE checkout_id = 'lt:c1' AND path = 'boot' ORDER BY 1;
SELECT count(*) AS differences FROM ciprov.rollup_check();
DELETE FROM ciprov.tests WHERE id = 'lt:t8';
DELETE FROM ciprov.builds WHERE id = 'lt:b4';
SELECT architecture, test_id, status FROM ciprov.rollup_latest_tests WHERE checkout_id = 'lt:c1' AND path = 'boot' ORDER BY 1;
SELECT count(*) AS differences FROM ciprov.rollup_check();

-- Damage: rollup_check names the keys that differ, rollup_rebuild repairs.
UPDATE ciprov.rollup_latest SET tests = (
  SELECT ciprov.rollup_pack_latest(platform, path, 'FAIL', start_time, test_id) FROM ciprov.rollup_latest_tests
  WHERE checkout_id = 'lt:c1' AND architecture = 'x86_64')
WHERE checkout_id = 'lt:c1' AND architecture = 'x86_64';
SELECT * FROM ciprov.rollup_check();
SELECT ciprov.rollup_rebuild();
SELECT count(*) AS differences FROM ciprov.rollup_check();
SELECT count(*) AS rows FROM ciprov.rollup_latest;

-- The packed values by hand: the latest of each key, in key order.
SELECT * FROM ciprov.rollup_unpack_latest((
  SELECT ciprov.rollup_pack_latest(p, t::ciprov.testpath, s::ciprov.status, st::timestamptz, id) FROM (VALUES
    ('b', 'x.y', 'PASS', '2026-01-01 10:00', 'i1'), ('b', 'x.y', 'FAIL', '2026-01-01 09:00', 'i2'),
    ('a', 'x.y', NULL, NULL, 'i3'), (NULL, 'x', 'SKIP', NULL, 'i4'), ('b', 'x.y.z', 'ERROR', '2026-01-01 09:00', 'i5')) v(p, t, s, st, id)));
SELECT count(*) FROM ciprov.rollup_unpack_latest((SELECT ciprov.rollup_pack_latest(NULL, NULL, NULL, NULL, id) FROM (VALUES ('x')) v(id) WHERE false));
-- (one test written by hand: NULL platform and path, PASS, no start time, id '')
SELECT * FROM ciprov.rollup_unpack_latest('\x010103000101030000');
-- Bad input: damaged values (the last three: a bad status, a test id cut
-- short, a byte after the last test), a NULL test id.
SELECT * FROM ciprov.rollup_unpack_latest('\x02');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM ciprov.rollup_unpack_latest('\x01');
SELECT * FROM ciprov.rollup_unpack_latest('\x010100');
SELECT * FROM ciprov.rollup_unpack_latest('\x010103000101070000');
SELECT * FROM ciprov.rollup_unpack_latest('\x010103000101030001');
SELECT * FROM ciprov.rollup_unpack_latest('\x01010300010103000000');
SELECT ciprov.rollup_pack_latest('b', 'boot', 'PASS', NULL, NULL);
\echo :LAST_ERROR_SQLSTATE
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;
SELECT count(*) AS differences FROM ciprov.rollup_check();
