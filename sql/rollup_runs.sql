-- Test runs (ciprov.rollup_runs, docs/rollup.md): what they hold; how they
-- follow tests, builds and checkouts that arrive late, move or change; the
-- two readers built on them, test_history (its walk newest day first,
-- before, n, ties) and tree_compare (keys, the latest test per key,
-- labels), each checked against its definition as a raw query over the
-- kcidb tables; and the functions of the packed values with their errors.
\set SHOW_CONTEXT never
SET TimeZone = 'UTC';
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;

-- The definitions the readers must agree with, as raw queries.
CREATE FUNCTION pg_temp.raw_history(path ciprov.testpath, platform text, config text, tree text, branch text,
                                    before timestamptz, n int)
RETURNS TABLE (test_id text, start_time timestamptz, status ciprov.status, build_id text, checkout_id text,
               git_commit_hash text)
LANGUAGE sql AS $$
SELECT t.id, t.start_time, t.status, t.build_id, b.checkout_id, c.git_commit_hash
FROM ciprov.tests t JOIN ciprov.builds b ON b.id = t.build_id JOIN ciprov.checkouts c ON c.id = b.checkout_id
WHERE t.path OPERATOR(ciprov.=) $1 AND ciprov.platform(t.environment_misc, t.environment_compatible) = $2
  AND b.config_name = $3 AND c.tree_name = $4 AND c.git_repository_branch = $5 AND t.start_time < $6
ORDER BY t.start_time DESC, t.id COLLATE "C" DESC LIMIT $7
$$;
-- One call of test_history on path boot, platform board, config defconfig
-- and the raw query answer the same rows (as multisets).
CREATE FUNCTION pg_temp.history_agrees(tree text, branch text, before timestamptz, n int)
RETURNS boolean
LANGUAGE sql AS $$
SELECT NOT EXISTS ((SELECT * FROM ciprov.test_history('boot', 'board', 'defconfig', tree, branch, before, n)
                    EXCEPT ALL SELECT * FROM pg_temp.raw_history('boot', 'board', 'defconfig', tree, branch, before, n))
                   UNION ALL
                   (SELECT * FROM pg_temp.raw_history('boot', 'board', 'defconfig', tree, branch, before, n)
                    EXCEPT ALL SELECT * FROM ciprov.test_history('boot', 'board', 'defconfig', tree, branch, before, n)))
$$;
CREATE FUNCTION pg_temp.raw_compare(commit_a text, commit_b text, origin text)
RETURNS TABLE (path ciprov.testpath, config_name text, architecture text, platform text, status_a ciprov.status,
               status_b ciprov.status, change text)
LANGUAGE sql AS $$
WITH latest AS (
  SELECT DISTINCT ON (c.git_commit_hash, t.path, b.config_name, b.architecture, p.platform)
         c.git_commit_hash AS commit, t.path, b.config_name, b.architecture, p.platform, t.status
  FROM ciprov.checkouts c JOIN ciprov.builds b ON b.checkout_id = c.id JOIN ciprov.tests t ON t.build_id = b.id
  CROSS JOIN LATERAL (SELECT ciprov.platform(t.environment_misc, t.environment_compatible) AS platform) p
  WHERE c.git_commit_hash IN ($1, $2) AND c.origin = $3
  ORDER BY c.git_commit_hash, t.path, b.config_name, b.architecture, p.platform,
           t.start_time DESC NULLS LAST, t.id COLLATE "C" DESC
)
SELECT a.path, a.config_name, a.architecture, a.platform, a.status, b.status,
       CASE WHEN a.status <= 'ERROR' AND b.status <= 'ERROR' THEN 'still failing'
            WHEN b.status <= 'ERROR' THEN 'regression' WHEN a.status <= 'ERROR' THEN 'fix' ELSE 'changed' END
FROM latest a JOIN latest b
  ON a.path IS NOT DISTINCT FROM b.path AND a.config_name IS NOT DISTINCT FROM b.config_name
 AND a.architecture IS NOT DISTINCT FROM b.architecture AND a.platform IS NOT DISTINCT FROM b.platform
WHERE a.commit = $1 AND b.commit = $2
  AND (a.status IS DISTINCT FROM b.status OR (a.status <= 'ERROR' AND b.status <= 'ERROR'))
$$;

