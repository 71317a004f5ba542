-- Self-test probes for the C++/PostgreSQL boundary. They are part of the
-- extension so that any installation can check its own error handling.

CREATE FUNCTION ciprov.selftest_raise(kind pg_catalog.text)
RETURNS void
AS 'MODULE_PATHNAME', 'ciprov_selftest_raise'
LANGUAGE C STRICT VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.selftest_raise(pg_catalog.text) IS
  'Self-test: throws a C++ exception of the given kind (invalid_text, invalid_parameter, bad_alloc, std, unknown) to show it becomes an SQL error';

CREATE FUNCTION ciprov.selftest_spin(seconds pg_catalog.float8)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'ciprov_selftest_spin'
LANGUAGE C STRICT VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.selftest_spin(pg_catalog.float8) IS
  'Self-test: busy C++ loop for the given seconds that polls interrupts; statement_timeout and cancel stop it';

CREATE FUNCTION ciprov.selftest_pg_error(input pg_catalog.text)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'ciprov_selftest_pg_error'
LANGUAGE C STRICT VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.selftest_pg_error(pg_catalog.text) IS
  'Self-test: calls int4in from C++ through the guard; a PostgreSQL error crosses C++ frames as an exception';

CREATE FUNCTION ciprov.selftest_live_objects()
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'ciprov_selftest_live_objects'
LANGUAGE C STRICT VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.selftest_live_objects() IS
  'Self-test: number of tracked C++ objects alive in this backend; 0 after any error proves the unwinding ran destructors';
