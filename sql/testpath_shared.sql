-- Test paths and hardware of the KernelCI dashboard's real corpus
-- (../shared/data/kcidb/submissions.zip: 500 production submissions, July
-- 2025). Skipped when ../shared is absent.
\set SHOW_CONTEXT never
\set have_shared `test -f ../shared/data/kcidb/submissions.zip && echo true || echo false`
\if :have_shared
SET search_path = ciprov, public;
-- one submission per line, read client-side; CSV with control characters
-- as quote and delimiter keeps the JSON byte for byte
CREATE TEMP TABLE submission (doc pg_catalog.text);
\copy submission FROM PROGRAM 'z=../shared/data/kcidb/submissions.zip; for f in $(unzip -Z1 $z); do unzip -p $z "$f"; echo; done' WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
CREATE TEMP TABLE real_tests AS
SELECT t->>'path' AS path_text, t->'environment'->'misc' AS misc,
       ARRAY(SELECT pg_catalog.jsonb_array_elements_text(t->'environment'->'compatible')) AS compat,
       (s.doc::jsonb->'version'->>'major')::int AS major
FROM submission s, pg_catalog.jsonb_array_elements(s.doc::jsonb->'tests') AS t;
UPDATE real_tests SET compat = NULL WHERE compat = '{}';
SELECT count(*) AS submissions FROM submission;
SELECT count(*) AS tests, count(DISTINCT path_text) AS distinct_paths,
       count(*) FILTER (WHERE misc ? 'platform') AS with_misc_platform,
       count(*) FILTER (WHERE compat IS NOT NULL) AS with_compatible
FROM real_tests;

-- Every real path is accepted exactly when it matches kcidb v5's pattern
CREATE FUNCTION pg_temp.parses(p pg_catalog.text) RETURNS pg_catalog.bool LANGUAGE plpgsql AS $$
BEGIN
  PERFORM p::ciprov.testpath;
  RETURN true;
EXCEPTION WHEN invalid_text_representation THEN
  RETURN false;
END $$;
SELECT count(*) FILTER (WHERE pg_temp.parses(path_text)) AS parsed,
       count(*) FILTER (WHERE pg_temp.parses(path_text) = (path_text ~ '^([A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*)?$')) AS agree_with_pattern,
       count(*) AS total
FROM real_tests WHERE path_text IS NOT NULL;

-- Groups by size; each group is one contiguous run in testpath order
CREATE TEMP TABLE real_paths AS SELECT path_text::ciprov.testpath AS path, misc, compat FROM real_tests;
SELECT path_group(path) AS path_group, count(*) AS tests, max(nlevel(path)) AS max_depth
FROM real_paths GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 8;
SELECT count(*) AS group_runs, count(DISTINCT g) AS groups, count(*) = count(DISTINCT g) AS contiguous
FROM (SELECT g, g IS DISTINCT FROM lag(g) OVER (ORDER BY path) AS starts
      FROM (SELECT path, path_group(path) AS g FROM real_paths) x) y
WHERE starts;
-- <@ agrees with the text form of the subtree for every group
SELECT bool_and(a = b) AS subtree_agrees
FROM (SELECT g,
             (SELECT count(*) FROM real_paths WHERE path <@ g::ciprov.testpath) AS a,
             (SELECT count(*) FROM real_paths WHERE path::pg_catalog.text = g
                                                 OR pg_catalog.starts_with(path::pg_catalog.text, g || '.')) AS b
      FROM (SELECT DISTINCT path_group(path) AS g FROM real_paths) gs) c;

-- Hardware: platform is COALESCE(misc->>'platform', compatible[1]) and
-- runs_on is the dashboard's predicate, for every real test
SELECT count(*) FILTER (WHERE platform(misc, compat) IS NOT DISTINCT FROM COALESCE(misc->>'platform', compat[1])) AS platform_agrees,
       count(*) FILTER (WHERE runs_on(misc, compat, COALESCE(misc->>'platform', compat[1]))
                              = COALESCE(compat @> ARRAY[COALESCE(misc->>'platform', compat[1])]
                                         OR misc->>'platform' = COALESCE(misc->>'platform', compat[1]), false)) AS runs_on_agrees,
       count(*) AS total
FROM real_paths;
SELECT platform(misc, compat) AS platform, count(*) AS tests
FROM real_paths GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5;
\else
\echo 'skipped: ../shared/data is absent'
\endif
