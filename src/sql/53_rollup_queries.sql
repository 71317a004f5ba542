-- The KernelCI dashboard's heavy pages, answered from the rollups. The
-- readers are plain SQL, STABLE, over the C functions first below; see
-- docs/rollup.md for what each returns.

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
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT h.origin, h.tree_name, h.git_repository_url, h.git_repository_branch, h.id, h.git_commit_hash,
       h.git_commit_name, h.start_time,
       ciprov.rollup_status_counts(r, 'build'), ciprov.rollup_status_counts(r, 'boot'),
       ciprov.rollup_status_counts(r, 'test')
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
LANGUAGE sql STABLE PARALLEL RESTRICTED
AS $$
-- the window's platform (p) and platform-compatible (C) counter rows summed
-- per value in one read; values that count nothing left out
WITH s AS (
  SELECT s.rollup, s.value, s AS c
  FROM ciprov.rollup_sum(ARRAY(SELECT c.id FROM ciprov.checkouts c
                               WHERE c.origin OPERATOR(pg_catalog.=) $1 AND c.start_time OPERATOR(pg_catalog.>=) $2),
                         '{p,C}') s
  WHERE s.value IS NOT NULL AND ciprov.rollup_total(s) OPERATOR(pg_catalog.<>) 0
), k AS MATERIALIZED (  -- C values: platform, unit separator, compatible string (grouped
      -- once: not re-aggregated for each platform of a nested loop)
  SELECT pg_catalog.left(x.value, pg_catalog.strpos(x.value, E'\x1f') OPERATOR(pg_catalog.-) 1) AS platform,
         pg_catalog.array_agg(pg_catalog.substr(x.value, pg_catalog.strpos(x.value, E'\x1f') OPERATOR(pg_catalog.+) 1)
                              ORDER BY pg_catalog.substr(x.value, pg_catalog.strpos(x.value, E'\x1f') OPERATOR(pg_catalog.+) 1)) AS compatibles
  FROM s x WHERE x.rollup OPERATOR(pg_catalog.=) 'C'
  GROUP BY 1
)
SELECT p.value, k.compatibles, ciprov.rollup_status_counts(p.c, 'build'), ciprov.rollup_status_counts(p.c, 'boot'),
       ciprov.rollup_status_counts(p.c, 'test')
FROM s p LEFT JOIN k ON k.platform OPERATOR(pg_catalog.=) p.value
WHERE p.rollup OPERATOR(pg_catalog.=) 'p'
ORDER BY p.value
$$;
COMMENT ON FUNCTION ciprov.hardware_listing(pg_catalog.text, pg_catalog.timestamptz) IS
  'Hardware listing: one row per platform tested in the origin''s checkouts started at or after since: its compatible strings and its build (distinct builds with a test on it), boot and test counts per status';

CREATE FUNCTION ciprov.rollup_summary(checkout_ids pg_catalog.text[])
RETURNS TABLE (dimension pg_catalog.text, value pg_catalog.text, kind pg_catalog.text,
               counts pg_catalog.jsonb, worst ciprov.status)
LANGUAGE sql STABLE PARALLEL RESTRICTED
AS $$
SELECT CASE s.rollup WHEN 'g' THEN 'path_group' WHEN 'a' THEN 'architecture' WHEN 'f' THEN 'config'
                     WHEN 'm' THEN 'compiler' ELSE 'platform' END,
       s.value, s.kind, s.counts, s.worst
FROM ciprov.rollup_sum_kinds($1, '{g,a,f,m,p}') s
-- builds are counted by architecture, config and compiler only
WHERE s.kind OPERATOR(pg_catalog.<>) 'build' OR s.rollup OPERATOR(pg_catalog.=) ANY ('{a,f,m}'::"char"[])
ORDER BY pg_catalog.array_position('{g,a,f,m,p}'::"char"[], s.rollup), s.value COLLATE "C",
         pg_catalog.array_position('{build,boot,test}'::pg_catalog.text[], s.kind)
