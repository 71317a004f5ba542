-- Spack's splice over stored DAGs, and finding installs by their build
-- provenance.

CREATE FUNCTION ciprov.spack_splice(target pg_catalog.text, replacement pg_catalog.text,
                                    transitive pg_catalog.bool DEFAULT true)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'ciprov_spack_splice'
LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION ciprov.spack_splice(pg_catalog.text, pg_catalog.text, pg_catalog.bool) IS
  'Spack''s splice: stores a new DAG in which the target''s dependency of the replacement''s name (and, transitively, its link/run dependencies) is the replacement; changed ancestors become new nodes with a build_spec; returns the new root hash';

CREATE FUNCTION ciprov.spack_find_spliced(deployed ciprov.spec, built_with ciprov.spec)
RETURNS SETOF pg_catalog.text
LANGUAGE sql STABLE STRICT PARALLEL RESTRICTED ROWS 10
AS $$
  SELECT d.hash
  FROM ciprov.spack_find(deployed) AS f(hash)
  JOIN ciprov.spack_nodes d ON d.hash = f.hash
  JOIN ciprov.spack_nodes b ON b.id = d.build_spec
  WHERE b.hash IN (SELECT w.hash FROM ciprov.spack_find(built_with) AS w(hash))
  ORDER BY d.hash
$$;
COMMENT ON FUNCTION ciprov.spack_find_spliced(ciprov.spec, ciprov.spec) IS
  'Spliced nodes whose deployed DAG satisfies the first spec and whose build spec (what was really built) satisfies the second: "deployed with zlib@1.3 but built with zlib@1.2"';
