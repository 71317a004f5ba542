-- Rollups of the kcidb tables for the KernelCI dashboard's pages (issue 5),
-- kept exact by the extension in the writing transaction (see
-- docs/rollup.md). Two tables hold the state:
--   rollup_builds  the build attributes the counters currently count each
--                  build under (one row per build id seen, the "anchor";
--                  its row lock serializes every change that touches the
--                  build, so no two transactions count one build apart)
--   rollup_counts  wide counter rows: one per (checkout, rollup, value)
--                  with a column per (kind, status)
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
CREATE TABLE ciprov.rollup_counts (
  checkout_id pg_catalog.text NOT NULL,
  rollup "char" NOT NULL,
  value pg_catalog.text,
  build_fail pg_catalog.int4 NOT NULL DEFAULT 0, build_error pg_catalog.int4 NOT NULL DEFAULT 0,
  build_miss pg_catalog.int4 NOT NULL DEFAULT 0, build_pass pg_catalog.int4 NOT NULL DEFAULT 0,
  build_done pg_catalog.int4 NOT NULL DEFAULT 0, build_skip pg_catalog.int4 NOT NULL DEFAULT 0,
  build_null pg_catalog.int4 NOT NULL DEFAULT 0,
  boot_fail pg_catalog.int4 NOT NULL DEFAULT 0, boot_error pg_catalog.int4 NOT NULL DEFAULT 0,
  boot_miss pg_catalog.int4 NOT NULL DEFAULT 0, boot_pass pg_catalog.int4 NOT NULL DEFAULT 0,
  boot_done pg_catalog.int4 NOT NULL DEFAULT 0, boot_skip pg_catalog.int4 NOT NULL DEFAULT 0,
  boot_null pg_catalog.int4 NOT NULL DEFAULT 0,
  test_fail pg_catalog.int4 NOT NULL DEFAULT 0, test_error pg_catalog.int4 NOT NULL DEFAULT 0,
  test_miss pg_catalog.int4 NOT NULL DEFAULT 0, test_pass pg_catalog.int4 NOT NULL DEFAULT 0,
  test_done pg_catalog.int4 NOT NULL DEFAULT 0, test_skip pg_catalog.int4 NOT NULL DEFAULT 0,
  test_null pg_catalog.int4 NOT NULL DEFAULT 0,
  CONSTRAINT rollup_counts_key UNIQUE NULLS NOT DISTINCT (checkout_id, rollup, value)
) WITH (fillfactor = 50);  -- room on each page: counter updates stay HOT (no index insert)
COMMENT ON TABLE ciprov.rollup_counts IS
  'Counters per checkout, one row per (rollup, value) with a column per kind (build, boot, test) and status: L (whole checkout), p (platform), C (platform and compatible string), g (path group), a (architecture), f (config), m (compiler)';
COMMENT ON COLUMN ciprov.rollup_counts.checkout_id IS 'The checkout counted';
COMMENT ON COLUMN ciprov.rollup_counts.rollup IS 'Which rollup: L listing, p platform, C compatibles, g path group, a architecture, f config, m compiler';
COMMENT ON COLUMN ciprov.rollup_counts.value IS 'The value counted (NULL for L; for C: platform, unit separator, compatible string)';
COMMENT ON COLUMN ciprov.rollup_counts.build_fail IS 'Builds with status FAIL';
COMMENT ON COLUMN ciprov.rollup_counts.build_error IS 'Builds with status ERROR';
COMMENT ON COLUMN ciprov.rollup_counts.build_miss IS 'Builds with status MISS';
COMMENT ON COLUMN ciprov.rollup_counts.build_pass IS 'Builds with status PASS';
COMMENT ON COLUMN ciprov.rollup_counts.build_done IS 'Builds with status DONE';
COMMENT ON COLUMN ciprov.rollup_counts.build_skip IS 'Builds with status SKIP';
COMMENT ON COLUMN ciprov.rollup_counts.build_null IS 'Builds without a status (not finished)';
COMMENT ON COLUMN ciprov.rollup_counts.boot_fail IS 'Boots with status FAIL';
COMMENT ON COLUMN ciprov.rollup_counts.boot_error IS 'Boots with status ERROR';
COMMENT ON COLUMN ciprov.rollup_counts.boot_miss IS 'Boots with status MISS';
COMMENT ON COLUMN ciprov.rollup_counts.boot_pass IS 'Boots with status PASS';
COMMENT ON COLUMN ciprov.rollup_counts.boot_done IS 'Boots with status DONE';
COMMENT ON COLUMN ciprov.rollup_counts.boot_skip IS 'Boots with status SKIP';
COMMENT ON COLUMN ciprov.rollup_counts.boot_null IS 'Boots without a status (not finished)';
COMMENT ON COLUMN ciprov.rollup_counts.test_fail IS 'Tests (not boots) with status FAIL';
COMMENT ON COLUMN ciprov.rollup_counts.test_error IS 'Tests (not boots) with status ERROR';
COMMENT ON COLUMN ciprov.rollup_counts.test_miss IS 'Tests (not boots) with status MISS';
COMMENT ON COLUMN ciprov.rollup_counts.test_pass IS 'Tests (not boots) with status PASS';
COMMENT ON COLUMN ciprov.rollup_counts.test_done IS 'Tests (not boots) with status DONE';
COMMENT ON COLUMN ciprov.rollup_counts.test_skip IS 'Tests (not boots) with status SKIP';
COMMENT ON COLUMN ciprov.rollup_counts.test_null IS 'Tests (not boots) without a status (not finished)';
COMMENT ON INDEX ciprov.rollup_counts_key IS 'One counter row per key; its order is the lock order of flushes';

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
