-- Rollups of the kcidb tables for the KernelCI dashboard's pages (issue 5),
-- kept exact by the extension in the writing transaction (see
-- docs/rollup.md). Three layers:
--   rollup_builds  the build attributes the rollups currently count each
--                  build under (one row per build id seen, the "anchor";
--                  its row lock serializes every change that touches the
--                  build, so no two transactions count one build apart)
--   rollup_runs    one row per test: the test's fields the rollups use,
--                  with its build's checkout, architecture and config
--   rollup_build_platforms  tests per (build, platform)
--   rollup_counts  counters per checkout, several kinds of rollup in one
--                  table, told apart by the "rollup" column
-- rollup_dirty and rollup_marker hold the ids a transaction changed until
-- ciprov.rollup_flush() folds them in. None is dumped: ciprov.rollup_rebuild()
-- recomputes all from the kcidb tables, and a restore's COPY rebuilds them.

CREATE TABLE ciprov.rollup_builds (
  build_id pg_catalog.text PRIMARY KEY,
  known pg_catalog.bool NOT NULL DEFAULT false,
  checkout_id pg_catalog.text,
  architecture pg_catalog.text,
  config_name pg_catalog.text,
  compiler pg_catalog.text,
  status ciprov.status
);
COMMENT ON TABLE ciprov.rollup_builds IS
  'Rollup anchor per build id: the build attributes under which the rollups count it (known: the build row exists); locked by every flush that touches the build';
COMMENT ON COLUMN ciprov.rollup_builds.build_id IS 'Build id (also ids of builds not submitted yet, named by their tests)';
COMMENT ON COLUMN ciprov.rollup_builds.known IS 'True once ciprov.builds has the row; only known builds and their tests are counted';
COMMENT ON COLUMN ciprov.rollup_builds.checkout_id IS 'The build''s checkout';
COMMENT ON COLUMN ciprov.rollup_builds.architecture IS 'The build''s architecture';
COMMENT ON COLUMN ciprov.rollup_builds.config_name IS 'The build''s configuration name';
COMMENT ON COLUMN ciprov.rollup_builds.compiler IS 'The build''s compiler';
COMMENT ON COLUMN ciprov.rollup_builds.status IS 'The build''s status';
CREATE INDEX rollup_builds_checkout ON ciprov.rollup_builds (checkout_id);
COMMENT ON INDEX ciprov.rollup_builds_checkout IS 'The builds of a checkout';

CREATE TABLE ciprov.rollup_runs (
  test_id pg_catalog.text PRIMARY KEY,
  build_id pg_catalog.text NOT NULL,
  checkout_id pg_catalog.text,
  architecture pg_catalog.text,
  config_name pg_catalog.text,
  path ciprov.testpath,
  platform pg_catalog.text,
  compatible pg_catalog.text[],
  status ciprov.status,
  start_time pg_catalog.timestamptz
);
COMMENT ON TABLE ciprov.rollup_runs IS
  'One row per kcidb test with what the rollups need: test path, platform, compatible strings, status, start time, and its build''s checkout, architecture and config';
COMMENT ON COLUMN ciprov.rollup_runs.test_id IS 'Test id';
COMMENT ON COLUMN ciprov.rollup_runs.build_id IS 'The test''s build';
COMMENT ON COLUMN ciprov.rollup_runs.checkout_id IS 'The build''s checkout (NULL until the build arrives)';
COMMENT ON COLUMN ciprov.rollup_runs.architecture IS 'The build''s architecture';
COMMENT ON COLUMN ciprov.rollup_runs.config_name IS 'The build''s configuration name';
COMMENT ON COLUMN ciprov.rollup_runs.path IS 'The test path';
COMMENT ON COLUMN ciprov.rollup_runs.platform IS 'ciprov.platform(environment_misc, environment_compatible)';
COMMENT ON COLUMN ciprov.rollup_runs.compatible IS 'environment_compatible';
COMMENT ON COLUMN ciprov.rollup_runs.status IS 'The test status';
COMMENT ON COLUMN ciprov.rollup_runs.start_time IS 'The test start time';
CREATE INDEX rollup_runs_build ON ciprov.rollup_runs (build_id);
COMMENT ON INDEX ciprov.rollup_runs_build IS 'The runs of a build (flush, rebuild)';
CREATE INDEX rollup_runs_checkout ON ciprov.rollup_runs (checkout_id);
COMMENT ON INDEX ciprov.rollup_runs_checkout IS 'The runs of a checkout (ciprov.tree_compare)';
CREATE INDEX rollup_runs_history ON ciprov.rollup_runs (path, platform, config_name, start_time);
COMMENT ON INDEX ciprov.rollup_runs_history IS 'A test''s results newest first (ciprov.test_history)';

CREATE TABLE ciprov.rollup_build_platforms (
  build_id pg_catalog.text NOT NULL,
  platform pg_catalog.text NOT NULL,
  n pg_catalog.int8 NOT NULL,
  PRIMARY KEY (build_id, platform)
);
COMMENT ON TABLE ciprov.rollup_build_platforms IS
  'How many tests of each build ran on each platform: a build counts in the hardware rollup of every platform where this is above 0';