-- Revision B's tests before their builds and checkout: the runs wait, one
-- per (build, platform, day), without attributes and series.
\set doc `cat examples/rollup/3-revision-b-tests.json`
SELECT ciprov.kcidb_submit(:'doc') IS NOT NULL AS submitted;
SELECT build_id, platform, day, checkout_id, tree_name, series, test_id, path, status, start_time, compatible
FROM ciprov.rollup_run_tests ORDER BY build_id, platform, path, test_id;
-- The builds arrive: their runs take the build's checkout and config, not
-- yet a tree (the checkout is not there), so no history finds them.
\set doc `cat examples/rollup/4-revision-b-builds.json`
SELECT ciprov.kcidb_submit(:'doc') IS NOT NULL AS submitted;
SELECT build_id, platform, checkout_id, architecture, config_name, tree_name, series IS NULL AS no_series
FROM ciprov.rollup_runs ORDER BY 1, 2;
SELECT count(*) FROM ciprov.test_history('boot', 'qemu-x86', 'defconfig', 'mainline', 'master', 'infinity', 10);
-- The checkouts arrive: the runs of demo:c2 take its tree, branch and commit.
\set doc `cat examples/rollup/5-revision-b-checkouts.json`
SELECT ciprov.kcidb_submit(:'doc') IS NOT NULL AS submitted;
SELECT build_id, platform, tree_name, git_repository_branch, git_commit_hash,
       series = ciprov.rollup_series(tree_name, git_repository_branch, config_name, platform) AS series_of_row
FROM ciprov.rollup_runs ORDER BY 1, 2;
SELECT * FROM ciprov.test_history('boot', 'qemu-x86', 'defconfig', 'mainline', 'master', 'infinity', 10);
SELECT count(*) AS differences FROM ciprov.rollup_check();

-- A checkout first submitted without its tree takes it from a later
-- submission (kcidb's merge: a NULL takes the new value); its runs follow.
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3},
  "checkouts": [{"id": "demo:c9", "origin": "demo", "git_commit_hash": "9999999999999999999999999999999999999999", "start_time": "2026-01-03T10:00:00Z"}],
  "builds": [{"id": "demo:b91", "origin": "demo", "checkout_id": "demo:c9", "config_name": "defconfig", "architecture": "x86_64", "status": "PASS"}],
  "tests": [{"id": "demo:t91", "origin": "demo", "build_id": "demo:b91", "path": "boot", "status": "FAIL", "start_time": "2026-01-03T11:00:00Z", "environment": {"misc": {"platform": "qemu-x86"}}}]}') IS NOT NULL AS submitted;
SELECT test_id FROM ciprov.test_history('boot', 'qemu-x86', 'defconfig', 'mainline', 'master', 'infinity', 10);
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3},
  "checkouts": [{"id": "demo:c9", "origin": "demo", "tree_name": "mainline", "git_repository_branch": "master"}]}') IS NOT NULL AS submitted;
SELECT test_id, git_commit_hash FROM ciprov.test_history('boot', 'qemu-x86', 'defconfig', 'mainline', 'master', 'infinity', 10);
SELECT count(*) AS differences FROM ciprov.rollup_check();

-- Writes that bypass kcidb_submit move the runs too (folded in at commit):
-- a start time into the next day, a build into another checkout, a
-- checkout's branch, a deleted checkout.
UPDATE ciprov.tests SET start_time = start_time + interval '1 day' WHERE id = 'demo:t11';
SELECT build_id, platform, day, test_id FROM ciprov.rollup_run_tests WHERE build_id = 'demo:b11' ORDER BY day, test_id;
UPDATE ciprov.builds SET checkout_id = 'demo:c3' WHERE id = 'demo:b12';
SELECT build_id, platform, checkout_id, tree_name, git_repository_branch FROM ciprov.rollup_runs WHERE build_id = 'demo:b12';
UPDATE ciprov.checkouts SET git_repository_branch = 'linux-6.6.y' WHERE id = 'demo:c3';
SELECT build_id, git_repository_branch,
       series = ciprov.rollup_series('stable', 'linux-6.6.y', 'defconfig', 'radxa,rock-5b') AS new_series
