-- Rollups of the kcidb tables for the KernelCI dashboard's pages (issue 5),
-- kept exact by the extension in the writing transaction (see
-- docs/rollup.md). The state:
--   rollup_builds     the build attributes the rollups currently count each
--                     build under (one row per build id seen, the "anchor";
--                     its row lock serializes every change of the build)
--   rollup_checkouts  the same for checkouts: the attributes their builds'
--                     test runs carry; every flush locks the anchors of the
--                     checkouts it touches, after the build anchors
--   rollup_packed     counters: one row per (checkout, rollup) holding the
--                     counter rows of every value, packed (core/rollup_packed.h);
--                     read as rows through the view rollup_counts
--   rollup_runs       the tests as the rollups see them, one row per (build,
--                     platform, UTC day) with its tests packed
--                     (core/rollup_runs.h): test history, tree compare, and
--                     the flush's knowledge of a build's tests
--   rollup_latest     per (checkout, architecture, config), the latest test
--                     of each (platform, path), packed (core/rollup_latest.h):
--                     tree compare; recomputed from the group's runs
-- What a transaction changed and has not folded in yet is kept in backend
-- memory (src/pg/rollup_flush.cpp); rollup_marker holds one row per
-- transaction that must flush at commit. None is dumped: ciprov.rollup_rebuild()
-- recomputes all from the kcidb tables, and a restore's COPY rebuilds them.
CREATE TABLE ciprov.rollup_builds (
  build_id pg_catalog.text PRIMARY KEY,
  known pg_catalog.bool NOT NULL DEFAULT false,
  checkout_id pg_catalog.text,
  architecture pg_catalog.text,
  config_name pg_catalog.text,
  compiler pg_catalog.text,
  status ciprov.status
) WITH (fillfactor = 70);  -- (anchor updates stay HOT)
COMMENT ON TABLE ciprov.rollup_builds IS
  'Rollup anchor per build id: the build attributes under which the rollups count it (known: the build row exists); locked by every flush that touches the build';
COMMENT ON COLUMN ciprov.rollup_builds.build_id IS 'Build id (also ids of builds not submitted yet, named by their tests)';
COMMENT ON COLUMN ciprov.rollup_builds.known IS 'True once ciprov.builds has the row; only known builds and their tests are counted';
COMMENT ON COLUMN ciprov.rollup_builds.checkout_id IS 'The build''s checkout';
COMMENT ON COLUMN ciprov.rollup_builds.architecture IS 'The build''s architecture';
COMMENT ON COLUMN ciprov.rollup_builds.config_name IS 'The build''s configuration name';
COMMENT ON COLUMN ciprov.rollup_builds.compiler IS 'The build''s compiler';
COMMENT ON COLUMN ciprov.rollup_builds.status IS 'The build''s status';

CREATE TABLE ciprov.rollup_checkouts (
  checkout_id pg_catalog.text PRIMARY KEY,
  known pg_catalog.bool NOT NULL DEFAULT false,
  tree_name pg_catalog.text,
  git_repository_branch pg_catalog.text,
  git_commit_hash pg_catalog.text
) WITH (fillfactor = 70);
COMMENT ON TABLE ciprov.rollup_checkouts IS
  'Rollup anchor per checkout id: the checkout attributes its builds'' test runs carry (known: the checkout row exists); locked by every flush that touches one of its builds';
COMMENT ON COLUMN ciprov.rollup_checkouts.checkout_id IS 'Checkout id (also ids of checkouts not submitted yet, named by their builds)';
COMMENT ON COLUMN ciprov.rollup_checkouts.known IS 'True once ciprov.checkouts has the row';
COMMENT ON COLUMN ciprov.rollup_checkouts.tree_name IS 'The checkout''s tree name';
COMMENT ON COLUMN ciprov.rollup_checkouts.git_repository_branch IS 'The checkout''s branch';
COMMENT ON COLUMN ciprov.rollup_checkouts.git_commit_hash IS 'The checkout''s commit hash';

