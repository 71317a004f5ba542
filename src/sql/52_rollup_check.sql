-- Checking and repairing the rollups against the kcidb tables.

CREATE FUNCTION ciprov.rollup_check()
RETURNS TABLE (rollup pg_catalog.text, key pg_catalog.jsonb, stored pg_catalog.jsonb, expected pg_catalog.jsonb)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH exp_counts AS (
  SELECT checkout_id, c.rollup, kind, path_group, platform, compatible, architecture, config_name, compiler, status,
         pg_catalog.sum(n)::pg_catalog.int8 AS n
  FROM ciprov.rollup_contributions(true, (SELECT pg_catalog.array_agg(id) FROM ciprov.builds), NULL) c
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
), got_counts AS (
  SELECT checkout_id, c.rollup, kind, path_group, platform, compatible, architecture, config_name, compiler, status, n
  FROM ciprov.rollup_counts c WHERE n OPERATOR(pg_catalog.<>) 0
), counts AS (
  SELECT * FROM ((SELECT 's' AS side, * FROM got_counts EXCEPT ALL SELECT 's', * FROM exp_counts)
                 UNION ALL
                 (SELECT 'e', * FROM exp_counts EXCEPT ALL SELECT 'e', * FROM got_counts)) d
), got_builds AS (
  SELECT build_id, known, checkout_id, architecture, config_name, compiler, status FROM ciprov.rollup_builds WHERE known
), builds AS (
  (SELECT 's' AS side, * FROM got_builds EXCEPT ALL SELECT 's', * FROM ciprov.rollup_raw_builds)
  UNION ALL
  (SELECT 'e', * FROM ciprov.rollup_raw_builds EXCEPT ALL SELECT 'e', * FROM got_builds)
), bps AS (
  (SELECT 's' AS side, build_id, platform, n FROM ciprov.rollup_build_platforms WHERE n OPERATOR(pg_catalog.<>) 0
   EXCEPT ALL
   SELECT 's', build_id, ciprov.platform(environment_misc, environment_compatible), pg_catalog.count(*) FROM ciprov.tests
   WHERE ciprov.platform(environment_misc, environment_compatible) IS NOT NULL GROUP BY 2, 3)
  UNION ALL
  (SELECT 'e', build_id, ciprov.platform(environment_misc, environment_compatible), pg_catalog.count(*) FROM ciprov.tests
   WHERE ciprov.platform(environment_misc, environment_compatible) IS NOT NULL GROUP BY 2, 3
   EXCEPT ALL
   SELECT 'e', build_id, platform, n FROM ciprov.rollup_build_platforms WHERE n OPERATOR(pg_catalog.<>) 0)
), runs AS (
  (SELECT 's' AS side, * FROM ciprov.rollup_runs EXCEPT ALL SELECT 's', * FROM ciprov.rollup_raw_runs)
  UNION ALL
  (SELECT 'e', * FROM ciprov.rollup_raw_runs EXCEPT ALL SELECT 'e', * FROM ciprov.rollup_runs)
)
SELECT 'counts', k.key,
       pg_catalog.jsonb_agg(d.n) FILTER (WHERE d.side OPERATOR(pg_catalog.=) 's') -> 0,
       pg_catalog.jsonb_agg(d.n) FILTER (WHERE d.side OPERATOR(pg_catalog.=) 'e') -> 0
FROM counts d
CROSS JOIN LATERAL (SELECT pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
  'checkout_id', d.checkout_id, 'rollup', d.rollup, 'kind', d.kind, 'path_group', d.path_group, 'platform', d.platform,
  'compatible', d.compatible, 'architecture', d.architecture, 'config_name', d.config_name, 'compiler', d.compiler,
  'status', d.status)) AS key) k
GROUP BY k.key
UNION ALL
SELECT 'builds', pg_catalog.jsonb_build_object('build_id', d.build_id),
       pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) - 'side') FILTER (WHERE d.side OPERATOR(pg_catalog.=) 's') -> 0,
       pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) - 'side') FILTER (WHERE d.side OPERATOR(pg_catalog.=) 'e') -> 0
FROM builds d GROUP BY d.build_id
UNION ALL
SELECT 'build_platforms', pg_catalog.jsonb_build_object('build_id', d.build_id, 'platform', d.platform),
       pg_catalog.jsonb_agg(d.n) FILTER (WHERE d.side OPERATOR(pg_catalog.=) 's') -> 0,
       pg_catalog.jsonb_agg(d.n) FILTER (WHERE d.side OPERATOR(pg_catalog.=) 'e') -> 0
FROM bps d GROUP BY d.build_id, d.platform
UNION ALL
SELECT 'runs', pg_catalog.jsonb_build_object('test_id', d.test_id),
       pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) - 'side') FILTER (WHERE d.side OPERATOR(pg_catalog.=) 's') -> 0,
       pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) - 'side') FILTER (WHERE d.side OPERATOR(pg_catalog.=) 'e') -> 0
FROM runs d GROUP BY d.test_id
ORDER BY 1, 2
$$;
COMMENT ON FUNCTION ciprov.rollup_check() IS
  'Recomputes every rollup from the kcidb tables and returns the differences (rollup, key, stored, expected; NULL where a side has no row); no rows when the rollups are exact';

CREATE FUNCTION ciprov.rollup_rebuild()
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
AS $$
BEGIN
  -- Flushes in flight wait for this lock and then fold their own changes
  -- into the rebuilt state.
  TRUNCATE ciprov.rollup_counts, ciprov.rollup_build_platforms, ciprov.rollup_runs, ciprov.rollup_builds;
  INSERT INTO ciprov.rollup_builds SELECT * FROM ciprov.rollup_raw_builds;
  INSERT INTO ciprov.rollup_builds (build_id)
  SELECT DISTINCT build_id FROM ciprov.tests ON CONFLICT (build_id) DO NOTHING;
  INSERT INTO ciprov.rollup_runs SELECT * FROM ciprov.rollup_raw_runs;
  INSERT INTO ciprov.rollup_build_platforms
  SELECT build_id, platform, pg_catalog.count(*) FROM ciprov.rollup_runs WHERE platform IS NOT NULL GROUP BY 1, 2;
  INSERT INTO ciprov.rollup_counts
  SELECT checkout_id, c.rollup, kind, path_group, platform, compatible, architecture, config_name, compiler, status,
         pg_catalog.sum(n)::pg_catalog.int8
  FROM ciprov.rollup_contributions(false, (SELECT pg_catalog.array_agg(build_id) FROM ciprov.rollup_builds),
                                   (SELECT pg_catalog.array_agg(test_id) FROM ciprov.rollup_runs)) c
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
END
$$;
COMMENT ON FUNCTION ciprov.rollup_rebuild() IS
  'Recomputes every rollup from the kcidb tables (repairs what ciprov.rollup_check reports)';
