-- Hardware and platform of kcidb tests: ciprov.platform, ciprov.runs_on,
-- ciprov.hardware_keys, and the indexes that serve the dashboard's queries.
\set SHOW_CONTEXT never

-- platform: misc.platform when present, else compatible[1]
SELECT label, ciprov.platform(misc, compat) AS platform
FROM (VALUES
  ('misc wins',        '{"platform": "rk3399-rock-pi-4b"}'::jsonb, '{"radxa,rock-pi-4b","rockchip,rk3399"}'::text[]),
  ('no misc platform', '{"arch": "arm64"}', '{"radxa,rock-pi-4b","rockchip,rk3399"}'),
  ('misc NULL',        NULL, '{qemu}'),
  ('JSON null',        '{"platform": null}', '{beaglebone-black}'),
  ('both absent',      '{}', NULL),
  ('empty array',      '{}', '{}'),
  ('first is NULL',    '{}', '{NULL,x86}'),
  ('number',           '{"platform": 42.50}', NULL),
  ('boolean',          '{"platform": true}', NULL),
  ('object',           '{"platform": {"a": [1, "b"]}}', NULL),
  ('misc not object',  '["platform"]', '{x86}'),
  ('unicode',          '{"platform": "m\u00e9son\\tx"}', NULL)
) AS t(label, misc, compat);

-- the same as the dashboard's expression COALESCE(misc->>'platform', compatible[1])
SELECT bool_and(ciprov.platform(misc, compat) IS NOT DISTINCT FROM COALESCE(misc->>'platform', compat[1])) AS agrees
FROM (VALUES ('{"platform": "a"}'::jsonb, '{b,c}'::text[]), ('{}', '{b,c}'), (NULL, NULL),
             ('{"platform": null}', '{z}'), ('{"platform": 1e3}', NULL), ('{"platform": [1,2]}', '{}'),
             ('{"platform": false}', '{q}'), ('"scalar"', '{s}')) AS t(misc, compat);

-- runs_on: platform or any compatible string
SELECT hw, ciprov.runs_on('{"platform": "rk3399-rock-pi-4b"}', '{"radxa,rock-pi-4b","rockchip,rk3399"}', hw) AS runs_on
FROM unnest(ARRAY['rk3399-rock-pi-4b', 'rockchip,rk3399', 'radxa,rock-pi-4b', 'rk3399', '', NULL]) AS hw;
SELECT ciprov.runs_on(NULL, NULL, 'x') AS nothing_known,
       ciprov.runs_on('{"platform": null}', '{x}', 'x') AS compat_only,
       ciprov.runs_on('{"platform": "x"}', NULL, 'x') AS misc_only;

-- hardware_keys: every name the test answers to, once each
SELECT ciprov.hardware_keys('{"platform": "qemu-x86"}', '{qemu,x86,qemu}') AS keys,
       ciprov.hardware_keys('{"platform": "x86"}', '{qemu,x86}') AS dedup,
       ciprov.hardware_keys(NULL, NULL) AS none,
       ciprov.hardware_keys('{}', '{NULL,a}') AS skips_null;

-- A scratch table shaped like ciprov.tests' environment columns
CREATE TABLE hw_tests (
  id pg_catalog.text PRIMARY KEY,
  path ciprov.testpath,
  environment_misc pg_catalog.jsonb,
  environment_compatible pg_catalog.text[]
);
INSERT INTO hw_tests
SELECT 'o:' || i,
       (ARRAY['boot', 'ltp.sem01', 'kselftest.net', 'baseline.dmesg.crit'])[1 + i % 4],
       CASE WHEN i % 100 = 0 THEN '{"arch": "arm64"}'::jsonb
            ELSE pg_catalog.jsonb_build_object('platform', 'board-' || (i % 50), 'job_id', i) END,
       ARRAY['vendor,board-' || (i % 50), 'soc-' || (i % 7)]
FROM generate_series(1, 5000) AS i;
CREATE INDEX hw_tests_platform ON hw_tests (ciprov.platform(environment_misc, environment_compatible));
CREATE INDEX hw_tests_keys ON hw_tests USING gin (ciprov.hardware_keys(environment_misc, environment_compatible));
CREATE INDEX hw_tests_compat ON hw_tests USING gin (environment_compatible);
CREATE INDEX hw_tests_misc_platform ON hw_tests ((environment_misc->>'platform'));
ANALYZE hw_tests;