-- rollup  value
--   L     NULL          the checkout's builds, boots and tests (tree listing)
--   p     platform      per test platform (NULL: tests without one): boots,
--                       tests, and builds (distinct builds with a test on a
--                       non-NULL platform) (hardware listing, tree details)
--   C     platform US compatible (US = E'\x1f'): boots and tests per
--                       compatible string of a platform (hardware listing)
--   g     path group    boots and tests (tree details)
--   a f m architecture, config name, compiler: builds, boots, tests (tree
--                       details)
-- A boot is a test at or under path boot, every other test is a test.
-- Each counter row has 21 cells, kind (build, boot, test) x status (FAIL ..
-- SKIP, NULL: not finished).
CREATE TABLE ciprov.rollup_packed (
  checkout_id pg_catalog.text NOT NULL,
  rollup "char" NOT NULL,
  packed pg_catalog.bytea NOT NULL,
  PRIMARY KEY (checkout_id, rollup)
) WITH (fillfactor = 50, toast_tuple_target = 8160);  -- (sets up to 8 kB stay inline, uncompressed)
COMMENT ON TABLE ciprov.rollup_packed IS
  'Rollup counters: one row per (checkout, rollup) packing the counter rows of all its values (read them through ciprov.rollup_counts); rollups L (whole checkout), p (platform), C (platform and compatible string), g (path group), a (architecture), f (config), m (compiler)';
COMMENT ON COLUMN ciprov.rollup_packed.checkout_id IS 'The checkout counted';
COMMENT ON COLUMN ciprov.rollup_packed.rollup IS 'Which rollup: L listing, p platform, C compatibles, g path group, a architecture, f config, m compiler';
COMMENT ON COLUMN ciprov.rollup_packed.packed IS 'The counter rows of every value of the rollup, packed (format version byte first; see docs/rollup.md)';
COMMENT ON INDEX ciprov.rollup_packed_pkey IS 'One packed row per (checkout, rollup); its order is the lock order of flushes';

CREATE FUNCTION ciprov.rollup_unpack(packed pg_catalog.bytea)
RETURNS TABLE (value pg_catalog.text,
  build_fail pg_catalog.int4, build_error pg_catalog.int4, build_miss pg_catalog.int4, build_pass pg_catalog.int4,
  build_done pg_catalog.int4, build_skip pg_catalog.int4, build_null pg_catalog.int4,
  boot_fail pg_catalog.int4, boot_error pg_catalog.int4, boot_miss pg_catalog.int4, boot_pass pg_catalog.int4,
  boot_done pg_catalog.int4, boot_skip pg_catalog.int4, boot_null pg_catalog.int4,
  test_fail pg_catalog.int4, test_error pg_catalog.int4, test_miss pg_catalog.int4, test_pass pg_catalog.int4,
  test_done pg_catalog.int4, test_skip pg_catalog.int4, test_null pg_catalog.int4)
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20
AS 'MODULE_PATHNAME', 'ciprov_rollup_unpack';
COMMENT ON FUNCTION ciprov.rollup_unpack(pg_catalog.bytea) IS
  'The counter rows of a packed counter set (ciprov.rollup_packed.packed), one per value in value order (NULL first, then bytes): value and 21 cells build_fail .. test_null';

CREATE VIEW ciprov.rollup_counts AS
SELECT p.checkout_id, p.rollup, u.*
FROM ciprov.rollup_packed p CROSS JOIN LATERAL ciprov.rollup_unpack(p.packed) u;
COMMENT ON VIEW ciprov.rollup_counts IS
  'The rollup counters one row per (checkout_id, rollup, value) with a column per kind (build, boot, test) and status: build_fail .. build_null, boot_fail .. boot_null, test_fail .. test_null (_null: not finished); the row type the readers sum';

CREATE FUNCTION ciprov.rollup_add(a pg_catalog.bytea, b pg_catalog.bytea)
RETURNS pg_catalog.bytea
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_add';
COMMENT ON FUNCTION ciprov.rollup_add(pg_catalog.bytea, pg_catalog.bytea) IS
  'The sum of two packed counter sets, value by value (values whose cells sum to zero are left out): how a flush moves the counters';

