-- Traversal of the stored Spack DAGs. One C++ breadth-first traversal
-- serves dependencies, dependents, dot and json.

CREATE FUNCTION ciprov.spack_deptype_names(mask pg_catalog.int2)
RETURNS pg_catalog.text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ARRAY(SELECT t.name FROM pg_catalog.unnest(ARRAY['build', 'link', 'run', 'test']::pg_catalog.text[])
                  WITH ORDINALITY AS t(name, bit)
             WHERE (mask::pg_catalog.int4 & (1 << (t.bit::pg_catalog.int4 - 1))) <> 0
             ORDER BY t.bit);
COMMENT ON FUNCTION ciprov.spack_deptype_names(pg_catalog.int2) IS
  'Dependency type names of a deptype bit mask (build 1, link 2, run 4, test 8), in Spack order';

CREATE FUNCTION ciprov.spack_traverse(hash pg_catalog.text, deptypes pg_catalog.text[],
                                      max_depth pg_catalog.int4, dependents pg_catalog.bool)
RETURNS TABLE (node pg_catalog.int8, depth pg_catalog.int4, deptype_mask pg_catalog.int2)
AS 'MODULE_PATHNAME', 'ciprov_spack_traverse'
LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 100;
COMMENT ON FUNCTION ciprov.spack_traverse(pg_catalog.text, pg_catalog.text[], pg_catalog.int4, pg_catalog.bool) IS
  'Breadth-first traversal from a stored node (node ids, smallest depth, deptypes of the reaching edges); the engine of spack_dependencies and spack_dependents';

CREATE FUNCTION ciprov.spack_dependencies(hash pg_catalog.text, deptypes pg_catalog.text[] DEFAULT NULL,
                                          max_depth pg_catalog.int4 DEFAULT NULL)
RETURNS TABLE (hash pg_catalog.text, name pg_catalog.text, version ciprov.version,
               depth pg_catalog.int4, deptypes pg_catalog.text[])
AS 'MODULE_PATHNAME', 'ciprov_spack_dependencies'
LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 100;
COMMENT ON FUNCTION ciprov.spack_dependencies(pg_catalog.text, pg_catalog.text[], pg_catalog.int4) IS
  'The node and its transitive dependencies, each once at its smallest depth, following only edges of the given types (NULL: all)';

CREATE FUNCTION ciprov.spack_dependents(hash pg_catalog.text, deptypes pg_catalog.text[] DEFAULT NULL,
                                          max_depth pg_catalog.int4 DEFAULT NULL)
RETURNS TABLE (hash pg_catalog.text, name pg_catalog.text, version ciprov.version,
               depth pg_catalog.int4, deptypes pg_catalog.text[])
AS 'MODULE_PATHNAME', 'ciprov_spack_dependents'
LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 100;
COMMENT ON FUNCTION ciprov.spack_dependents(pg_catalog.text, pg_catalog.text[], pg_catalog.int4) IS
  'The node and every stored node that depends on it transitively, each once at its smallest depth, through edges of the given types (NULL: all)';

CREATE FUNCTION ciprov.spack_dot(hash pg_catalog.text, deptypes pg_catalog.text[] DEFAULT NULL)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'ciprov_spack_dot'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ciprov.spack_dot(pg_catalog.text, pg_catalog.text[]) IS
  'Graphviz dot text of a stored DAG, like spack graph --dot (edges coloured by dependency type)';

CREATE FUNCTION ciprov.spack_json(hash pg_catalog.text)
RETURNS pg_catalog.jsonb
AS 'MODULE_PATHNAME', 'ciprov_spack_json'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION ciprov.spack_json(pg_catalog.text) IS
  'The stored DAG of a node as spec.json format v5; submitting it back yields the same hashes';