-- By platform: btree expression index
EXPLAIN (COSTS OFF)
SELECT id FROM hw_tests WHERE ciprov.platform(environment_misc, environment_compatible) = 'board-7';
SELECT count(*) AS board_7 FROM hw_tests WHERE ciprov.platform(environment_misc, environment_compatible) = 'board-7';
-- tests without misc.platform fall back to compatible[1]
SELECT count(*) AS via_compatible FROM hw_tests WHERE ciprov.platform(environment_misc, environment_compatible) = 'vendor,board-0';

-- By runs_on: the support function rewrites it for the GIN index
EXPLAIN (COSTS OFF)
SELECT id FROM hw_tests WHERE ciprov.runs_on(environment_misc, environment_compatible, 'soc-3');
SELECT count(*) AS soc_3 FROM hw_tests WHERE ciprov.runs_on(environment_misc, environment_compatible, 'soc-3');
SELECT count(*) AS board_7_any FROM hw_tests WHERE ciprov.runs_on(environment_misc, environment_compatible, 'board-7');
-- a parameter works too (generic plan)
PREPARE by_hw(pg_catalog.text) AS
  SELECT count(*) FROM hw_tests WHERE ciprov.runs_on(environment_misc, environment_compatible, $1);
SET plan_cache_mode = force_generic_plan;
EXPLAIN (COSTS OFF) EXECUTE by_hw('soc-3');
EXECUTE by_hw('soc-3');
EXECUTE by_hw(NULL);
RESET plan_cache_mode;

-- The dashboard's literal predicate: a BitmapOr of the GIN index on
-- environment_compatible and the btree index on misc->>'platform'
EXPLAIN (COSTS OFF)
SELECT id FROM hw_tests
WHERE environment_compatible @> ARRAY['board-7'] OR environment_misc->>'platform' = 'board-7';
SELECT count(*) AS dashboard_board_7 FROM hw_tests
WHERE environment_compatible @> ARRAY['board-7'] OR environment_misc->>'platform' = 'board-7';

-- All three agree with a plain scan
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SELECT hw,
       count(*) FILTER (WHERE ciprov.runs_on(environment_misc, environment_compatible, hw)) AS runs_on,
       count(*) FILTER (WHERE environment_compatible @> ARRAY[hw] OR environment_misc->>'platform' = hw) AS dashboard,
       count(*) FILTER (WHERE ciprov.platform(environment_misc, environment_compatible) = hw) AS platform
FROM hw_tests, unnest(ARRAY['board-7', 'soc-3', 'vendor,board-0', 'none']) AS hw
GROUP BY hw ORDER BY hw;
RESET enable_indexscan;
RESET enable_bitmapscan;

-- Combined with a test-path subtree
CREATE INDEX hw_tests_path ON hw_tests (path);
EXPLAIN (COSTS OFF)
SELECT id FROM hw_tests
WHERE ciprov.runs_on(environment_misc, environment_compatible, 'board-7')
  AND path OPERATOR(ciprov.<@) 'ltp';
SELECT count(*) AS ltp_on_board_7 FROM hw_tests
WHERE ciprov.runs_on(environment_misc, environment_compatible, 'board-7')
  AND path OPERATOR(ciprov.<@) 'ltp';
DROP TABLE hw_tests;

-- The same queries on ciprov.tests run on the extension's indexes
-- (src/sql/48_kcidb_platform_indexes.sql)
SET enable_seqscan = off;
EXPLAIN (COSTS OFF)
SELECT id FROM ciprov.tests WHERE ciprov.platform(environment_misc, environment_compatible) = 'bcm2711-rpi-4-b';
EXPLAIN (COSTS OFF)
SELECT id FROM ciprov.tests WHERE ciprov.runs_on(environment_misc, environment_compatible, 'bcm2711-rpi-4-b');
EXPLAIN (COSTS OFF)
SELECT id FROM ciprov.tests
WHERE environment_compatible @> ARRAY['bcm2711-rpi-4-b'] OR environment_misc->>'platform' = 'bcm2711-rpi-4-b';
EXPLAIN (COSTS OFF)
SELECT id FROM ciprov.tests WHERE path OPERATOR(ciprov.<@) 'boot';
RESET enable_seqscan;