CREATE FUNCTION ciprov.rollup_pack_step(state pg_catalog.internal, c ciprov.rollup_counts)
RETURNS pg_catalog.internal
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_pack_step';
COMMENT ON FUNCTION ciprov.rollup_pack_step(pg_catalog.internal, ciprov.rollup_counts) IS
  'Transition function of ciprov.rollup_pack';
CREATE FUNCTION ciprov.rollup_pack_final(state pg_catalog.internal)
RETURNS pg_catalog.bytea
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_pack_final';
COMMENT ON FUNCTION ciprov.rollup_pack_final(pg_catalog.internal) IS
  'Final function of ciprov.rollup_pack';
CREATE AGGREGATE ciprov.rollup_pack(ciprov.rollup_counts) (
  SFUNC = ciprov.rollup_pack_step, STYPE = pg_catalog.internal, FINALFUNC = ciprov.rollup_pack_final
);
COMMENT ON AGGREGATE ciprov.rollup_pack(ciprov.rollup_counts) IS
  'Packs counter rows (their value and cells; rows of one value are summed) into one packed counter set';

-- Test runs. series = ciprov.rollup_series(tree, branch, config, platform):
-- the rows of one test history series, found by (series, max_start) newest
-- first (a row's tests start within its day, so a row visited in that
-- order holds nothing newer than its max_start).
CREATE TABLE ciprov.rollup_runs (
  series pg_catalog.int8,
  max_start pg_catalog.timestamptz,
  day pg_catalog.int4,
  build_id pg_catalog.text NOT NULL,
  platform pg_catalog.text,
  checkout_id pg_catalog.text,
  architecture pg_catalog.text,
  config_name pg_catalog.text,
  tree_name pg_catalog.text,
  git_repository_branch pg_catalog.text,
  git_commit_hash pg_catalog.text,
  tests pg_catalog.bytea NOT NULL,
  CONSTRAINT rollup_runs_key UNIQUE NULLS NOT DISTINCT (checkout_id, build_id, platform, day)
) WITH (fillfactor = 70, toast_tuple_target = 8160);
COMMENT ON TABLE ciprov.rollup_runs IS
  'The tests as the rollups see them: one row per (build, platform, UTC day of start time) with those tests packed, and the build''s and checkout''s attributes as counted (read them through ciprov.rollup_run_tests)';
COMMENT ON COLUMN ciprov.rollup_runs.series IS 'ciprov.rollup_series(tree_name, git_repository_branch, config_name, platform); NULL when one is unknown';
COMMENT ON COLUMN ciprov.rollup_runs.max_start IS 'The latest start time of the row''s tests (NULL: tests without a start time)';
COMMENT ON COLUMN ciprov.rollup_runs.day IS 'ciprov.rollup_day(start_time) of the row''s tests (NULL: tests without a start time)';
COMMENT ON COLUMN ciprov.rollup_runs.build_id IS 'The tests'' build';
COMMENT ON COLUMN ciprov.rollup_runs.platform IS 'The tests'' ciprov.platform (NULL: tests without one)';
COMMENT ON COLUMN ciprov.rollup_runs.checkout_id IS 'The build''s checkout (NULL while the build is not known)';
COMMENT ON COLUMN ciprov.rollup_runs.architecture IS 'The build''s architecture';
COMMENT ON COLUMN ciprov.rollup_runs.config_name IS 'The build''s configuration name';
COMMENT ON COLUMN ciprov.rollup_runs.tree_name IS 'The checkout''s tree name (NULL while the checkout is not known)';
COMMENT ON COLUMN ciprov.rollup_runs.git_repository_branch IS 'The checkout''s branch';
COMMENT ON COLUMN ciprov.rollup_runs.git_commit_hash IS 'The checkout''s commit hash';
COMMENT ON COLUMN ciprov.rollup_runs.tests IS 'The tests packed: id, path, status, start time, compatible strings (format version byte first; see docs/rollup.md)';
COMMENT ON INDEX ciprov.rollup_runs_key IS 'One row per (build, platform, day), under the build''s checkout: the runs of a build, and of a checkout (ciprov.tree_compare; rewriting them when the checkout changes)';
CREATE INDEX rollup_runs_series ON ciprov.rollup_runs (series, max_start) WHERE series IS NOT NULL;
COMMENT ON INDEX ciprov.rollup_runs_series IS 'A test history series newest first (ciprov.test_history)';