FROM ciprov.rollup_runs WHERE build_id = 'demo:b12';
SELECT count(*) AS differences FROM ciprov.rollup_check();
DELETE FROM ciprov.checkouts WHERE id = 'demo:c3';
SELECT build_id, checkout_id, tree_name, series IS NULL AS no_series FROM ciprov.rollup_runs WHERE build_id = 'demo:b12';
SELECT count(*) AS differences FROM ciprov.rollup_check();
SELECT known FROM ciprov.rollup_checkouts WHERE checkout_id = 'demo:c3';

-- test_history on a longer series: tree hist, branch main, config
-- defconfig, platform board, path boot, a test every 9 hours over six
-- days, two with the same start time (ties go by id), one without a start
-- time, and tests that must not be found (a child path, another
-- platform, another config, another branch).
SELECT ciprov.kcidb_submit(pg_catalog.jsonb_build_object('version', '{"major": 5, "minor": 3}'::jsonb,
  'checkouts', (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', 'hist:c' || i, 'origin', 'hist',
        'tree_name', 'hist', 'git_repository_branch', CASE WHEN i = 3 THEN 'other' ELSE 'main' END,
        'git_commit_hash', pg_catalog.repeat(i::text, 40), 'start_time', '2026-03-01T00:00:00Z'))
     FROM pg_catalog.generate_series(1, 4) i),
  'builds', (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', 'hist:b' || i, 'origin', 'hist',
        'checkout_id', 'hist:c' || (1 + i % 4), 'config_name', CASE WHEN i = 7 THEN 'tinyconfig' ELSE 'defconfig' END,
        'status', 'PASS'))
     FROM pg_catalog.generate_series(1, 8) i),
  'tests', (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'id', 'hist:t' || pg_catalog.lpad(k::text, 2, '0'), 'origin', 'hist', 'build_id', 'hist:b' || (1 + k % 8),
        'path', CASE WHEN k % 11 = 3 THEN 'boot.child' ELSE 'boot' END,
        'status', (ARRAY['PASS', 'FAIL', 'PASS', 'ERROR', 'SKIP'])[1 + k % 5],
        'start_time', CASE WHEN k = 13 THEN NULL
                           ELSE pg_catalog.to_char(timestamptz '2026-03-01' + (CASE WHEN k = 15 THEN 16 ELSE k END) * interval '9 hours',
                                                   'YYYY-MM-DD"T"HH24:MI:SS"Z"') END,
        'environment', pg_catalog.jsonb_build_object('misc', pg_catalog.jsonb_build_object('platform',
                         CASE WHEN k % 13 = 5 THEN 'other-board' ELSE 'board' END)))))
     FROM pg_catalog.generate_series(1, 16) k))) IS NOT NULL AS submitted;
SELECT test_id, start_time, status, build_id, checkout_id FROM ciprov.test_history('boot', 'board', 'defconfig', 'hist', 'main', 'infinity', 5);
-- (hist:t15 and hist:t16 start at the same time: the larger id first)
SELECT test_id, start_time FROM ciprov.test_history('boot', 'board', 'defconfig', 'hist', 'main', 'infinity', 2);
-- before is exclusive; n bounds the answer; n = 0 answers nothing
SELECT test_id FROM ciprov.test_history('boot', 'board', 'defconfig', 'hist', 'main', '2026-03-04 21:00', 2);
SELECT count(*) FROM ciprov.test_history('boot', 'board', 'defconfig', 'hist', 'main', 'infinity', 0);
SELECT count(*) FROM ciprov.test_history('boot', 'board', 'defconfig', 'hist', 'main', '-infinity', 5);
SELECT count(*) FROM ciprov.test_history('boot', NULL, 'defconfig', 'hist', 'main', 'infinity', 5);
-- Every (before, n) of a grid over the series answers as the raw query does.
SELECT count(*) AS checked, count(*) FILTER (WHERE NOT pg_temp.history_agrees('hist', 'main', b, n)) AS different
FROM pg_catalog.generate_series(timestamptz '2026-02-28', '2026-03-08', interval '3 hours') b,
     (VALUES (1), (2), (3), (7), (100)) v(n);
