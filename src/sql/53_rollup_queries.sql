-- The KernelCI dashboard's heavy pages, answered from the rollups. All are
-- plain SQL, STABLE; see docs/rollup.md for what each returns.

-- A status -> count object from the seven counter columns of one kind.
CREATE FUNCTION ciprov.status_counts(fail pg_catalog.int8, error pg_catalog.int8, miss pg_catalog.int8,
                                     pass pg_catalog.int8, done pg_catalog.int8, skip pg_catalog.int8,
                                     unfinished pg_catalog.int8)
RETURNS pg_catalog.jsonb
-- STABLE as jsonb_build_object is: so that the planner inlines it
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT pg_catalog.jsonb_build_object('FAIL', COALESCE($1, 0), 'ERROR', COALESCE($2, 0), 'MISS', COALESCE($3, 0),
                                     'PASS', COALESCE($4, 0), 'DONE', COALESCE($5, 0), 'SKIP', COALESCE($6, 0),
                                     'NULL', COALESCE($7, 0))
$$;
COMMENT ON FUNCTION ciprov.status_counts(pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
  'A status -> count object with all seven keys (FAIL ERROR MISS PASS DONE SKIP NULL) from the seven counts of one kind (NULL read as 0)';

-- The worst status (kcidb priority order) among seven counts of one kind.
CREATE FUNCTION ciprov.worst_status(fail pg_catalog.int8, error pg_catalog.int8, miss pg_catalog.int8,
                                    pass pg_catalog.int8, done pg_catalog.int8, skip pg_catalog.int8)
RETURNS ciprov.status
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
-- (typed literals, folded at parse time: the planner inlines it)
SELECT CASE WHEN $1 OPERATOR(pg_catalog.>) 0 THEN 'FAIL'::ciprov.status WHEN $2 OPERATOR(pg_catalog.>) 0 THEN 'ERROR'::ciprov.status
            WHEN $3 OPERATOR(pg_catalog.>) 0 THEN 'MISS'::ciprov.status WHEN $4 OPERATOR(pg_catalog.>) 0 THEN 'PASS'::ciprov.status
            WHEN $5 OPERATOR(pg_catalog.>) 0 THEN 'DONE'::ciprov.status WHEN $6 OPERATOR(pg_catalog.>) 0 THEN 'SKIP'::ciprov.status END
$$;
COMMENT ON FUNCTION ciprov.worst_status(pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
  'The first status in kcidb priority order (FAIL ERROR MISS PASS DONE SKIP) with a positive count, NULL when none: min(status) of the counted rows';

CREATE FUNCTION ciprov.tree_listing(origin pg_catalog.text, since pg_catalog.timestamptz)
RETURNS TABLE (origin pg_catalog.text, tree_name pg_catalog.text, git_repository_url pg_catalog.text,
               git_repository_branch pg_catalog.text, checkout_id pg_catalog.text, git_commit_hash pg_catalog.text,
               git_commit_name pg_catalog.text, start_time pg_catalog.timestamptz,
               builds pg_catalog.jsonb, boots pg_catalog.jsonb, tests pg_catalog.jsonb)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT h.origin, h.tree_name, h.git_repository_url, h.git_repository_branch, h.id, h.git_commit_hash,
       h.git_commit_name, h.start_time,
       ciprov.status_counts(r.build_fail, r.build_error, r.build_miss, r.build_pass, r.build_done, r.build_skip, r.build_null),
       ciprov.status_counts(r.boot_fail, r.boot_error, r.boot_miss, r.boot_pass, r.boot_done, r.boot_skip, r.boot_null),
       ciprov.status_counts(r.test_fail, r.test_error, r.test_miss, r.test_pass, r.test_done, r.test_skip, r.test_null)
FROM (SELECT DISTINCT ON (c.tree_name, c.git_repository_url, c.git_repository_branch) c.*
      FROM ciprov.checkouts c
      WHERE c.origin OPERATOR(pg_catalog.=) $1 AND c.start_time OPERATOR(pg_catalog.>=) $2
      ORDER BY c.tree_name, c.git_repository_url, c.git_repository_branch, c.start_time DESC, c.id DESC) h
LEFT JOIN ciprov.rollup_counts r
  ON r.checkout_id OPERATOR(pg_catalog.=) h.id AND r.rollup OPERATOR(pg_catalog.=) 'L' AND r.value IS NULL
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
), h AS (  -- one counter row per (checkout, platform)
  SELECT r.value AS platform,
         pg_catalog.sum(r.build_fail) AS build_fail,
         pg_catalog.sum(r.build_error) AS build_error,
         pg_catalog.sum(r.build_miss) AS build_miss,
         pg_catalog.sum(r.build_pass) AS build_pass,
         pg_catalog.sum(r.build_done) AS build_done,
         pg_catalog.sum(r.build_skip) AS build_skip,
         pg_catalog.sum(r.build_null) AS build_null,
         pg_catalog.sum(r.boot_fail) AS boot_fail,
         pg_catalog.sum(r.boot_error) AS boot_error,
         pg_catalog.sum(r.boot_miss) AS boot_miss,
         pg_catalog.sum(r.boot_pass) AS boot_pass,
         pg_catalog.sum(r.boot_done) AS boot_done,
         pg_catalog.sum(r.boot_skip) AS boot_skip,
         pg_catalog.sum(r.boot_null) AS boot_null,
         pg_catalog.sum(r.test_fail) AS test_fail,
         pg_catalog.sum(r.test_error) AS test_error,
         pg_catalog.sum(r.test_miss) AS test_miss,
         pg_catalog.sum(r.test_pass) AS test_pass,
         pg_catalog.sum(r.test_done) AS test_done,
         pg_catalog.sum(r.test_skip) AS test_skip,
         pg_catalog.sum(r.test_null) AS test_null
  FROM w JOIN ciprov.rollup_counts r
    ON r.checkout_id OPERATOR(pg_catalog.=) w.id AND r.rollup OPERATOR(pg_catalog.=) 'p' AND r.value IS NOT NULL
  GROUP BY r.value
), k AS (  -- C values: platform, unit separator, compatible string (split once per distinct value)
  SELECT pg_catalog.left(x.value, pg_catalog.strpos(x.value, E'\x1f') OPERATOR(pg_catalog.-) 1) AS platform,
         pg_catalog.array_agg(pg_catalog.substr(x.value, pg_catalog.strpos(x.value, E'\x1f') OPERATOR(pg_catalog.+) 1)
                              ORDER BY pg_catalog.substr(x.value, pg_catalog.strpos(x.value, E'\x1f') OPERATOR(pg_catalog.+) 1)) AS compatibles
  FROM (SELECT DISTINCT r.value
        FROM w JOIN ciprov.rollup_counts r ON r.checkout_id OPERATOR(pg_catalog.=) w.id AND r.rollup OPERATOR(pg_catalog.=) 'C'
        WHERE r.boot_fail OPERATOR(pg_catalog.+) r.boot_error OPERATOR(pg_catalog.+) r.boot_miss OPERATOR(pg_catalog.+) r.boot_pass OPERATOR(pg_catalog.+) r.boot_done OPERATOR(pg_catalog.+) r.boot_skip OPERATOR(pg_catalog.+) r.boot_null OPERATOR(pg_catalog.+) r.test_fail OPERATOR(pg_catalog.+) r.test_error OPERATOR(pg_catalog.+) r.test_miss OPERATOR(pg_catalog.+) r.test_pass OPERATOR(pg_catalog.+) r.test_done OPERATOR(pg_catalog.+) r.test_skip OPERATOR(pg_catalog.+) r.test_null OPERATOR(pg_catalog.>) 0) x
  GROUP BY 1
)
SELECT h.platform, k.compatibles,
       ciprov.status_counts(h.build_fail, h.build_error, h.build_miss, h.build_pass, h.build_done, h.build_skip, h.build_null),
       ciprov.status_counts(h.boot_fail, h.boot_error, h.boot_miss, h.boot_pass, h.boot_done, h.boot_skip, h.boot_null),
       ciprov.status_counts(h.test_fail, h.test_error, h.test_miss, h.test_pass, h.test_done, h.test_skip, h.test_null)
FROM h LEFT JOIN k ON k.platform OPERATOR(pg_catalog.=) h.platform
WHERE h.build_fail OPERATOR(pg_catalog.+) h.build_error OPERATOR(pg_catalog.+) h.build_miss OPERATOR(pg_catalog.+) h.build_pass OPERATOR(pg_catalog.+) h.build_done OPERATOR(pg_catalog.+) h.build_skip OPERATOR(pg_catalog.+) h.build_null OPERATOR(pg_catalog.+) h.boot_fail OPERATOR(pg_catalog.+) h.boot_error OPERATOR(pg_catalog.+) h.boot_miss OPERATOR(pg_catalog.+) h.boot_pass OPERATOR(pg_catalog.+) h.boot_done OPERATOR(pg_catalog.+) h.boot_skip OPERATOR(pg_catalog.+) h.boot_null OPERATOR(pg_catalog.+) h.test_fail OPERATOR(pg_catalog.+) h.test_error OPERATOR(pg_catalog.+) h.test_miss OPERATOR(pg_catalog.+) h.test_pass OPERATOR(pg_catalog.+) h.test_done OPERATOR(pg_catalog.+) h.test_skip OPERATOR(pg_catalog.+) h.test_null OPERATOR(pg_catalog.<>) 0
ORDER BY h.platform
$$;
COMMENT ON FUNCTION ciprov.hardware_listing(pg_catalog.text, pg_catalog.timestamptz) IS
  'Hardware listing: one row per platform tested in the origin''s checkouts started at or after since: its compatible strings and its build (distinct builds with a test on it), boot and test counts per status';

CREATE FUNCTION ciprov.rollup_summary(checkout_ids pg_catalog.text[])
RETURNS TABLE (dimension pg_catalog.text, value pg_catalog.text, kind pg_catalog.text,
               counts pg_catalog.jsonb, worst ciprov.status)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH r AS (
  SELECT r.rollup, r.value,
         pg_catalog.sum(r.build_fail) AS build_fail,
         pg_catalog.sum(r.build_error) AS build_error,
         pg_catalog.sum(r.build_miss) AS build_miss,
         pg_catalog.sum(r.build_pass) AS build_pass,
         pg_catalog.sum(r.build_done) AS build_done,
         pg_catalog.sum(r.build_skip) AS build_skip,
         pg_catalog.sum(r.build_null) AS build_null,
         pg_catalog.sum(r.boot_fail) AS boot_fail,
         pg_catalog.sum(r.boot_error) AS boot_error,
         pg_catalog.sum(r.boot_miss) AS boot_miss,
         pg_catalog.sum(r.boot_pass) AS boot_pass,
         pg_catalog.sum(r.boot_done) AS boot_done,
         pg_catalog.sum(r.boot_skip) AS boot_skip,
         pg_catalog.sum(r.boot_null) AS boot_null,
         pg_catalog.sum(r.test_fail) AS test_fail,
         pg_catalog.sum(r.test_error) AS test_error,
         pg_catalog.sum(r.test_miss) AS test_miss,
         pg_catalog.sum(r.test_pass) AS test_pass,
         pg_catalog.sum(r.test_done) AS test_done,
         pg_catalog.sum(r.test_skip) AS test_skip,
         pg_catalog.sum(r.test_null) AS test_null
  FROM pg_catalog.unnest($1) AS u(id)
  -- each checkout's counter rows through the key index (OFFSET 0: a
  -- lateral scan per checkout, never a scan of every counter)
  CROSS JOIN LATERAL (
    SELECT * FROM ciprov.rollup_counts r0
    WHERE r0.checkout_id OPERATOR(pg_catalog.=) u.id AND r0.rollup OPERATOR(pg_catalog.=) ANY ('{g,a,f,m,p}'::"char"[])
    OFFSET 0) r
  GROUP BY r.rollup, r.value
)
SELECT CASE r.rollup WHEN 'g' THEN 'path_group' WHEN 'a' THEN 'architecture' WHEN 'f' THEN 'config'
                     WHEN 'm' THEN 'compiler' ELSE 'platform' END,
       r.value, k.kind, ciprov.status_counts(k.f, k.e, k.m, k.p, k.d, k.s, k.u),
       ciprov.worst_status(k.f, k.e, k.m, k.p, k.d, k.s)