CREATE FUNCTION ciprov.rollup_day(t pg_catalog.timestamptz)
RETURNS pg_catalog.int4
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_day';
COMMENT ON FUNCTION ciprov.rollup_day(pg_catalog.timestamptz) IS
  'The UTC day of a time, counted from 2000-01-01 (ciprov.rollup_runs.day)';

CREATE FUNCTION ciprov.rollup_series(tree_name pg_catalog.text, git_repository_branch pg_catalog.text,
                                     config_name pg_catalog.text, platform pg_catalog.text)
RETURNS pg_catalog.int8
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_series';
COMMENT ON FUNCTION ciprov.rollup_series(pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text) IS
  'The test history series key of (tree, branch, config, platform) (ciprov.rollup_runs.series): a 64-bit hash; readers compare the row''s columns too';

CREATE FUNCTION ciprov.rollup_unpack_tests(tests pg_catalog.bytea)
RETURNS TABLE (test_id pg_catalog.text, path ciprov.testpath, status ciprov.status,
               start_time pg_catalog.timestamptz, compatible pg_catalog.text[])
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20
AS 'MODULE_PATHNAME', 'ciprov_rollup_unpack_tests';
COMMENT ON FUNCTION ciprov.rollup_unpack_tests(pg_catalog.bytea) IS
  'The tests of a packed test run (ciprov.rollup_runs.tests) in (path, id) order';

CREATE FUNCTION ciprov.rollup_pack_tests_step(state pg_catalog.internal, test_id pg_catalog.text, path ciprov.testpath,
                                              status ciprov.status, start_time pg_catalog.timestamptz,
                                              compatible pg_catalog.text[])
RETURNS pg_catalog.internal
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_pack_tests_step';
COMMENT ON FUNCTION ciprov.rollup_pack_tests_step(pg_catalog.internal, pg_catalog.text, ciprov.testpath, ciprov.status, pg_catalog.timestamptz, pg_catalog.text[]) IS
  'Transition function of ciprov.rollup_pack_tests';
CREATE FUNCTION ciprov.rollup_pack_tests_final(state pg_catalog.internal)
RETURNS pg_catalog.bytea
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_pack_tests_final';
COMMENT ON FUNCTION ciprov.rollup_pack_tests_final(pg_catalog.internal) IS
  'Final function of ciprov.rollup_pack_tests';
CREATE AGGREGATE ciprov.rollup_pack_tests(pg_catalog.text, ciprov.testpath, ciprov.status, pg_catalog.timestamptz,
                                          pg_catalog.text[]) (
  SFUNC = ciprov.rollup_pack_tests_step, STYPE = pg_catalog.internal, FINALFUNC = ciprov.rollup_pack_tests_final
);
COMMENT ON AGGREGATE ciprov.rollup_pack_tests(pg_catalog.text, ciprov.testpath, ciprov.status, pg_catalog.timestamptz, pg_catalog.text[]) IS
  'Packs tests (test_id, path, status, start_time, compatible) into one test run (ciprov.rollup_runs.tests)';

CREATE VIEW ciprov.rollup_run_tests AS
SELECT r.build_id, r.platform, r.day, r.checkout_id, r.architecture, r.config_name, r.tree_name,
       r.git_repository_branch, r.git_commit_hash, r.series, r.max_start, t.*
FROM ciprov.rollup_runs r CROSS JOIN LATERAL ciprov.rollup_unpack_tests(r.tests) t;
COMMENT ON VIEW ciprov.rollup_run_tests IS
  'ciprov.rollup_runs one test per row, with its row''s build, platform, day and attributes';

