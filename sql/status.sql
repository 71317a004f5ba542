-- ciprov.status: kcidb's statuses in priority order, so that min() over a
-- group is the group's summary status and NULL means "not finished".
SELECT pg_catalog.enum_range(NULL::ciprov.status) AS priority_order;

-- The order: FAIL < ERROR < MISS < PASS < DONE < SKIP
SELECT 'FAIL'::ciprov.status < 'ERROR' AS fail_before_error,
       'ERROR'::ciprov.status < 'MISS' AS error_before_miss,
       'MISS'::ciprov.status < 'PASS' AS miss_before_pass,
       'PASS'::ciprov.status < 'DONE' AS pass_before_done,
       'DONE'::ciprov.status < 'SKIP' AS done_before_skip;

-- min(status) summarises a group; NULLs (unfinished) are ignored unless all
-- are NULL
SELECT g, min(s) AS summary
FROM (VALUES (1, 'PASS'::ciprov.status), (1, 'SKIP'), (1, 'FAIL'), (1, NULL),
             (2, 'PASS'), (2, 'DONE'), (2, 'SKIP'),
             (3, 'SKIP'), (3, 'MISS'), (3, 'ERROR'),
             (4, NULL), (4, NULL)) AS t(g, s)
GROUP BY g ORDER BY g;

-- Sorting follows the priority
SELECT s FROM unnest('{SKIP,PASS,FAIL,DONE,MISS,ERROR}'::ciprov.status[]) AS s ORDER BY s;

-- Status names are case-sensitive, as in kcidb
SELECT 'pass'::ciprov.status;
\echo :LAST_ERROR_SQLSTATE
SELECT 'UNKNOWN'::ciprov.status;
\echo :LAST_ERROR_SQLSTATE
