-- Rollups on the real KernelCI corpus (../shared/data/kcidb/submissions.zip,
-- 500 production submissions): exact after loading it, after loading it
-- again from empty tables in a random order (the same counters), and after
-- resubmitting everything in another random order (nothing changes).
-- Skipped when ../shared is absent.
\set SHOW_CONTEXT never
SET TimeZone = 'UTC';
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;
\set have_shared `test -f ../shared/data/kcidb/submissions.zip && echo true || echo false`
\if :have_shared
\set script `bash test/rollup/corpus_script.sh sorted`
\set ECHO none
\i :script
\set ECHO all
SELECT (SELECT count(*) FROM ciprov.checkouts) AS checkouts, (SELECT count(*) FROM ciprov.builds) AS builds,
       (SELECT count(*) FROM ciprov.tests) AS tests,
       (SELECT count(*) FILTER (WHERE known) FROM ciprov.rollup_builds) AS known_builds,
       (SELECT count(*) FILTER (WHERE NOT known) FROM ciprov.rollup_builds) AS awaited_builds;
SELECT count(*) AS differences FROM ciprov.rollup_check();
-- what the listing and hardware pages show for the corpus
SELECT kind, pg_catalog.sum(n) AS n FROM ciprov.rollup_count_cells WHERE rollup = 'L' GROUP BY kind ORDER BY kind;
SELECT count(*) AS tree_heads, pg_catalog.sum((tests->>'FAIL')::int) AS failed_tests FROM ciprov.tree_listing('maestro', '-infinity');
SELECT count(*) AS platforms FROM ciprov.hardware_listing('maestro', '-infinity');
CREATE TEMP TABLE sorted_counts AS SELECT * FROM ciprov.rollup_count_cells;

-- From empty tables again, in a random order: the same counters.
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;
\set script `bash test/rollup/corpus_script.sh random 7`
\set ECHO none
\i :script
\set ECHO all
SELECT count(*) AS differences FROM ciprov.rollup_check();
SELECT count(*) AS counters_not_as_sorted FROM (
  (SELECT * FROM ciprov.rollup_count_cells EXCEPT ALL SELECT * FROM sorted_counts)
  UNION ALL (SELECT * FROM sorted_counts EXCEPT ALL SELECT * FROM ciprov.rollup_count_cells)) d;

-- Everything resubmitted in another order: still exact, nothing moved.
\set script `bash test/rollup/corpus_script.sh random 11`
\set ECHO none
\i :script
\set ECHO all
SELECT count(*) AS differences FROM ciprov.rollup_check();
SELECT count(*) AS counters_not_as_sorted FROM (
  (SELECT * FROM ciprov.rollup_count_cells EXCEPT ALL SELECT * FROM sorted_counts)
  UNION ALL (SELECT * FROM sorted_counts EXCEPT ALL SELECT * FROM ciprov.rollup_count_cells)) d;
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;
\else
\echo 'skipped: ../shared/data is absent'
\endif