CREATE INDEX rollup_runs_group ON ciprov.rollup_runs (checkout_id, architecture, config_name);
COMMENT ON INDEX ciprov.rollup_runs_group IS
  'The runs of one (checkout, architecture, config) group: what the flush recomputes the group''s latest set (ciprov.rollup_latest) from';

-- Latest sets: per (checkout, architecture, config) the latest test of each
-- (platform, path), keys apart from statuses (core/rollup_latest.h), so
-- that tree_compare compares two revisions that ran the same tests by
-- their status bytes. Kept in the row up to a page, stored uncompressed
-- beyond (read whole by every compare).
CREATE TABLE ciprov.rollup_latest (
  checkout_id pg_catalog.text NOT NULL,
  architecture pg_catalog.text,
  config_name pg_catalog.text,
  tests pg_catalog.bytea NOT NULL,
  CONSTRAINT rollup_latest_key UNIQUE NULLS NOT DISTINCT (checkout_id, architecture, config_name)
) WITH (fillfactor = 70, toast_tuple_target = 8160);
ALTER TABLE ciprov.rollup_latest ALTER COLUMN tests SET STORAGE EXTERNAL;
COMMENT ON TABLE ciprov.rollup_latest IS
  'The latest test of each (platform, path) per (checkout, architecture, config), packed (ciprov.tree_compare; read them through ciprov.rollup_latest_tests)';
COMMENT ON COLUMN ciprov.rollup_latest.checkout_id IS 'The builds'' checkout';
COMMENT ON COLUMN ciprov.rollup_latest.architecture IS 'The builds'' architecture';
COMMENT ON COLUMN ciprov.rollup_latest.config_name IS 'The builds'' configuration name';
COMMENT ON COLUMN ciprov.rollup_latest.tests IS
  'The latest test of each (platform, path) of the group''s tests: keys, then statuses, then start times and ids (format version byte first; see docs/rollup.md)';
COMMENT ON INDEX ciprov.rollup_latest_key IS 'One row per (checkout, architecture, config): the sets of a checkout (ciprov.tree_compare), of a group (the flush)';

CREATE FUNCTION ciprov.rollup_unpack_latest(tests pg_catalog.bytea)
RETURNS TABLE (platform pg_catalog.text, path ciprov.testpath, status ciprov.status,
               start_time pg_catalog.timestamptz, test_id pg_catalog.text)
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100
AS 'MODULE_PATHNAME', 'ciprov_rollup_unpack_latest';
COMMENT ON FUNCTION ciprov.rollup_unpack_latest(pg_catalog.bytea) IS
  'The tests of a packed latest set (ciprov.rollup_latest.tests) in (platform, path) order';

CREATE FUNCTION ciprov.rollup_pack_latest_step(state pg_catalog.internal, platform pg_catalog.text, path ciprov.testpath,
                                               status ciprov.status, start_time pg_catalog.timestamptz,
                                               test_id pg_catalog.text)
RETURNS pg_catalog.internal
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_pack_latest_step';
COMMENT ON FUNCTION ciprov.rollup_pack_latest_step(pg_catalog.internal, pg_catalog.text, ciprov.testpath, ciprov.status, pg_catalog.timestamptz, pg_catalog.text) IS
  'Transition function of ciprov.rollup_pack_latest';
CREATE FUNCTION ciprov.rollup_pack_latest_final(state pg_catalog.internal)
RETURNS pg_catalog.bytea
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_pack_latest_final';
COMMENT ON FUNCTION ciprov.rollup_pack_latest_final(pg_catalog.internal) IS
  'Final function of ciprov.rollup_pack_latest';