$$;
COMMENT ON FUNCTION ciprov.rollup_summary(pg_catalog.text[]) IS
  'Counts per status of the given checkouts'' builds, boots and tests by path group, architecture, config, compiler and platform, with each group''s worst status (min); serves tree_summary and revision_summary';

CREATE FUNCTION ciprov.tree_summary(checkout_id pg_catalog.text)
RETURNS TABLE (dimension pg_catalog.text, value pg_catalog.text, kind pg_catalog.text,
               counts pg_catalog.jsonb, worst ciprov.status)
LANGUAGE sql STABLE PARALLEL RESTRICTED
AS $$ SELECT * FROM ciprov.rollup_summary(ARRAY[$1]) $$;
COMMENT ON FUNCTION ciprov.tree_summary(pg_catalog.text) IS
  'Tree details of one checkout: build, boot and test counts per status by path group, architecture, config, compiler and platform, with each group''s worst status';

CREATE FUNCTION ciprov.revision_summary(git_commit_hash pg_catalog.text, patchset_hash pg_catalog.text DEFAULT '')
RETURNS TABLE (dimension pg_catalog.text, value pg_catalog.text, kind pg_catalog.text,
               counts pg_catalog.jsonb, worst ciprov.status)
LANGUAGE sql STABLE PARALLEL RESTRICTED
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
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 10
AS 'MODULE_PATHNAME', 'ciprov_test_history';
COMMENT ON FUNCTION ciprov.test_history(ciprov.testpath, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.int4) IS
  'Test status history: the newest n results (start time before the given time; ties by test id, bytewise) of one test path on one platform and config in one tree and branch, read from the test runs newest day first';

CREATE FUNCTION ciprov.rollup_compare(checkouts_a pg_catalog.text[], checkouts_b pg_catalog.text[])
RETURNS TABLE (path ciprov.testpath, config_name pg_catalog.text, architecture pg_catalog.text,
               platform pg_catalog.text, status_a ciprov.status, status_b ciprov.status, change pg_catalog.text)
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 200
AS 'MODULE_PATHNAME', 'ciprov_rollup_compare';
COMMENT ON FUNCTION ciprov.rollup_compare(pg_catalog.text[], pg_catalog.text[]) IS
  'The core of ciprov.tree_compare over two sets of checkouts, unordered: per (path, config, architecture, platform) tested on both sides, the latest status on each (by start time, NULL oldest; ties by test id, bytewise) when they differ or both fail, labelled';

CREATE FUNCTION ciprov.tree_compare(commit_a pg_catalog.text, commit_b pg_catalog.text, origin pg_catalog.text)
RETURNS TABLE (path ciprov.testpath, config_name pg_catalog.text, architecture pg_catalog.text,
               platform pg_catalog.text, status_a ciprov.status, status_b ciprov.status, change pg_catalog.text)
LANGUAGE sql STABLE PARALLEL RESTRICTED
AS $$
SELECT c.* FROM ciprov.rollup_compare(
  ARRAY(SELECT x.id FROM ciprov.checkouts x
        WHERE x.git_commit_hash OPERATOR(pg_catalog.=) $1 AND x.origin OPERATOR(pg_catalog.=) $3),
  ARRAY(SELECT x.id FROM ciprov.checkouts x
        WHERE x.git_commit_hash OPERATOR(pg_catalog.=) $2 AND x.origin OPERATOR(pg_catalog.=) $3)) c
ORDER BY c.path, c.config_name, c.architecture, c.platform
$$;
COMMENT ON FUNCTION ciprov.tree_compare(pg_catalog.text, pg_catalog.text, pg_catalog.text) IS
  'Tree compare: for each (path, config, architecture, platform) tested in both revisions of the origin, its latest status in each when they differ or both fail: regression (fails only in b), fix (fails only in a), still failing (FAIL or ERROR in both), changed (any other difference)';
