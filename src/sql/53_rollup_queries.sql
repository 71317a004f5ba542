-- The KernelCI dashboard's heavy pages, answered from the rollups. All are
-- plain SQL, STABLE; see docs/rollup.md for what each returns.

CREATE FUNCTION ciprov.status_counts(counts pg_catalog.jsonb)
RETURNS pg_catalog.jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT '{"FAIL": 0, "ERROR": 0, "MISS": 0, "PASS": 0, "DONE": 0, "SKIP": 0, "NULL": 0}'::pg_catalog.jsonb
       OPERATOR(pg_catalog.||) COALESCE(counts, '{}')
$$;
COMMENT ON FUNCTION ciprov.status_counts(pg_catalog.jsonb) IS
  'A status -> count object with all seven keys (FAIL ERROR MISS PASS DONE SKIP NULL), zeros filled in, as the dashboard shows it';

CREATE FUNCTION ciprov.tree_listing(origin pg_catalog.text, since pg_catalog.timestamptz)
RETURNS TABLE (origin pg_catalog.text, tree_name pg_catalog.text, git_repository_url pg_catalog.text,
               git_repository_branch pg_catalog.text, checkout_id pg_catalog.text, git_commit_hash pg_catalog.text,
               git_commit_name pg_catalog.text, start_time pg_catalog.timestamptz,
               builds pg_catalog.jsonb, boots pg_catalog.jsonb, tests pg_catalog.jsonb)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT h.origin, h.tree_name, h.git_repository_url, h.git_repository_branch, h.id, h.git_commit_hash,
       h.git_commit_name, h.start_time,
       ciprov.status_counts(s.builds), ciprov.status_counts(s.boots), ciprov.status_counts(s.tests)
FROM (SELECT DISTINCT ON (c.tree_name, c.git_repository_url, c.git_repository_branch) c.*
      FROM ciprov.checkouts c
      WHERE c.origin OPERATOR(pg_catalog.=) $1 AND c.start_time OPERATOR(pg_catalog.>=) $2
      ORDER BY c.tree_name, c.git_repository_url, c.git_repository_branch, c.start_time DESC, c.id DESC) h
CROSS JOIN LATERAL (
  SELECT pg_catalog.jsonb_object_agg(COALESCE(r.status::pg_catalog.text, 'NULL'), r.n) FILTER (WHERE r.kind OPERATOR(pg_catalog.=) 'build') AS builds,
         pg_catalog.jsonb_object_agg(COALESCE(r.status::pg_catalog.text, 'NULL'), r.n) FILTER (WHERE r.kind OPERATOR(pg_catalog.=) 'boot') AS boots,
         pg_catalog.jsonb_object_agg(COALESCE(r.status::pg_catalog.text, 'NULL'), r.n) FILTER (WHERE r.kind OPERATOR(pg_catalog.=) 'test') AS tests
  FROM ciprov.rollup_counts r
  WHERE r.checkout_id OPERATOR(pg_catalog.=) h.id AND r.rollup OPERATOR(pg_catalog.=) 'L' AND r.n OPERATOR(pg_catalog.<>) 0) s
ORDER BY h.tree_name, h.git_repository_url, h.git_repository_branch
$$;
COMMENT ON FUNCTION ciprov.tree_listing(pg_catalog.text, pg_catalog.timestamptz) IS
  'Tree listing: one row per tree head (origin, tree_name, git_repository_url, git_repository_branch) with its latest checkout started at or after since, and that checkout''s build, boot and test counts per status (NULL included)';

CREATE FUNCTION ciprov.hardware_listing(origin pg_catalog.text, since pg_catalog.timestamptz)
RETURNS TABLE (platform pg_catalog.text, compatibles pg_catalog.text[],
               builds pg_catalog.jsonb, boots pg_catalog.jsonb, tests pg_catalog.jsonb)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH w AS (
  SELECT c.id FROM ciprov.checkouts c
  WHERE c.origin OPERATOR(pg_catalog.=) $1 AND c.start_time OPERATOR(pg_catalog.>=) $2
), h AS (
  SELECT r.platform, r.kind, r.status, pg_catalog.sum(r.n) AS n
  FROM w JOIN ciprov.rollup_counts r ON r.checkout_id OPERATOR(pg_catalog.=) w.id AND r.rollup OPERATOR(pg_catalog.=) 'H'
  GROUP BY r.platform, r.kind, r.status HAVING pg_catalog.sum(r.n) OPERATOR(pg_catalog.<>) 0
), k AS (
  SELECT r.platform, pg_catalog.array_agg(DISTINCT r.compatible) AS compatibles
  FROM w JOIN ciprov.rollup_counts r ON r.checkout_id OPERATOR(pg_catalog.=) w.id AND r.rollup OPERATOR(pg_catalog.=) 'C'
  WHERE r.n OPERATOR(pg_catalog.>) 0
  GROUP BY r.platform
)
SELECT h.platform, k.compatibles,
       ciprov.status_counts(pg_catalog.jsonb_object_agg(COALESCE(h.status::pg_catalog.text, 'NULL'), h.n) FILTER (WHERE h.kind OPERATOR(pg_catalog.=) 'build')),
       ciprov.status_counts(pg_catalog.jsonb_object_agg(COALESCE(h.status::pg_catalog.text, 'NULL'), h.n) FILTER (WHERE h.kind OPERATOR(pg_catalog.=) 'boot')),
       ciprov.status_counts(pg_catalog.jsonb_object_agg(COALESCE(h.status::pg_catalog.text, 'NULL'), h.n) FILTER (WHERE h.kind OPERATOR(pg_catalog.=) 'test'))