-- A series around now, with gaps: a test every 7 hours from a day ahead
-- to five days back, then a month and two months back; every (before, n)
-- of a grid over it, and before at either infinity, answered as the raw
-- query does.
SELECT ciprov.kcidb_submit(pg_catalog.jsonb_build_object('version', '{"major": 5, "minor": 3}'::jsonb,
  'checkouts', '[{"id": "recent:c1", "origin": "recent", "tree_name": "recent", "git_repository_branch": "main"}]'::jsonb,
  'builds', '[{"id": "recent:b1", "origin": "recent", "checkout_id": "recent:c1", "config_name": "defconfig"}]'::jsonb,
  'tests', (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
        'id', 'recent:t' || pg_catalog.lpad(k::text, 3, '0'), 'origin', 'recent', 'build_id', 'recent:b1',
        'path', 'boot', 'status', 'PASS',
        'start_time', pg_catalog.to_char(pg_catalog.now() - k * interval '7 hours', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'environment', '{"misc": {"platform": "board"}}'::jsonb))
     FROM (SELECT pg_catalog.generate_series(-3, 17) UNION ALL SELECT pg_catalog.generate_series(100, 104)
           UNION ALL SELECT 200) g(k)))) IS NOT NULL AS submitted;
SELECT count(*) AS tests, count(*) FILTER (WHERE start_time > pg_catalog.now()) AS ahead
FROM ciprov.test_history('boot', 'board', 'defconfig', 'recent', 'main', 'infinity', 100);
SELECT count(*) AS checked, count(*) FILTER (WHERE NOT pg_temp.history_agrees('recent', 'main', b, n)) AS different
FROM (SELECT pg_catalog.now() + d * interval '13 hours' FROM pg_catalog.generate_series(-140, 4) d
      UNION ALL VALUES (timestamptz 'infinity'), ('-infinity')) bs(b),
     (VALUES (1), (2), (3), (7), (20), (100)) v(n);
DELETE FROM ciprov.tests WHERE origin = 'recent';
DELETE FROM ciprov.builds WHERE origin = 'recent';
DELETE FROM ciprov.checkouts WHERE origin = 'recent';
SELECT count(*) AS differences FROM ciprov.rollup_check();
-- Paths around the one asked for, in one row: test_history stops reading
-- a row's tests at the first later path (they are in ciprov.testpath
-- order, which is not bytewise: boot.child sorts before boot-a). Each
-- path's history, from rows that hold every path, answers as the raw
-- query does.
SELECT ciprov.kcidb_submit(pg_catalog.jsonb_build_object('version', '{"major": 5, "minor": 3}'::jsonb,
  'checkouts', '[{"id": "paths:c1", "origin": "paths", "tree_name": "paths", "git_repository_branch": "main"}]'::jsonb,
  'builds', '[{"id": "paths:b1", "origin": "paths", "checkout_id": "paths:c1", "config_name": "defconfig"},
              {"id": "paths:b2", "origin": "paths", "checkout_id": "paths:c1", "config_name": "defconfig"}]'::jsonb,
  'tests', (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'id', 'paths:t' || b || ':' || p.i || ':' || k, 'origin', 'paths', 'build_id', 'paths:b' || b, 'path', p.path,
        'status', 'PASS',
        'start_time', pg_catalog.to_char(timestamptz '2026-05-01' + b * interval '1 day' + k * interval '1 hour',
                                         'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'environment', '{"misc": {"platform": "board"}}'::jsonb)))
     FROM (VALUES (1, 'a'), (2, 'boot'), (3, 'boot.child'), (4, 'boot.child.x'), (5, 'boot-a'), (6, 'boot0'),
                  (7, 'bootx'), (8, 'zz'), (9, NULL)) p(i, path),
          pg_catalog.generate_series(1, 2) b, pg_catalog.generate_series(0, 2) k))) IS NOT NULL AS submitted;
SELECT path, pg_catalog.count(*) AS tests, pg_catalog.count(DISTINCT build_id) AS rows
FROM ciprov.rollup_run_tests WHERE build_id LIKE 'paths:%' GROUP BY path ORDER BY path;
SELECT p AS path, n,
       (SELECT pg_catalog.count(*) FROM ciprov.test_history(p, 'board', 'defconfig', 'paths', 'main', 'infinity', n)) AS found,
       NOT EXISTS ((SELECT * FROM ciprov.test_history(p, 'board', 'defconfig', 'paths', 'main', 'infinity', n)
                    EXCEPT ALL SELECT * FROM pg_temp.raw_history(p, 'board', 'defconfig', 'paths', 'main', 'infinity', n))
                   UNION ALL
                   (SELECT * FROM pg_temp.raw_history(p, 'board', 'defconfig', 'paths', 'main', 'infinity', n)
                    EXCEPT ALL SELECT * FROM ciprov.test_history(p, 'board', 'defconfig', 'paths', 'main', 'infinity', n))) AS agrees
