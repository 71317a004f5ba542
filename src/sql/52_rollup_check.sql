-- Checking and repairing the rollups against the kcidb tables.

-- The kcidb builds seen as rollup anchors: what the anchors of known builds
-- must hold.
CREATE VIEW ciprov.rollup_raw_builds AS
SELECT b.id AS build_id, true AS known, b.checkout_id, b.architecture, b.config_name, b.compiler, b.status
FROM ciprov.builds b;
COMMENT ON VIEW ciprov.rollup_raw_builds IS 'ciprov.builds shaped as ciprov.rollup_builds (what the anchors of known builds must hold)';

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
ORDER BY 1, 2
$$;
COMMENT ON FUNCTION ciprov.rollup_check() IS
  'Recomputes every rollup from the kcidb tables and returns the differences (rollup, key, stored, expected; NULL where a side has no count): counter cells and build anchors; no rows when the rollups are exact';

CREATE FUNCTION ciprov.rollup_rebuild()
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
AS $$
BEGIN
  -- Flushes in flight wait for this lock and then fold their own changes
  -- into the rebuilt state. This transaction's own pending notes are in the
  -- rebuilt state already: dropped.
  TRUNCATE ciprov.rollup_counts, ciprov.rollup_builds;
  PERFORM ciprov.rollup_discard_notes();
  DELETE FROM ciprov.rollup_marker WHERE xid OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id();
  INSERT INTO ciprov.rollup_builds SELECT * FROM ciprov.rollup_raw_builds;
  INSERT INTO ciprov.rollup_builds (build_id)
  SELECT DISTINCT build_id FROM ciprov.tests WHERE build_id IS NOT NULL ON CONFLICT (build_id) DO NOTHING;
  INSERT INTO ciprov.rollup_counts SELECT * FROM ciprov.rollup_totals();
END
$$;
COMMENT ON FUNCTION ciprov.rollup_rebuild() IS
  'Recomputes every rollup from the kcidb tables (repairs what ciprov.rollup_check reports)';