FROM h LEFT JOIN k ON k.platform OPERATOR(pg_catalog.=) h.platform
GROUP BY h.platform, k.compatibles
ORDER BY h.platform
$$;
COMMENT ON FUNCTION ciprov.hardware_listing(pg_catalog.text, pg_catalog.timestamptz) IS
  'Hardware listing: one row per platform tested in the origin''s checkouts started at or after since: its compatible strings and its build (distinct builds with a test on it), boot and test counts per status';

CREATE FUNCTION ciprov.rollup_summary(checkout_ids pg_catalog.text[])
RETURNS TABLE (dimension pg_catalog.text, value pg_catalog.text, kind pg_catalog.text,
               counts pg_catalog.jsonb, worst ciprov.status)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH g AS (
  SELECT r.rollup, COALESCE(r.path_group, r.architecture, r.config_name, r.compiler, r.platform) AS val,
         r.kind, r.status, pg_catalog.sum(r.n) AS n
  FROM pg_catalog.unnest($1) AS u(id)
  -- each checkout's counters through the key index (OFFSET 0: a lateral
  -- scan per checkout, never a scan of every counter)
  CROSS JOIN LATERAL (
    SELECT * FROM ciprov.rollup_counts r0
    WHERE r0.checkout_id OPERATOR(pg_catalog.=) u.id AND r0.rollup OPERATOR(pg_catalog.=) ANY ('{g,a,f,m,p}'::"char"[])
      AND r0.n OPERATOR(pg_catalog.<>) 0
    OFFSET 0) r
  GROUP BY 1, 2, 3, 4
)
-- Grouped by the one-byte rollup code, not the dimension name; the worst
-- status by its position in the enum (cheaper than enum comparisons).
SELECT CASE g.rollup WHEN 'g' THEN 'path_group' WHEN 'a' THEN 'architecture' WHEN 'f' THEN 'config'
                     WHEN 'm' THEN 'compiler' ELSE 'platform' END,
       g.val, g.kind,
       ciprov.status_counts(pg_catalog.jsonb_object_agg(COALESCE(g.status::pg_catalog.text, 'NULL'), g.n)),
       (pg_catalog.enum_range(NULL::ciprov.status))[pg_catalog.min(pg_catalog.array_position(pg_catalog.enum_range(NULL::ciprov.status), g.status))]
FROM g GROUP BY g.rollup, g.val, g.kind
ORDER BY pg_catalog.array_position('{g,a,f,m,p}'::"char"[], g.rollup), g.val COLLATE "C",
         pg_catalog.array_position(ARRAY['build', 'boot', 'test'], g.kind)
$$;
COMMENT ON FUNCTION ciprov.rollup_summary(pg_catalog.text[]) IS
  'Counts per status of the given checkouts'' builds, boots and tests by path group, architecture, config, compiler and platform, with each group''s worst status (min); serves tree_summary and revision_summary';

CREATE FUNCTION ciprov.tree_summary(checkout_id pg_catalog.text)
RETURNS TABLE (dimension pg_catalog.text, value pg_catalog.text, kind pg_catalog.text,
               counts pg_catalog.jsonb, worst ciprov.status)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM ciprov.rollup_summary(ARRAY[$1]) $$;
COMMENT ON FUNCTION ciprov.tree_summary(pg_catalog.text) IS
  'Tree details of one checkout: build, boot and test counts per status by path group, architecture, config, compiler and platform, with each group''s worst status';

CREATE FUNCTION ciprov.revision_summary(git_commit_hash pg_catalog.text, patchset_hash pg_catalog.text DEFAULT '')
RETURNS TABLE (dimension pg_catalog.text, value pg_catalog.text, kind pg_catalog.text,
               counts pg_catalog.jsonb, worst ciprov.status)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
-- (a lateral argument, not a sub-select, so that rollup_summary is inlined)
SELECT s.* FROM (
  SELECT pg_catalog.array_agg(c.id) AS ids FROM ciprov.checkouts c
  WHERE c.git_commit_hash OPERATOR(pg_catalog.=) $1 AND COALESCE(c.patchset_hash, '') OPERATOR(pg_catalog.=) $2) x