FROM unnest('{a,boot,boot.child,boot.child.x,boot-a,boot0,bootx,zz,boot.other,b}'::ciprov.testpath[]) p,
     (VALUES (2), (4), (100)) v(n)
ORDER BY p, n;
DELETE FROM ciprov.tests WHERE origin = 'paths';
DELETE FROM ciprov.builds WHERE origin = 'paths';
DELETE FROM ciprov.checkouts WHERE origin = 'paths';
SELECT count(*) AS differences FROM ciprov.rollup_check();
-- A series key shared by another series (as a hash collision would) mixes
-- nothing in: the rows' own columns are compared. rollup_check sees it.
UPDATE ciprov.rollup_runs SET series = ciprov.rollup_series('hist', 'main', 'defconfig', 'board') WHERE platform = 'other-board';
SELECT count(*) FROM ciprov.test_history('boot', 'board', 'defconfig', 'hist', 'main', 'infinity', 100);
SELECT rollup, count(*) FROM ciprov.rollup_check() GROUP BY 1;
SELECT ciprov.rollup_rebuild();
SELECT count(*) AS differences FROM ciprov.rollup_check();
-- test_history remembers where its columns are (per backend) and checks
-- them by name on each call: a column renamed away and added again (now
-- at the end of the row) is found there, and again at its place after the
-- rollback.
SELECT pg_catalog.count(DISTINCT git_commit_hash) FROM ciprov.test_history('boot', 'board', 'defconfig', 'hist', 'main', 'infinity', 5);
BEGIN;
ALTER TABLE ciprov.rollup_runs RENAME COLUMN git_commit_hash TO old_commit;
ALTER TABLE ciprov.rollup_runs ADD COLUMN git_commit_hash pg_catalog.text;
UPDATE ciprov.rollup_runs SET git_commit_hash = 'moved';
SELECT git_commit_hash, pg_catalog.count(*) FROM ciprov.test_history('boot', 'board', 'defconfig', 'hist', 'main', 'infinity', 5) GROUP BY 1;
ROLLBACK;
SELECT pg_catalog.count(DISTINCT git_commit_hash), pg_catalog.bool_and(git_commit_hash <> 'moved') FROM ciprov.test_history('boot', 'board', 'defconfig', 'hist', 'main', 'infinity', 5);
-- Bad input: a negative n.
SELECT * FROM ciprov.test_history('boot', 'board', 'defconfig', 'hist', 'main', 'infinity', -1);
\echo :LAST_ERROR_SQLSTATE

-- tree_compare on two generated revisions of 24 builds each (3 configs x 2
-- architectures, so four builds share a key's config and architecture),
-- 30 tests a build over 8 paths (so a key is tested several times and the
-- latest counts), statuses from a hash of the id, some tests without a
-- start time or a path: the same rows as the raw definition.
SELECT ciprov.kcidb_submit(pg_catalog.jsonb_build_object('version', '{"major": 5, "minor": 3}'::jsonb,
  'checkouts', (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', id, 'origin', origin,
                                                                        'git_commit_hash', pg_catalog.repeat(c, 40)))
                FROM (VALUES ('cmp:a', 'cmp', 'a'), ('cmp:b', 'cmp', 'b'), ('cmp:b2', 'cmp', 'b'), ('other:b', 'other', 'b')) v(id, origin, c)),
  'builds', (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', 'cmp:' || r || j, 'origin', 'cmp',
        'checkout_id', CASE WHEN r = 'a' THEN 'cmp:a' WHEN j % 5 = 0 THEN 'cmp:b2' ELSE 'cmp:b' END,
        'config_name', (ARRAY['defconfig', 'allmodconfig', 'tinyconfig'])[1 + j % 3],
        'architecture', (ARRAY['x86_64', 'arm64'])[1 + j % 2], 'status', 'PASS'))
     FROM unnest(ARRAY['a', 'b']) r, pg_catalog.generate_series(1, 24) j),
  'tests', (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'id', 'cmp:' || r || j || ':' || k, 'origin', 'cmp', 'build_id', 'cmp:' || r || j,
        'path', CASE WHEN k = 29 THEN NULL ELSE (ARRAY['boot', 'boot.login', 'ltp.a', 'ltp.b', 'kunit', 'kunit.x', 'baseline', 'ltp'])[1 + k % 8] END,
        'status', (ARRAY['PASS', 'PASS', 'FAIL', 'SKIP', 'ERROR', NULL])[1 + ('x' || pg_catalog.substr(pg_catalog.md5(r || j || ':' || k), 1, 4))::bit(16)::int % 6],
        'start_time', CASE WHEN k % 7 = 6 THEN NULL
                           ELSE pg_catalog.to_char(timestamptz '2026-04-01' + (j % 4) * interval '1 hour' + (k % 3) * interval '1 minute',
                                                   'YYYY-MM-DD"T"HH24:MI:SS"Z"') END,
        'environment', pg_catalog.jsonb_build_object('misc', pg_catalog.jsonb_build_object('platform', 'board-' || (k % 3))))))
     FROM unnest(ARRAY['a', 'b']) r, pg_catalog.generate_series(1, 24) j, pg_catalog.generate_series(0, 29) k))) IS NOT NULL AS submitted;
