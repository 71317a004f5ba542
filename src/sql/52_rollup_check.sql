-- Checking and repairing the rollups against the kcidb tables.

-- The kcidb builds and checkouts seen as rollup anchors: what the anchors of
-- known builds and checkouts must hold.
CREATE VIEW ciprov.rollup_raw_builds AS
SELECT b.id AS build_id, true AS known, b.checkout_id, b.architecture, b.config_name, b.compiler, b.status
FROM ciprov.builds b;
COMMENT ON VIEW ciprov.rollup_raw_builds IS 'ciprov.builds shaped as ciprov.rollup_builds (what the anchors of known builds must hold)';

CREATE VIEW ciprov.rollup_raw_checkouts AS
SELECT c.id AS checkout_id, true AS known, c.tree_name, c.git_repository_branch, c.git_commit_hash
FROM ciprov.checkouts c;
COMMENT ON VIEW ciprov.rollup_raw_checkouts IS 'ciprov.checkouts shaped as ciprov.rollup_checkouts (what the anchors of known checkouts must hold)';

-- The kcidb tests shaped as ciprov.rollup_run_tests: what the test runs must
-- hold, one row per test (a build or checkout not known leaves its columns
-- NULL).
CREATE VIEW ciprov.rollup_raw_runs AS
SELECT r.build_id, r.platform, r.day, r.checkout_id, r.architecture, r.config_name, r.tree_name,
       r.git_repository_branch, r.git_commit_hash,
       ciprov.rollup_series(r.tree_name, r.git_repository_branch, r.config_name, r.platform) AS series,
       pg_catalog.max(r.start_time) OVER (PARTITION BY r.build_id, r.platform, r.day) AS max_start,
       r.test_id, r.path, r.status, r.start_time, r.compatible
FROM (SELECT t.build_id, ciprov.platform(t.environment_misc, t.environment_compatible) AS platform,
             ciprov.rollup_day(t.start_time) AS day, b.checkout_id, b.architecture, b.config_name,
             c.tree_name, c.git_repository_branch, c.git_commit_hash,
             t.id AS test_id, t.path, t.status, t.start_time, t.environment_compatible AS compatible
      FROM ciprov.tests t
      LEFT JOIN ciprov.builds b ON b.id OPERATOR(pg_catalog.=) t.build_id
      LEFT JOIN ciprov.checkouts c ON c.id OPERATOR(pg_catalog.=) b.checkout_id) r;
COMMENT ON VIEW ciprov.rollup_raw_runs IS
  'ciprov.tests shaped as ciprov.rollup_run_tests (what the test runs must hold), with their builds'' and checkouts'' attributes';

-- The latest test of each (checkout, architecture, config, platform, path)
-- from the kcidb tests (by start time, a test without one the oldest; equal
-- times: the larger id, bytewise), shaped as ciprov.rollup_latest_tests:
-- what the latest sets must hold.
CREATE VIEW ciprov.rollup_raw_latest AS
SELECT DISTINCT ON (r.checkout_id, r.architecture, r.config_name, r.platform, r.path)
       r.checkout_id, r.architecture, r.config_name, r.platform, r.path, r.status, r.start_time, r.test_id
FROM ciprov.rollup_raw_runs r
WHERE r.checkout_id IS NOT NULL
ORDER BY r.checkout_id, r.architecture, r.config_name, r.platform, r.path,
         r.start_time DESC NULLS LAST, r.test_id COLLATE "C" DESC;
COMMENT ON VIEW ciprov.rollup_raw_latest IS
  'The latest kcidb test of each (checkout, architecture, config, platform, path), shaped as ciprov.rollup_latest_tests (what the latest sets must hold)';

