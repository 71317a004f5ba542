-- ciprov.testpath: dotted KernelCI test paths
\set SHOW_CONTEXT never

-- Valid paths read back unchanged; '' is the root
SELECT p::ciprov.testpath AS path
FROM unnest(ARRAY['boot', 'ltp.sem01', 'rt-tests.svsematest.svsematest', '', 'A_b-9.x']) AS p;

-- Invalid input: 22P02 with the reason and the position
SELECT 'a..b'::ciprov.testpath;
\echo :LAST_ERROR_SQLSTATE
SELECT '.boot'::ciprov.testpath;
\echo :LAST_ERROR_SQLSTATE
SELECT 'boot.'::ciprov.testpath;
\echo :LAST_ERROR_SQLSTATE
SELECT '.'::ciprov.testpath;
\echo :LAST_ERROR_SQLSTATE
SELECT 'ltp.sem 01'::ciprov.testpath;
\echo :LAST_ERROR_SQLSTATE
SELECT 'ltp/sem01'::ciprov.testpath;
\echo :LAST_ERROR_SQLSTATE
SELECT 'bööt.x'::ciprov.testpath;
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.testpath('a.b$');
\echo :LAST_ERROR_SQLSTATE

-- Casts to and from text
SELECT 'ltp.sem01'::pg_catalog.text::ciprov.testpath AS from_text,
       pg_catalog.pg_typeof('ltp.sem01'::ciprov.testpath::pg_catalog.text) AS to_text_type,
       'ltp.sem01'::ciprov.testpath LIKE 'ltp.%' AS like_via_text;