COMMENT ON COLUMN ciprov.rollup_build_platforms.build_id IS 'The build';
COMMENT ON COLUMN ciprov.rollup_build_platforms.platform IS 'A platform its tests ran on';
COMMENT ON COLUMN ciprov.rollup_build_platforms.n IS 'Tests of the build on the platform (0 rows may remain)';

-- rollup: 'L' listing  (kind, status): builds, boots, tests of a checkout
--         'H' hardware (kind, platform, status): builds (distinct builds
--             with a test on the platform), boots and tests per platform
--         'C' compatibles (platform, compatible): tests per compatible string
--         'g' 'p' 'a' 'f' 'm'  (kind, one of path_group, platform,
--             architecture, config_name, compiler, status): the tree
--             details page, one rollup per dimension
CREATE TABLE ciprov.rollup_counts (
  checkout_id pg_catalog.text NOT NULL,
  rollup "char" NOT NULL,
  kind pg_catalog.text,
  path_group pg_catalog.text,
  platform pg_catalog.text,
  compatible pg_catalog.text,
  architecture pg_catalog.text,
  config_name pg_catalog.text,
  compiler pg_catalog.text,
  status ciprov.status,
  n pg_catalog.int8 NOT NULL,
  CONSTRAINT rollup_counts_key UNIQUE NULLS NOT DISTINCT
    (checkout_id, rollup, kind, path_group, platform, compatible, architecture, config_name, compiler, status)
);
COMMENT ON TABLE ciprov.rollup_counts IS
  'Counters per checkout: L (kind, status), H (kind, platform, status), C (platform, compatible), and per tree-details dimension g (kind, path_group, status), p (platform), a (architecture), f (config_name), m (compiler); kind is build, boot (tests at or under path boot) or test';
COMMENT ON COLUMN ciprov.rollup_counts.checkout_id IS 'The checkout counted';
COMMENT ON COLUMN ciprov.rollup_counts.rollup IS 'Which rollup: L listing, H hardware, C compatibles, g/p/a/f/m tree details by path group/platform/architecture/config/compiler';
COMMENT ON COLUMN ciprov.rollup_counts.kind IS 'build, boot (test path at or under boot) or test';
COMMENT ON COLUMN ciprov.rollup_counts.path_group IS 'First segment of the test path (g)';
COMMENT ON COLUMN ciprov.rollup_counts.platform IS 'Test platform (H, C, p)';
COMMENT ON COLUMN ciprov.rollup_counts.compatible IS 'One compatible string (C)';
COMMENT ON COLUMN ciprov.rollup_counts.architecture IS 'Build architecture (a)';
COMMENT ON COLUMN ciprov.rollup_counts.config_name IS 'Build configuration (f)';
COMMENT ON COLUMN ciprov.rollup_counts.compiler IS 'Build compiler (m)';
COMMENT ON COLUMN ciprov.rollup_counts.status IS 'Status counted (NULL: not finished)';
COMMENT ON COLUMN ciprov.rollup_counts.n IS 'How many (0 rows may remain; readers ignore them)';
COMMENT ON INDEX ciprov.rollup_counts_key IS 'One counter per key; its order is the lock order of flushes';

-- Ids changed by the current transaction and not yet folded in. Other
-- transactions never see these rows: they are inserted and deleted within
-- one transaction.
CREATE UNLOGGED TABLE ciprov.rollup_dirty (
  kind "char" NOT NULL,
  id pg_catalog.text NOT NULL
);
COMMENT ON TABLE ciprov.rollup_dirty IS
  'Ids of tests (t) and builds (b) the current transaction changed, until ciprov.rollup_flush() folds them into the rollups';
COMMENT ON COLUMN ciprov.rollup_dirty.kind IS 't: test id, b: build id';
COMMENT ON COLUMN ciprov.rollup_dirty.id IS 'The changed object''s id';

CREATE UNLOGGED TABLE ciprov.rollup_marker (
  xid pg_catalog.xid8 PRIMARY KEY
);
COMMENT ON TABLE ciprov.rollup_marker IS
  'One row per transaction with unflushed changes; its deferred constraint trigger flushes at commit (writes that bypass ciprov.kcidb_submit)';
COMMENT ON COLUMN ciprov.rollup_marker.xid IS 'The transaction';

-- Indexes on the kcidb tables for the rollup readers.
CREATE INDEX checkouts_origin_start_time ON ciprov.checkouts (origin, start_time);
COMMENT ON INDEX ciprov.checkouts_origin_start_time IS 'Checkouts of an origin by start time (tree and hardware listings)';
CREATE INDEX checkouts_commit ON ciprov.checkouts (git_commit_hash, patchset_hash);
COMMENT ON INDEX ciprov.checkouts_commit IS 'Checkouts of a revision (revision_summary, tree_compare)';
