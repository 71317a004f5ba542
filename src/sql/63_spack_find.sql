-- Stored Spack nodes as concrete specs, and spack_find: the stored nodes
-- satisfying a query, answered on the name index, the GIN index on
-- link_run_closure and the child index of spack_edges.

CREATE FUNCTION ciprov.spack_spec(hash pg_catalog.text)
RETURNS ciprov.spec
AS 'MODULE_PATHNAME', 'ciprov_spack_spec'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION ciprov.spack_spec(pg_catalog.text) IS
  'The concrete spec of a stored node with its dependencies (name@=version, variants, flags, arch; each dependency a direct edge with its deptypes and virtuals)';

CREATE FUNCTION ciprov.spack_find(query ciprov.spec)
RETURNS SETOF pg_catalog.text
AS 'MODULE_PATHNAME', 'ciprov_spack_find'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 100;
COMMENT ON FUNCTION ciprov.spack_find(ciprov.spec) IS
  'Hashes of the stored nodes satisfying a query by Spack''s rules for concrete specs (%dep: a direct dependency; ^dep: a direct dependency or in the link/run closure), answered on indexes';
