-- ciprov demo: kcidb statuses, test paths, and tests by hardware.
\pset footer off
\set QUIET on
SET search_path = ciprov, public;
\set QUIET off

\echo
\echo '== ciprov.status: min() is the summary status of a group =='
SELECT g AS build, min(s) AS summary, pg_catalog.array_agg(s ORDER BY s) AS statuses
FROM (VALUES ('b1', 'PASS'::ciprov.status), ('b1', 'SKIP'), ('b1', 'FAIL'),
             ('b2', 'PASS'), ('b2', 'DONE'), ('b3', NULL)) AS t(g, s)
GROUP BY g ORDER BY g;

\echo '== ciprov.testpath: kcidb v5 paths, validated with the position of the problem =='
\set ON_ERROR_STOP off
SELECT 'ltp.sem01..x'::ciprov.testpath;
\set ON_ERROR_STOP on
SELECT p AS path, ciprov.nlevel(p) AS nlevel, ciprov.parent(p) AS parent,
       ciprov.path_group(p) AS path_group, ciprov.subpath(p, -1) AS leaf
FROM pg_catalog.unnest(ARRAY['boot', 'ltp.sem01', 'rt-tests.svsematest.svsematest']::ciprov.testpath[]) AS p;

\echo '== the order keeps every subtree together (text order would not) =='
SELECT p AS testpath_order
FROM pg_catalog.unnest(ARRAY['boot-x', 'boot.login', 'boot', 'boot.nfs.root', 'bootrr']::ciprov.testpath[]) AS p
ORDER BY p;

\echo '== tests by hardware and subtree, on indexes =='
\set QUIET on
CREATE TEMP TABLE demo_tests (id text, path ciprov.testpath, status ciprov.status,
                              environment_misc jsonb, environment_compatible text[]);
INSERT INTO demo_tests
SELECT 'demo:' || i,
       (ARRAY['boot', 'boot.nfs', 'ltp.sem01', 'kselftest.net.ping', 'baseline.dmesg.crit'])[1 + i % 5]::ciprov.testpath,
       (ARRAY['PASS', 'FAIL', 'PASS', 'SKIP'])[1 + i % 4]::ciprov.status,
       CASE WHEN i % 10 = 0 THEN '{}'::jsonb
            ELSE pg_catalog.jsonb_build_object('platform', (ARRAY['bcm2711-rpi-4-b', 'qemu-x86', 'rk3399-rock-pi-4b'])[1 + i % 3]) END,
       CASE i % 3 WHEN 0 THEN ARRAY['raspberrypi,4-model-b', 'brcm,bcm2711']
                  WHEN 1 THEN ARRAY['qemu,x86']
                  ELSE ARRAY['radxa,rock-pi-4b', 'rockchip,rk3399'] END
FROM pg_catalog.generate_series(1, 20000) AS i;
CREATE INDEX ON demo_tests (path);
CREATE INDEX ON demo_tests USING gin (ciprov.hardware_keys(environment_misc, environment_compatible));
ANALYZE demo_tests;
\set QUIET off

SELECT ciprov.platform(environment_misc, environment_compatible) AS platform, pg_catalog.count(*) AS tests,
       min(status) AS summary
FROM demo_tests GROUP BY 1 ORDER BY 1;

EXPLAIN (COSTS OFF)
SELECT path, min(status) FROM demo_tests
WHERE ciprov.runs_on(environment_misc, environment_compatible, 'rockchip,rk3399') AND path <@ 'boot'
GROUP BY path;
SELECT path, pg_catalog.count(*) AS tests, min(status) AS summary FROM demo_tests
WHERE ciprov.runs_on(environment_misc, environment_compatible, 'rockchip,rk3399') AND path <@ 'boot'
GROUP BY path ORDER BY path;