CROSS JOIN LATERAL ciprov.rollup_summary(x.ids) s
$$;
COMMENT ON FUNCTION ciprov.revision_summary(pg_catalog.text, pg_catalog.text) IS
  'tree_summary over every checkout of a revision (commit hash and patchset hash, '''' or NULL meaning no patches), whatever its origin';

CREATE FUNCTION ciprov.test_history(path ciprov.testpath, platform pg_catalog.text, config_name pg_catalog.text,
                                    tree_name pg_catalog.text, branch pg_catalog.text,
                                    before pg_catalog.timestamptz, n pg_catalog.int4)
RETURNS TABLE (test_id pg_catalog.text, start_time pg_catalog.timestamptz, status ciprov.status,
               build_id pg_catalog.text, checkout_id pg_catalog.text, git_commit_hash pg_catalog.text)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT r.test_id, r.start_time, r.status, r.build_id, r.checkout_id, c.git_commit_hash
FROM ciprov.rollup_runs r JOIN ciprov.checkouts c ON c.id OPERATOR(pg_catalog.=) r.checkout_id
WHERE r.path OPERATOR(ciprov.=) $1 AND r.platform OPERATOR(pg_catalog.=) $2
  AND r.config_name OPERATOR(pg_catalog.=) $3 AND r.start_time OPERATOR(pg_catalog.<) $6
  AND c.tree_name OPERATOR(pg_catalog.=) $4 AND c.git_repository_branch OPERATOR(pg_catalog.=) $5
ORDER BY r.start_time DESC, r.test_id DESC
LIMIT $7
$$;
COMMENT ON FUNCTION ciprov.test_history(ciprov.testpath, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.int4) IS
  'Test status history: the newest n results (start time before the given time) of one test path on one platform and config in one tree and branch';

CREATE FUNCTION ciprov.tree_compare(commit_a pg_catalog.text, commit_b pg_catalog.text, origin pg_catalog.text)
RETURNS TABLE (path ciprov.testpath, config_name pg_catalog.text, architecture pg_catalog.text,
               platform pg_catalog.text, status_a ciprov.status, status_b ciprov.status, change pg_catalog.text)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH latest AS (
  -- one sort key per (path, config, architecture, platform): the fields
  -- joined by a unit separator, NULL written as a record separator
  SELECT DISTINCT ON (c.git_commit_hash, k.key)
         c.git_commit_hash AS commit, k.key, r.path, r.config_name, r.architecture, r.platform, r.status
  FROM ciprov.checkouts c
  -- the runs of each checkout through rollup_runs_checkout (a lateral
  -- subquery keeps the planner from hashing every run)
  CROSS JOIN LATERAL (SELECT * FROM ciprov.rollup_runs r0 WHERE r0.checkout_id OPERATOR(pg_catalog.=) c.id OFFSET 0) r
  CROSS JOIN LATERAL (SELECT pg_catalog.concat_ws(E'\x1f', COALESCE(r.path::pg_catalog.text, E'\x1e'),
                                                 COALESCE(r.config_name, E'\x1e'), COALESCE(r.architecture, E'\x1e'),
                                                 COALESCE(r.platform, E'\x1e')) COLLATE "C" AS key) k
  WHERE c.git_commit_hash OPERATOR(pg_catalog.=) ANY (ARRAY[$1, $2]) AND c.origin OPERATOR(pg_catalog.=) $3
  ORDER BY c.git_commit_hash, k.key, r.start_time DESC NULLS LAST, r.test_id DESC
), a AS (SELECT * FROM latest WHERE commit OPERATOR(pg_catalog.=) $1),
   b AS (SELECT * FROM latest WHERE commit OPERATOR(pg_catalog.=) $2)
SELECT a.path, a.config_name, a.architecture, a.platform, a.status, b.status,
       CASE WHEN a.status OPERATOR(pg_catalog.<=) 'ERROR' AND b.status OPERATOR(pg_catalog.<=) 'ERROR' THEN 'still failing'
            WHEN b.status OPERATOR(pg_catalog.<=) 'ERROR' THEN 'regression'
            WHEN a.status OPERATOR(pg_catalog.<=) 'ERROR' THEN 'fix'
            ELSE 'changed' END
FROM a JOIN b ON a.key OPERATOR(pg_catalog.=) b.key
WHERE a.status IS DISTINCT FROM b.status
   OR (a.status OPERATOR(pg_catalog.<=) 'ERROR' AND b.status OPERATOR(pg_catalog.<=) 'ERROR')
ORDER BY a.path, a.config_name, a.architecture, a.platform
$$;
COMMENT ON FUNCTION ciprov.tree_compare(pg_catalog.text, pg_catalog.text, pg_catalog.text) IS
  'Tree compare: for each (path, config, architecture, platform) tested in both revisions of the origin, its latest status in each when they differ or both fail: regression (fails only in b), fix (fails only in a), still failing (FAIL or ERROR in both), changed (any other difference)';
