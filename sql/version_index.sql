-- `v <@ constant range` on a btree-indexed ciprov.version column becomes an
-- index range scan through the planner support function: lossy bounds
-- (>= lower, < upper) on the btree opfamily, rechecked by the operator.
\set SHOW_CONTEXT never
SET search_path = public, ciprov;

CREATE TABLE builds(id int, v ciprov.version);
INSERT INTO builds
SELECT i, (i % 3 || '.' || i % 20 || '.' || i % 7)::ciprov.version FROM generate_series(1, 5000) i;
INSERT INTO builds VALUES (6001, '1.12rc1'), (6002, 'develop'), (6003, 'git.main=1.11.2'), (6004, 'git.main');
CREATE INDEX builds_v ON builds (v);
ANALYZE builds;
SET enable_seqscan = off;

EXPLAIN (COSTS OFF) SELECT id FROM builds WHERE v <@ '1.10:1.12';
EXPLAIN (COSTS OFF) SELECT id FROM builds WHERE '1.10:1.12'::ciprov.version_range @> v;
EXPLAIN (COSTS OFF) SELECT id FROM builds WHERE v <@ '1.10:1.12,=2.3.1';
EXPLAIN (COSTS OFF) SELECT id FROM builds WHERE v <@ '2.5:';
EXPLAIN (COSTS OFF) SELECT id FROM builds WHERE v <@ ':0.3';
EXPLAIN (COSTS OFF) SELECT count(*) FROM builds WHERE v <@ '=1.2.3';

-- The index answers exactly what a sequential scan answers
CREATE TEMP TABLE probes(r ciprov.version_range);
INSERT INTO probes VALUES ('1.10:1.12'), ('1.10:1.12,=2.3.1'), ('2.5:'), (':0.3'), ('=1.2.3'), ('1.11'),
  ('1.12rc1:1.12'), (':'), ('develop'), ('git.main'), ('1.11.2'), ('0.1:0.2,2.18:2.19.3'),
  ('git.main=1.11:1.12'), ('git.main=2:'), ('1.11.2,git.main=1.11.2');
CREATE TEMP TABLE indexed AS
SELECT p.r, (SELECT count(*) FROM builds b WHERE b.v <@ p.r) AS n FROM probes p WHERE false;
DO $$
DECLARE p record; n bigint;
BEGIN
  FOR p IN SELECT r FROM probes LOOP
    EXECUTE format('SELECT count(*) FROM builds WHERE v OPERATOR(ciprov.<@) %L::ciprov.version_range', p.r) INTO n;
    INSERT INTO indexed VALUES (p.r, n);
  END LOOP;
END $$;
RESET enable_seqscan;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SET enable_indexonlyscan = off;
SELECT i.r, i.n AS by_index, (SELECT count(*) FROM builds b WHERE b.v <@ i.r) AS by_seqscan
FROM indexed i ORDER BY i.r::text;
RESET enable_indexscan;
RESET enable_bitmapscan;
RESET enable_indexonlyscan;

SET enable_seqscan = off;
SELECT id, v FROM builds WHERE v <@ '1.11.2:1.12' ORDER BY v, id LIMIT 8;
-- A non-constant range is not turned into index bounds
EXPLAIN (COSTS OFF) SELECT b.id FROM builds b JOIN probes p ON b.v <@ p.r;
RESET enable_seqscan;

-- Row estimates of `<@` come from the column histogram over each item's
-- bounds (restriction estimator), not from a fixed guess
CREATE FUNCTION pg_temp.estimated_rows(query text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE plan json;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
  RETURN (plan->0->'Plan'->>'Plan Rows')::bigint;
END $$;
SELECT r, pg_temp.estimated_rows(format('SELECT * FROM builds WHERE v <@ %L', r)) AS estimated,
       (SELECT count(*) FROM builds WHERE v <@ r::ciprov.version_range) AS actual
FROM unnest(ARRAY['2.5:', ':0.3', ':', '1:', ':1,2.10:', 'git.main']) r;
DROP TABLE builds;
