-- The C++/PostgreSQL boundary: C++ errors become SQL errors with the right
-- SQLSTATE, PostgreSQL errors cross C++ frames unchanged, long C++ loops
-- stop on statement_timeout, and the session keeps working after each.
\set SHOW_CONTEXT never
-- psql keeps the SQLSTATE of the last error in LAST_ERROR_SQLSTATE

-- core::Error with SQLSTATE 22P02, message and detail naming the position
SELECT ciprov.selftest_raise('invalid_text');
\echo :LAST_ERROR_SQLSTATE
-- core::Error with SQLSTATE 22023, detail and hint
SELECT ciprov.selftest_raise('invalid_parameter');
\echo :LAST_ERROR_SQLSTATE
-- std::bad_alloc becomes out of memory (53200)
SELECT ciprov.selftest_raise('bad_alloc');
\echo :LAST_ERROR_SQLSTATE
-- any other std::exception is an internal error (XX000) with its text
SELECT ciprov.selftest_raise('std');
\echo :LAST_ERROR_SQLSTATE
-- even a non-std exception is caught at the boundary
SELECT ciprov.selftest_raise('unknown');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.selftest_raise('no-such-kind');
\echo :LAST_ERROR_SQLSTATE

-- A PostgreSQL error raised under the guard keeps its own SQLSTATE and text
SELECT ciprov.selftest_pg_error('12x');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.selftest_pg_error('12');

-- Inside a transaction: the error aborts it, ROLLBACK recovers
BEGIN;
SELECT ciprov.selftest_raise('invalid_parameter');
\echo :LAST_ERROR_SQLSTATE
SELECT 1;
ROLLBACK;

-- A savepoint catches the C++ error like any other
BEGIN;
SAVEPOINT s;
SELECT ciprov.selftest_pg_error('nope');
ROLLBACK TO SAVEPOINT s;
SELECT ciprov.selftest_pg_error('7') AS after_savepoint;
COMMIT;

-- statement_timeout stops a 60-second C++ loop
SET statement_timeout = '200ms';
SELECT ciprov.selftest_spin(60);
\echo :LAST_ERROR_SQLSTATE
RESET statement_timeout;
-- a short loop completes
SELECT ciprov.selftest_spin(0.01) > 0 AS spun;

-- every tracked C++ object was destroyed by the unwinding
SELECT ciprov.selftest_live_objects() AS live_objects;

-- the session still works
SELECT 'still alive' AS status;