FROM r
CROSS JOIN LATERAL (VALUES
  (1, 'build', r.build_fail, r.build_error, r.build_miss, r.build_pass, r.build_done, r.build_skip, r.build_null),
  (2, 'boot', r.boot_fail, r.boot_error, r.boot_miss, r.boot_pass, r.boot_done, r.boot_skip, r.boot_null),
  (3, 'test', r.test_fail, r.test_error, r.test_miss, r.test_pass, r.test_done, r.test_skip, r.test_null)) AS k(pos, kind, f, e, m, p, d, s, u)
-- builds are counted by architecture, config and compiler only
WHERE (k.kind OPERATOR(pg_catalog.<>) 'build' OR r.rollup OPERATOR(pg_catalog.=) ANY ('{a,f,m}'::"char"[]))
  AND k.f OPERATOR(pg_catalog.+) k.e OPERATOR(pg_catalog.+) k.m OPERATOR(pg_catalog.+) k.p OPERATOR(pg_catalog.+) k.d
      OPERATOR(pg_catalog.+) k.s OPERATOR(pg_catalog.+) k.u OPERATOR(pg_catalog.<>) 0
ORDER BY pg_catalog.array_position('{g,a,f,m,p}'::"char"[], r.rollup), r.value COLLATE "C", k.pos
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
-- newest first down ciprov.tests_platform, each candidate's build and
-- checkout by primary key, until n match
SELECT t.id, t.start_time, t.status, t.build_id, b.checkout_id, c.git_commit_hash
FROM ciprov.tests t
JOIN ciprov.builds b ON b.id OPERATOR(pg_catalog.=) t.build_id
JOIN ciprov.checkouts c ON c.id OPERATOR(pg_catalog.=) b.checkout_id
WHERE t.path OPERATOR(ciprov.=) $1
  AND ciprov.platform(t.environment_misc, t.environment_compatible) OPERATOR(pg_catalog.=) $2
  AND t.start_time OPERATOR(pg_catalog.<) $6
  AND b.config_name OPERATOR(pg_catalog.=) $3
  AND c.tree_name OPERATOR(pg_catalog.=) $4 AND c.git_repository_branch OPERATOR(pg_catalog.=) $5