SELECT count(*) AS rows, count(*) FILTER (WHERE path IS NULL) AS without_path,
       count(DISTINCT change) AS labels FROM ciprov.tree_compare(repeat('a', 40), repeat('b', 40), 'cmp');
SELECT count(*) AS different FROM (
  (SELECT * FROM ciprov.tree_compare(repeat('a', 40), repeat('b', 40), 'cmp') EXCEPT ALL SELECT * FROM pg_temp.raw_compare(repeat('a', 40), repeat('b', 40), 'cmp'))
  UNION ALL
  (SELECT * FROM pg_temp.raw_compare(repeat('a', 40), repeat('b', 40), 'cmp') EXCEPT ALL SELECT * FROM ciprov.tree_compare(repeat('a', 40), repeat('b', 40), 'cmp'))) d;
SELECT count(*) AS different FROM (
  (SELECT * FROM ciprov.tree_compare(repeat('b', 40), repeat('a', 40), 'cmp') EXCEPT ALL SELECT * FROM pg_temp.raw_compare(repeat('b', 40), repeat('a', 40), 'cmp'))
  UNION ALL
  (SELECT * FROM pg_temp.raw_compare(repeat('b', 40), repeat('a', 40), 'cmp') EXCEPT ALL SELECT * FROM ciprov.tree_compare(repeat('b', 40), repeat('a', 40), 'cmp'))) d;
-- its order: path (ciprov.testpath order), config, architecture, platform
SELECT path, config_name, architecture, platform, status_a, status_b, change
FROM ciprov.tree_compare(repeat('a', 40), repeat('b', 40), 'cmp') WHERE config_name = 'tinyconfig' AND architecture = 'arm64' LIMIT 8;
-- a revision compared with itself: only what fails in both
SELECT change, count(*) FROM ciprov.tree_compare(repeat('b', 40), repeat('b', 40), 'cmp') GROUP BY 1;
SELECT count(*) FROM ciprov.tree_compare(repeat('a', 40), repeat('c', 40), 'cmp');
SELECT count(*) FROM ciprov.rollup_compare('{}', '{cmp:a}');
SELECT count(*) AS differences FROM ciprov.rollup_check();

-- The packed values by hand: rows of one value are summed by rollup_pack,
-- cells that cancel leave no row, and rollup_unpack reads them back.
SELECT value, build_null, boot_fail, test_pass
FROM ciprov.rollup_unpack((
  SELECT ciprov.rollup_pack(r) FROM (VALUES
    (pg_catalog.jsonb_populate_record(NULL::ciprov.rollup_counts, '{"value": "x", "test_pass": 2, "boot_fail": 1}')),
    (pg_catalog.jsonb_populate_record(NULL::ciprov.rollup_counts, '{"value": "x", "test_pass": 3}')),
    (pg_catalog.jsonb_populate_record(NULL::ciprov.rollup_counts, '{"build_null": 1}'))) v(r))) u;
SELECT count(*) FROM ciprov.rollup_unpack(ciprov.rollup_add(
  (SELECT ciprov.rollup_pack(pg_catalog.jsonb_populate_record(NULL::ciprov.rollup_counts, '{"value": "y", "test_skip": 4}'))),
  (SELECT ciprov.rollup_pack(pg_catalog.jsonb_populate_record(NULL::ciprov.rollup_counts, '{"value": "y", "test_skip": -4}')))));