CREATE AGGREGATE ciprov.rollup_pack_latest(pg_catalog.text, ciprov.testpath, ciprov.status, pg_catalog.timestamptz,
                                           pg_catalog.text) (
  SFUNC = ciprov.rollup_pack_latest_step, STYPE = pg_catalog.internal, FINALFUNC = ciprov.rollup_pack_latest_final
);
COMMENT ON AGGREGATE ciprov.rollup_pack_latest(pg_catalog.text, ciprov.testpath, ciprov.status, pg_catalog.timestamptz, pg_catalog.text) IS
  'Packs tests (platform, path, status, start_time, test_id) into one latest set (ciprov.rollup_latest.tests): the latest test of each (platform, path)';

CREATE VIEW ciprov.rollup_latest_tests AS
SELECT l.checkout_id, l.architecture, l.config_name, t.*
FROM ciprov.rollup_latest l CROSS JOIN LATERAL ciprov.rollup_unpack_latest(l.tests) t;
COMMENT ON VIEW ciprov.rollup_latest_tests IS
  'ciprov.rollup_latest one test per row: the latest test of each (checkout, architecture, config, platform, path)';

-- The counters one cell per row (zero cells left out): for rollup_check()
-- and for reading them by hand.
CREATE FUNCTION ciprov.rollup_cells(c ciprov.rollup_counts)
RETURNS TABLE (kind pg_catalog.text, status ciprov.status, n pg_catalog.int4)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT x.kind, x.status, x.n
FROM (VALUES
  ('build', 'FAIL'::ciprov.status, ($1).build_fail), ('build', 'ERROR', ($1).build_error), ('build', 'MISS', ($1).build_miss),
  ('build', 'PASS', ($1).build_pass), ('build', 'DONE', ($1).build_done), ('build', 'SKIP', ($1).build_skip),
  ('build', NULL, ($1).build_null),
  ('boot', 'FAIL', ($1).boot_fail), ('boot', 'ERROR', ($1).boot_error), ('boot', 'MISS', ($1).boot_miss),
  ('boot', 'PASS', ($1).boot_pass), ('boot', 'DONE', ($1).boot_done), ('boot', 'SKIP', ($1).boot_skip),
  ('boot', NULL, ($1).boot_null),
  ('test', 'FAIL', ($1).test_fail), ('test', 'ERROR', ($1).test_error), ('test', 'MISS', ($1).test_miss),
  ('test', 'PASS', ($1).test_pass), ('test', 'DONE', ($1).test_done), ('test', 'SKIP', ($1).test_skip),
  ('test', NULL, ($1).test_null)
) AS x(kind, status, n)
WHERE x.n OPERATOR(pg_catalog.<>) 0
$$;
COMMENT ON FUNCTION ciprov.rollup_cells(ciprov.rollup_counts) IS
  'The non-zero cells of one counter row: (kind, status, n)';

CREATE VIEW ciprov.rollup_count_cells AS
SELECT c.checkout_id, c.rollup, c.value, x.kind, x.status, x.n
FROM ciprov.rollup_counts c CROSS JOIN LATERAL ciprov.rollup_cells(c) x;
COMMENT ON VIEW ciprov.rollup_count_cells IS
  'ciprov.rollup_counts one non-zero cell per row: (checkout_id, rollup, value, kind, status, n)';


CREATE UNLOGGED TABLE ciprov.rollup_marker (
  xid pg_catalog.xid8 PRIMARY KEY
);
COMMENT ON TABLE ciprov.rollup_marker IS
  'One row per transaction with unflushed changes made outside ciprov.kcidb_submit; its deferred constraint trigger flushes at commit';
COMMENT ON COLUMN ciprov.rollup_marker.xid IS 'The transaction';

-- Indexes on the kcidb tables for the rollup readers.
CREATE INDEX checkouts_origin_start_time ON ciprov.checkouts (origin, start_time);
COMMENT ON INDEX ciprov.checkouts_origin_start_time IS 'Checkouts of an origin by start time (tree and hardware listings)';
CREATE INDEX checkouts_commit ON ciprov.checkouts (git_commit_hash, patchset_hash);
COMMENT ON INDEX ciprov.checkouts_commit IS 'Checkouts of a revision (revision_summary, tree_compare)';
