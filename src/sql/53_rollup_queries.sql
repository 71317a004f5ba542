-- The KernelCI dashboard's heavy pages, answered from the rollups: C
-- functions, STABLE, reading the rollup tables without the executor (their
-- privilege checks are theirs); see docs/rollup.md for what each returns.

-- Counter rows summed, and what a counter row says about one kind (build,
-- boot, test): C functions over ciprov.rollup_counts rows, so that no
-- reader spells the 21 cells (src/pg/rollup_sum.cpp, src/pg/rollup_row.cpp).
CREATE FUNCTION ciprov.rollup_sum(checkout_ids pg_catalog.text[], rollups "char"[])
RETURNS SETOF ciprov.rollup_counts
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 200
AS 'MODULE_PATHNAME', 'ciprov_rollup_sum';
COMMENT ON FUNCTION ciprov.rollup_sum(pg_catalog.text[], "char"[]) IS
  'The counter rows of the given checkouts (an id given twice counts twice) and rollups summed per (rollup, value): one ciprov.rollup_counts row each, checkout_id NULL; ordered by the rollups'' order in the array, then value (NULL first, then COLLATE "C")';

CREATE FUNCTION ciprov.rollup_sum_kinds(checkout_ids pg_catalog.text[], rollups "char"[])
RETURNS TABLE (rollup "char", value pg_catalog.text, kind pg_catalog.text, counts pg_catalog.jsonb,
               worst ciprov.status)
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 300
AS 'MODULE_PATHNAME', 'ciprov_rollup_sum_kinds';
COMMENT ON FUNCTION ciprov.rollup_sum_kinds(pg_catalog.text[], "char"[]) IS
  'ciprov.rollup_sum unpivoted: per (rollup, value), one row per kind (build, boot, test) that counts something, with its status counts (ciprov.rollup_status_counts) and worst status (ciprov.rollup_worst)';

CREATE FUNCTION ciprov.rollup_status_counts(c ciprov.rollup_counts, kind pg_catalog.text)
RETURNS pg_catalog.jsonb
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_status_counts';
COMMENT ON FUNCTION ciprov.rollup_status_counts(ciprov.rollup_counts, pg_catalog.text) IS
  'A status -> count object with all seven keys (FAIL ERROR MISS PASS DONE SKIP NULL) from the cells of one kind (build, boot or test) of a counter row; a NULL row counts 0';

CREATE FUNCTION ciprov.rollup_worst(c ciprov.rollup_counts, kind pg_catalog.text)
RETURNS ciprov.status
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_worst';
COMMENT ON FUNCTION ciprov.rollup_worst(ciprov.rollup_counts, pg_catalog.text) IS
  'The first status in kcidb priority order (FAIL ERROR MISS PASS DONE SKIP) that one kind (build, boot or test) of a counter row counts, NULL when none: min(status) of the counted objects';

CREATE FUNCTION ciprov.rollup_total(c ciprov.rollup_counts, kind pg_catalog.text)
RETURNS pg_catalog.int8
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_total';
COMMENT ON FUNCTION ciprov.rollup_total(ciprov.rollup_counts, pg_catalog.text) IS
  'The number of objects of one kind (build, boot or test) a counter row counts, any status; a NULL row counts 0';

CREATE FUNCTION ciprov.rollup_total(c ciprov.rollup_counts)
RETURNS pg_catalog.int8
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_total';
COMMENT ON FUNCTION ciprov.rollup_total(ciprov.rollup_counts) IS
  'The sum of all 21 cells of a counter row; a NULL row counts 0';

CREATE FUNCTION ciprov.tree_listing(origin pg_catalog.text, since pg_catalog.timestamptz)
RETURNS TABLE (origin pg_catalog.text, tree_name pg_catalog.text, git_repository_url pg_catalog.text,
               git_repository_branch pg_catalog.text, checkout_id pg_catalog.text, git_commit_hash pg_catalog.text,
               git_commit_name pg_catalog.text, start_time pg_catalog.timestamptz,
               builds pg_catalog.jsonb, boots pg_catalog.jsonb, tests pg_catalog.jsonb)
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 20
AS 'MODULE_PATHNAME', 'ciprov_tree_listing';
COMMENT ON FUNCTION ciprov.tree_listing(pg_catalog.text, pg_catalog.timestamptz) IS
  'Tree listing: one row per tree head (origin, tree_name, git_repository_url, git_repository_branch; ordered by them, bytewise) with its latest checkout started at or after since (equal start times: the larger id), and that checkout''s build, boot and test counts per status (NULL included)';

CREATE FUNCTION ciprov.hardware_listing(origin pg_catalog.text, since pg_catalog.timestamptz)
RETURNS TABLE (platform pg_catalog.text, compatibles pg_catalog.text[],
               builds pg_catalog.jsonb, boots pg_catalog.jsonb, tests pg_catalog.jsonb)
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 100
AS 'MODULE_PATHNAME', 'ciprov_hardware_listing';
COMMENT ON FUNCTION ciprov.hardware_listing(pg_catalog.text, pg_catalog.timestamptz) IS
  'Hardware listing: one row per platform tested in the origin''s checkouts started at or after since (ordered bytewise): its compatible strings (sorted bytewise) and its build (distinct builds with a test on it), boot and test counts per status';