ORDER BY t.start_time DESC, t.id DESC
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
         c.git_commit_hash AS commit, k.key, t.path, b.config_name, b.architecture, t.platform, t.status
  FROM ciprov.checkouts c
  -- each checkout's builds and their tests through the parent indexes (a
  -- lateral subquery keeps the planner from hashing every test)
  CROSS JOIN LATERAL (SELECT * FROM ciprov.builds b0 WHERE b0.checkout_id OPERATOR(pg_catalog.=) c.id OFFSET 0) b
  CROSS JOIN LATERAL (SELECT t0.id, t0.path, t0.status, t0.start_time,
                             ciprov.platform(t0.environment_misc, t0.environment_compatible) AS platform
                      FROM ciprov.tests t0 WHERE t0.build_id OPERATOR(pg_catalog.=) b.id OFFSET 0) t
  CROSS JOIN LATERAL (SELECT pg_catalog.concat_ws(E'\x1f', COALESCE(t.path::pg_catalog.text, E'\x1e'),
                                                 COALESCE(b.config_name, E'\x1e'), COALESCE(b.architecture, E'\x1e'),
                                                 COALESCE(t.platform, E'\x1e')) COLLATE "C" AS key) k
  WHERE c.git_commit_hash OPERATOR(pg_catalog.=) ANY (ARRAY[$1, $2]) AND c.origin OPERATOR(pg_catalog.=) $3
  ORDER BY c.git_commit_hash, k.key, t.start_time DESC NULLS LAST, t.id DESC
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
