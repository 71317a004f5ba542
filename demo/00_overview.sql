-- ciprov demo: what the extension provides, and how its errors look.
\pset footer off
\echo
\echo '== ciprov: the installed extension =='
SELECT e.extname, e.extversion, n.nspname AS schema,
       pg_catalog.obj_description(e.oid, 'pg_extension') AS description
FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'ciprov';

\echo '== objects by kind (each has a COMMENT: see \\dx+ ciprov) =='
SELECT pg_catalog.split_part(pg_catalog.pg_describe_object(classid, objid, 0), ' ', 1) AS kind,
       pg_catalog.count(*) AS objects
FROM pg_catalog.pg_depend
WHERE refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND deptype = 'e'
  AND refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = 'ciprov')
GROUP BY 1 ORDER BY 1;

\echo '== a C++ error reaches SQL as an ordinary ERROR with its SQLSTATE =='
\set ON_ERROR_STOP off
SELECT ciprov.selftest_raise('invalid_text');
\echo 'SQLSTATE:' :LAST_ERROR_SQLSTATE
\echo '== statement_timeout stops a long C++ loop =='
\set QUIET on
SET statement_timeout = '100ms';
SELECT ciprov.selftest_spin(30);
\echo 'SQLSTATE:' :LAST_ERROR_SQLSTATE
RESET statement_timeout;
\set ON_ERROR_STOP on