CREATE FUNCTION ciprov.rollup_summary(checkout_ids pg_catalog.text[])
RETURNS TABLE (dimension pg_catalog.text, value pg_catalog.text, kind pg_catalog.text,
               counts pg_catalog.jsonb, worst ciprov.status)
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 120
AS 'MODULE_PATHNAME', 'ciprov_rollup_summary';
COMMENT ON FUNCTION ciprov.rollup_summary(pg_catalog.text[]) IS
  'Counts per status of the given checkouts'' builds, boots and tests by path group, architecture, config, compiler and platform (builds by architecture, config and compiler only), with each group''s worst status (min); ordered by dimension, value (bytewise, NULL last), kind; serves tree_summary and revision_summary';

CREATE FUNCTION ciprov.tree_summary(checkout_id pg_catalog.text)
RETURNS TABLE (dimension pg_catalog.text, value pg_catalog.text, kind pg_catalog.text,
               counts pg_catalog.jsonb, worst ciprov.status)
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 120
AS 'MODULE_PATHNAME', 'ciprov_tree_summary';
COMMENT ON FUNCTION ciprov.tree_summary(pg_catalog.text) IS
  'Tree details of one checkout: build, boot and test counts per status by path group, architecture, config, compiler and platform, with each group''s worst status (ciprov.rollup_summary)';

CREATE FUNCTION ciprov.revision_summary(git_commit_hash pg_catalog.text, patchset_hash pg_catalog.text DEFAULT '')
RETURNS TABLE (dimension pg_catalog.text, value pg_catalog.text, kind pg_catalog.text,
               counts pg_catalog.jsonb, worst ciprov.status)
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 120
AS 'MODULE_PATHNAME', 'ciprov_revision_summary';
COMMENT ON FUNCTION ciprov.revision_summary(pg_catalog.text, pg_catalog.text) IS
  'tree_summary over every checkout of a revision (commit hash and patchset hash, '''' or NULL meaning no patches), whatever its origin';

-- test_history returns a named row type rather than a TABLE: its call is
-- tens of microseconds, and the row description of OUT parameters is
-- rebuilt from the catalog arrays twice per call (parse and executor
-- start), that of a type comes from the type cache.
CREATE TYPE ciprov.test_history_row AS (
  test_id pg_catalog.text, start_time pg_catalog.timestamptz, status ciprov.status,
  build_id pg_catalog.text, checkout_id pg_catalog.text, git_commit_hash pg_catalog.text);
COMMENT ON TYPE ciprov.test_history_row IS
  'A row of ciprov.test_history: the test, its start time and status, its build, checkout and commit';

CREATE FUNCTION ciprov.test_history(path ciprov.testpath, platform pg_catalog.text, config_name pg_catalog.text,
                                    tree_name pg_catalog.text, branch pg_catalog.text,
                                    before pg_catalog.timestamptz, n pg_catalog.int4)
RETURNS SETOF ciprov.test_history_row
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 10
AS 'MODULE_PATHNAME', 'ciprov_test_history';
COMMENT ON FUNCTION ciprov.test_history(ciprov.testpath, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.int4) IS
  'Test status history: the newest n results (start time before the given time; ties by test id, bytewise) of one test path on one platform and config in one tree and branch, read from the test runs newest day first';

CREATE FUNCTION ciprov.tree_compare(commit_a pg_catalog.text, commit_b pg_catalog.text, origin pg_catalog.text)
RETURNS TABLE (path ciprov.testpath, config_name pg_catalog.text, architecture pg_catalog.text,
               platform pg_catalog.text, status_a ciprov.status, status_b ciprov.status, change pg_catalog.text)
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 200
AS 'MODULE_PATHNAME', 'ciprov_tree_compare';
COMMENT ON FUNCTION ciprov.tree_compare(pg_catalog.text, pg_catalog.text, pg_catalog.text) IS
  'Tree compare: for each (path, config, architecture, platform) tested in both revisions of the origin, its latest status in each (by start time, NULL oldest; ties by test id, bytewise) when they differ or both fail: regression (fails only in b), fix (fails only in a), still failing (FAIL or ERROR in both), changed (any other difference); ordered by path, then config, architecture, platform bytewise';

CREATE FUNCTION ciprov.rollup_compare(checkouts_a pg_catalog.text[], checkouts_b pg_catalog.text[])
RETURNS TABLE (path ciprov.testpath, config_name pg_catalog.text, architecture pg_catalog.text,
               platform pg_catalog.text, status_a ciprov.status, status_b ciprov.status, change pg_catalog.text)
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 200
AS 'MODULE_PATHNAME', 'ciprov_rollup_compare';
COMMENT ON FUNCTION ciprov.rollup_compare(pg_catalog.text[], pg_catalog.text[]) IS
  'ciprov.tree_compare over two sets of checkout ids (NULL elements left out) instead of two revisions of an origin';
