-- ciprov.kcidb_submit: one call validates a kcidb I/O document (any schema
-- version 3.0 .. 5.3) against exactly the version it declares, upgrades it
-- to 5.3 by kcidb's rules and merges its objects into the kcidb tables.

CREATE FUNCTION ciprov.kcidb_submit(doc pg_catalog.jsonb)
RETURNS pg_catalog.jsonb
AS 'MODULE_PATHNAME', 'ciprov_kcidb_submit'
LANGUAGE C STRICT VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION ciprov.kcidb_submit(pg_catalog.jsonb) IS
  'Validates a kcidb I/O document (v3.0 to v5.3; SQLSTATE 22023 naming every problem, nothing written), upgrades it to v5.3 and merges it into ciprov.checkouts/builds/tests/issues/incidents field by field (non-null beats null, stored values stay); returns {"checkouts": n, "builds": n, "tests": n, "issues": n, "incidents": n}';

CREATE FUNCTION ciprov.kcidb_upgrade(doc pg_catalog.jsonb)
RETURNS pg_catalog.jsonb
AS 'MODULE_PATHNAME', 'ciprov_kcidb_upgrade'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.kcidb_upgrade(pg_catalog.jsonb) IS
  'Validates a kcidb I/O document like kcidb_submit (SQLSTATE 22023 with every problem) and returns it upgraded to v5.3, repeated objects merged, without storing anything';