CREATE FUNCTION ciprov.rollup_check()
RETURNS TABLE (rollup pg_catalog.text, key pg_catalog.jsonb, stored pg_catalog.jsonb, expected pg_catalog.jsonb)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH exp_cells AS (
  SELECT c.checkout_id, c.rollup, c.value, x.kind, x.status, x.n
  FROM ciprov.rollup_totals() c CROSS JOIN LATERAL ciprov.rollup_cells(c) x
), counts AS (
  SELECT * FROM ((SELECT 's' AS side, * FROM ciprov.rollup_count_cells EXCEPT ALL SELECT 's', * FROM exp_cells)
                 UNION ALL
                 (SELECT 'e', * FROM exp_cells EXCEPT ALL SELECT 'e', * FROM ciprov.rollup_count_cells)) d
), got_builds AS (
  SELECT build_id, known, checkout_id, architecture, config_name, compiler, status FROM ciprov.rollup_builds WHERE known
), builds AS (
  (SELECT 's' AS side, * FROM got_builds EXCEPT ALL SELECT 's', * FROM ciprov.rollup_raw_builds)
  UNION ALL
  (SELECT 'e', * FROM ciprov.rollup_raw_builds EXCEPT ALL SELECT 'e', * FROM got_builds)
), got_checkouts AS (
  SELECT checkout_id, known, tree_name, git_repository_branch, git_commit_hash FROM ciprov.rollup_checkouts WHERE known
), checkouts AS (
  (SELECT 's' AS side, * FROM got_checkouts EXCEPT ALL SELECT 's', * FROM ciprov.rollup_raw_checkouts)
  UNION ALL
  (SELECT 'e', * FROM ciprov.rollup_raw_checkouts EXCEPT ALL SELECT 'e', * FROM got_checkouts)
), runs AS (
  (SELECT 's' AS side, * FROM ciprov.rollup_run_tests EXCEPT ALL SELECT 's', * FROM ciprov.rollup_raw_runs)
  UNION ALL
  (SELECT 'e', * FROM ciprov.rollup_raw_runs EXCEPT ALL SELECT 'e', * FROM ciprov.rollup_run_tests)
), latest AS (
  (SELECT 's' AS side, * FROM ciprov.rollup_latest_tests EXCEPT ALL SELECT 's', * FROM ciprov.rollup_raw_latest)
  UNION ALL
  (SELECT 'e', * FROM ciprov.rollup_raw_latest EXCEPT ALL SELECT 'e', * FROM ciprov.rollup_latest_tests)
)
SELECT 'counts', k.key,
       pg_catalog.to_jsonb(pg_catalog.sum(d.n) FILTER (WHERE d.side OPERATOR(pg_catalog.=) 's')),
       pg_catalog.to_jsonb(pg_catalog.sum(d.n) FILTER (WHERE d.side OPERATOR(pg_catalog.=) 'e'))
FROM counts d
CROSS JOIN LATERAL (SELECT pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
  'checkout_id', d.checkout_id, 'rollup', d.rollup, 'value', d.value, 'kind', d.kind,
  'status', COALESCE(d.status::pg_catalog.text, 'NULL'))) AS key) k
GROUP BY k.key
UNION ALL
SELECT 'builds', pg_catalog.jsonb_build_object('build_id', d.build_id),
       pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) OPERATOR(pg_catalog.-) 'side') FILTER (WHERE d.side OPERATOR(pg_catalog.=) 's') OPERATOR(pg_catalog.->) 0,
       pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) OPERATOR(pg_catalog.-) 'side') FILTER (WHERE d.side OPERATOR(pg_catalog.=) 'e') OPERATOR(pg_catalog.->) 0
FROM builds d GROUP BY d.build_id
UNION ALL
SELECT 'checkouts', pg_catalog.jsonb_build_object('checkout_id', d.checkout_id),
       pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) OPERATOR(pg_catalog.-) 'side') FILTER (WHERE d.side OPERATOR(pg_catalog.=) 's') OPERATOR(pg_catalog.->) 0,
       pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) OPERATOR(pg_catalog.-) 'side') FILTER (WHERE d.side OPERATOR(pg_catalog.=) 'e') OPERATOR(pg_catalog.->) 0
FROM checkouts d GROUP BY d.checkout_id
UNION ALL
SELECT 'runs', pg_catalog.jsonb_build_object('test_id', d.test_id),
       pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) OPERATOR(pg_catalog.-) 'side' OPERATOR(pg_catalog.-) 'test_id') FILTER (WHERE d.side OPERATOR(pg_catalog.=) 's') OPERATOR(pg_catalog.->) 0,
       pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) OPERATOR(pg_catalog.-) 'side' OPERATOR(pg_catalog.-) 'test_id') FILTER (WHERE d.side OPERATOR(pg_catalog.=) 'e') OPERATOR(pg_catalog.->) 0
