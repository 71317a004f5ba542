-- Spack's splice over stored DAGs, and finding installs by their build
-- provenance.

CREATE FUNCTION ciprov.spack_splice(target pg_catalog.text, replacement pg_catalog.text,
                                    transitive pg_catalog.bool DEFAULT true)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'ciprov_spack_splice'
LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION ciprov.spack_splice(pg_catalog.text, pg_catalog.text, pg_catalog.bool) IS
  'Spack''s splice: stores a new DAG in which the target''s dependency of the replacement''s name (and, transitively, its link/run dependencies) is the replacement; changed ancestors become new nodes with a build_spec; returns the new root hash';