SELECT * FROM ciprov.rollup_unpack_tests((SELECT ciprov.rollup_pack_tests(id, path, status, start_time, environment_compatible)
                                          FROM ciprov.tests WHERE build_id = 'demo:b11'));
SELECT ciprov.rollup_day('2000-01-01 00:00+00'), ciprov.rollup_day('1999-12-31 23:59:59.999999+00'),
       ciprov.rollup_day('2026-01-01 23:59+00'), ciprov.rollup_day('infinity');
SELECT ciprov.rollup_series('mainline', 'master', 'defconfig', 'qemu'), ciprov.rollup_series('', '', '', ''),
       ciprov.rollup_series(NULL, 'master', 'defconfig', 'qemu');
-- Bad input: damaged packed values, a test without an id.
SELECT * FROM ciprov.rollup_unpack('\x02');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM ciprov.rollup_unpack('\x010100');
SELECT * FROM ciprov.rollup_unpack('\x01010002');
SELECT * FROM ciprov.rollup_unpack('\x0101000100');
SELECT ciprov.rollup_add('\x0100', '\x01');
SELECT * FROM ciprov.rollup_unpack_tests('\x0101027431');
SELECT * FROM ciprov.rollup_unpack_tests('\x010102743105');
SELECT * FROM ciprov.rollup_unpack_tests('\x01010274310009');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.rollup_pack_tests(NULL, 'boot', 'PASS', NULL, NULL);
\echo :LAST_ERROR_SQLSTATE

-- Writes that bypassed kcidb_submit were folded in at their commit: no
-- marker row is left behind.
SELECT count(*) AS markers FROM ciprov.rollup_marker;

-- The flush writes the rollup tables without statements, checking the
-- submitter's privileges as the statements would: without INSERT on
-- ciprov.rollup_runs a submission with a new test run is refused whole.
CREATE ROLE rollup_writer;
GRANT USAGE ON SCHEMA ciprov TO rollup_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ciprov TO rollup_writer;
REVOKE INSERT ON ciprov.rollup_runs FROM rollup_writer;
\set doc '{"version": {"major": 5, "minor": 3}, "builds": [{"id": "demo:b95", "origin": "demo", "checkout_id": "demo:c9", "config_name": "defconfig", "architecture": "x86_64", "status": "PASS"}], "tests": [{"id": "demo:t95", "origin": "demo", "build_id": "demo:b95", "path": "boot", "status": "PASS", "start_time": "2026-01-04T11:00:00Z", "environment": {"misc": {"platform": "qemu-x86"}}}]}'
SET ROLE rollup_writer;
SELECT ciprov.kcidb_submit(:'doc') IS NOT NULL AS submitted;
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SELECT count(*) AS tests_kept FROM ciprov.tests WHERE id = 'demo:t95';
GRANT INSERT ON ciprov.rollup_runs TO rollup_writer;
SET ROLE rollup_writer;
SELECT ciprov.kcidb_submit(:'doc') IS NOT NULL AS submitted;
RESET ROLE;
SELECT build_id, platform, test_id, status FROM ciprov.rollup_run_tests WHERE build_id = 'demo:b95';
DROP OWNED BY rollup_writer;
DROP ROLE rollup_writer;
-- A trigger on a rollup table would not fire for the flush's writes: it
-- refuses to write the table rather than bypass it.
CREATE FUNCTION pg_temp.rollup_runs_noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER rollup_runs_noop BEFORE INSERT ON ciprov.rollup_runs FOR EACH ROW EXECUTE FUNCTION pg_temp.rollup_runs_noop();
SELECT ciprov.kcidb_submit('{"version": {"major": 5, "minor": 3}, "tests": [{"id": "demo:t96", "origin": "demo", "build_id": "demo:b95", "path": "boot", "status": "FAIL", "start_time": "2026-01-05T11:00:00Z"}]}') IS NOT NULL AS submitted;
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER rollup_runs_noop ON ciprov.rollup_runs;
SELECT count(*) AS tests_kept FROM ciprov.tests WHERE id = 'demo:t96';
SELECT count(*) AS differences FROM ciprov.rollup_check();
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;
