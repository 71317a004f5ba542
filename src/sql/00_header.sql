-- ciprov 0.1: assembled at build time from src/sql/*.sql in name order.
-- Every name is schema-qualified (ciprov., pg_catalog.) so that the
-- search_path of the installing session changes nothing.

\echo Use "CREATE EXTENSION ciprov" to load this file. \quit

COMMENT ON SCHEMA ciprov IS
  'ciprov: CI and build-provenance model (Spack specs and DAGs, KernelCI results) inside PostgreSQL';
