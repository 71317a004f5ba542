-- Hardware and platform of kcidb tests, by the KernelCI dashboard's rule:
-- the platform is environment_misc->>'platform' when present, else
-- environment_compatible[1]; a test runs on a hardware named by its platform
-- or by any of its compatible strings. The jsonb is read in C++ with
-- PostgreSQL's jsonb API. Index support (see docs/testpath.md):
--   * ciprov.platform(...) = x   btree expression index on ciprov.platform(...)
--   * ciprov.runs_on(..., x)     planner support rewrites it to
--     ciprov.hardware_keys(...) @> ARRAY[x]: GIN expression index on
--     ciprov.hardware_keys(...)

CREATE FUNCTION ciprov.platform(environment_misc pg_catalog.jsonb, environment_compatible pg_catalog.text[])
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'ciprov_platform'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.platform(pg_catalog.jsonb, pg_catalog.text[]) IS
  'The hardware of a kcidb test as the dashboard shows it: environment_misc->>''platform'' when present, else environment_compatible[1]';

CREATE FUNCTION ciprov.hardware_keys(environment_misc pg_catalog.jsonb, environment_compatible pg_catalog.text[])
RETURNS pg_catalog.text[]
AS 'MODULE_PATHNAME', 'ciprov_hardware_keys'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.hardware_keys(pg_catalog.jsonb, pg_catalog.text[]) IS
  'Every hardware name a kcidb test answers to (its misc platform, then its compatible strings, each once); index it with GIN for ciprov.runs_on';

CREATE FUNCTION ciprov.runs_on_support(pg_catalog.internal)
RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'ciprov_runs_on_support'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.runs_on_support(pg_catalog.internal) IS
  'Planner support for ciprov.runs_on: rewrites it to ciprov.hardware_keys(misc, compatible) @> ARRAY[hardware] so a GIN index applies';

CREATE FUNCTION ciprov.runs_on(environment_misc pg_catalog.jsonb, environment_compatible pg_catalog.text[], hardware pg_catalog.text)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_runs_on'
LANGUAGE C IMMUTABLE PARALLEL SAFE
SUPPORT ciprov.runs_on_support;
COMMENT ON FUNCTION ciprov.runs_on(pg_catalog.jsonb, pg_catalog.text[], pg_catalog.text) IS
  'True when a kcidb test ran on the hardware: it is environment_misc->>''platform'' or one of environment_compatible (false for NULL hardware)';