FROM runs d GROUP BY d.test_id
UNION ALL
SELECT 'latest', k.key,
       pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('status', d.status, 'start_time', d.start_time, 'test_id', d.test_id)) FILTER (WHERE d.side OPERATOR(pg_catalog.=) 's') OPERATOR(pg_catalog.->) 0,
       pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('status', d.status, 'start_time', d.start_time, 'test_id', d.test_id)) FILTER (WHERE d.side OPERATOR(pg_catalog.=) 'e') OPERATOR(pg_catalog.->) 0
FROM latest d
CROSS JOIN LATERAL (SELECT pg_catalog.jsonb_build_object('checkout_id', d.checkout_id, 'architecture', d.architecture,
  'config_name', d.config_name, 'platform', d.platform, 'path', d.path::pg_catalog.text) AS key) k
GROUP BY k.key
ORDER BY 1, 2
$$;
COMMENT ON FUNCTION ciprov.rollup_check() IS
  'Recomputes every rollup from the kcidb tables and returns the differences (rollup, key, stored, expected; NULL where a side has none): counter cells, build and checkout anchors, test runs, latest sets; no rows when the rollups are exact';

CREATE FUNCTION ciprov.rollup_rebuild()
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
-- (the pack aggregates keep each group in memory: group sorted input one
-- group at a time rather than hash every group at once)
SET enable_hashagg = off
AS $$
BEGIN
  -- Flushes in flight wait for this lock and then fold their own changes
  -- into the rebuilt state. This transaction's own pending notes are in the
  -- rebuilt state already: dropped.
  TRUNCATE ciprov.rollup_packed, ciprov.rollup_builds, ciprov.rollup_checkouts, ciprov.rollup_runs, ciprov.rollup_latest;
  PERFORM ciprov.rollup_discard_notes();
  DELETE FROM ciprov.rollup_marker WHERE xid OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id();
  INSERT INTO ciprov.rollup_builds SELECT * FROM ciprov.rollup_raw_builds;
  INSERT INTO ciprov.rollup_builds (build_id)
  SELECT DISTINCT build_id FROM ciprov.tests WHERE build_id IS NOT NULL ON CONFLICT (build_id) DO NOTHING;
  INSERT INTO ciprov.rollup_checkouts SELECT * FROM ciprov.rollup_raw_checkouts;
  INSERT INTO ciprov.rollup_checkouts (checkout_id)
  SELECT DISTINCT checkout_id FROM ciprov.builds WHERE checkout_id IS NOT NULL ON CONFLICT (checkout_id) DO NOTHING;
  INSERT INTO ciprov.rollup_runs (series, max_start, day, build_id, platform, checkout_id, architecture, config_name,
                                  tree_name, git_repository_branch, git_commit_hash, tests)
  SELECT r.series, pg_catalog.max(r.start_time), r.day, r.build_id, r.platform, r.checkout_id, r.architecture,
         r.config_name, r.tree_name, r.git_repository_branch, r.git_commit_hash,
         ciprov.rollup_pack_tests(r.test_id, r.path, r.status, r.start_time, r.compatible)
  FROM ciprov.rollup_raw_runs r
  GROUP BY r.build_id, r.platform, r.day, r.checkout_id, r.architecture, r.config_name, r.tree_name,
           r.git_repository_branch, r.git_commit_hash, r.series;
  INSERT INTO ciprov.rollup_latest (checkout_id, architecture, config_name, tests)
  SELECT r.checkout_id, r.architecture, r.config_name,
         ciprov.rollup_pack_latest(r.platform, r.path, r.status, r.start_time, r.test_id)
  FROM ciprov.rollup_raw_runs r
  WHERE r.checkout_id IS NOT NULL
  GROUP BY r.checkout_id, r.architecture, r.config_name;
  INSERT INTO ciprov.rollup_packed (checkout_id, rollup, packed)
  SELECT t.checkout_id, t.rollup, ciprov.rollup_pack(t) FROM ciprov.rollup_totals() t GROUP BY t.checkout_id, t.rollup;
END
$$;
COMMENT ON FUNCTION ciprov.rollup_rebuild() IS
  'Recomputes every rollup from the kcidb tables (repairs what ciprov.rollup_check reports)';
