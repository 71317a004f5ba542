-- Spack DAG store: one row per concrete node (its dag hash is the identity),
-- one row per dependency edge, and the install records of Spack databases
-- and build-cache indexes. Written by ciprov.spack_submit and
-- ciprov.spack_submit_database only.

CREATE TABLE ciprov.spack_nodes (
  id pg_catalog.int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hash pg_catalog.text NOT NULL UNIQUE,
  name pg_catalog.text NOT NULL,
  version ciprov.version NOT NULL,
  namespace pg_catalog.text,
  platform pg_catalog.text,
  os pg_catalog.text,
  target pg_catalog.text,
  variants pg_catalog.jsonb NOT NULL DEFAULT '{}',
  flags pg_catalog.jsonb NOT NULL DEFAULT '{}',
  external pg_catalog.jsonb,
  package_hash pg_catalog.text,
  full_hash pg_catalog.text,
  build_hash pg_catalog.text,
  build_spec pg_catalog.int8 REFERENCES ciprov.spack_nodes (id),
  annotations pg_catalog.jsonb NOT NULL DEFAULT '{}',
  spec_format pg_catalog.int4 NOT NULL,
  synthesized_compiler pg_catalog.bool NOT NULL DEFAULT false,
  node_json pg_catalog.jsonb NOT NULL,
  link_run_closure pg_catalog.int8[] NOT NULL DEFAULT '{}',
  dag pg_catalog.bytea NOT NULL,
  submitted_at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE ciprov.spack_nodes IS
  'Concrete Spack spec nodes, one row per dag hash (stored as read, never recomputed); shared by every DAG that contains them';
COMMENT ON COLUMN ciprov.spack_nodes.hash IS 'The dag hash: the identity of the node';
COMMENT ON COLUMN ciprov.spack_nodes.version IS 'The concrete version (ciprov.version: Spack ordering and ranges)';
COMMENT ON COLUMN ciprov.spack_nodes.variants IS 'The node''s "parameters" without the compiler flags';
COMMENT ON COLUMN ciprov.spack_nodes.flags IS 'cflags, cppflags, cxxflags, fflags, ldflags and ldlibs';
COMMENT ON COLUMN ciprov.spack_nodes.build_hash IS 'Legacy build_hash of spec formats 1 and 2';
COMMENT ON COLUMN ciprov.spack_nodes.full_hash IS 'Legacy full_hash of spec formats 1 and 2';
COMMENT ON COLUMN ciprov.spack_nodes.build_spec IS 'For a spliced node: the node that was really built';
COMMENT ON COLUMN ciprov.spack_nodes.spec_format IS 'Spec format the node was first read from (1 = v1 list format)';
COMMENT ON COLUMN ciprov.spack_nodes.synthesized_compiler IS
  'True for a compiler node made from the "compiler" field of a spec format below 5';
COMMENT ON COLUMN ciprov.spack_nodes.node_json IS 'The node as it appeared in the first document that held it';
COMMENT ON COLUMN ciprov.spack_nodes.link_run_closure IS
  'Ids of every node reachable through link and run edges, computed once at insert (a concrete node never changes)';
COMMENT ON COLUMN ciprov.spack_nodes.dag IS
  'The node''s whole DAG (every node''s id, hash, name and version, and every edge; binary, format byte 2), computed once at insert, so spack_dependencies reads one row';
-- Stored uncompressed: the DAG is read whole on every spack_dependencies
-- call, and decompressing it cost more than reading its TOAST chunks.
ALTER TABLE ciprov.spack_nodes ALTER COLUMN dag SET STORAGE EXTERNAL;
SELECT pg_catalog.pg_extension_config_dump('ciprov.spack_nodes', '');
SELECT pg_catalog.pg_extension_config_dump('ciprov.spack_nodes_id_seq', '');
COMMENT ON SEQUENCE ciprov.spack_nodes_id_seq IS 'Identity of ciprov.spack_nodes';

CREATE INDEX spack_nodes_name_idx ON ciprov.spack_nodes (name);
COMMENT ON INDEX ciprov.spack_nodes_name_idx IS 'Nodes by package name';
CREATE INDEX spack_nodes_closure_idx ON ciprov.spack_nodes USING gin (link_run_closure);
COMMENT ON INDEX ciprov.spack_nodes_closure_idx IS 'Nodes whose link/run closure holds a given node';

CREATE TABLE ciprov.spack_edges (
  parent pg_catalog.int8 NOT NULL REFERENCES ciprov.spack_nodes (id),
  child pg_catalog.int8 NOT NULL REFERENCES ciprov.spack_nodes (id),
  deptype_mask pg_catalog.int2 NOT NULL CHECK (deptype_mask BETWEEN 1 AND 15),
  deptypes pg_catalog.text[] NOT NULL,
  virtuals pg_catalog.text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (parent, child) INCLUDE (deptype_mask)
);
COMMENT ON TABLE ciprov.spack_edges IS 'Dependency edges of stored Spack nodes: parent depends on child';
COMMENT ON COLUMN ciprov.spack_edges.deptype_mask IS 'Dependency types as bits: build 1, link 2, run 4, test 8';
COMMENT ON COLUMN ciprov.spack_edges.deptypes IS 'Dependency types as names, in Spack order';
COMMENT ON COLUMN ciprov.spack_edges.virtuals IS 'Virtual packages the child provides to the parent on this edge';
SELECT pg_catalog.pg_extension_config_dump('ciprov.spack_edges', '');
CREATE INDEX spack_edges_child_idx ON ciprov.spack_edges (child) INCLUDE (parent, deptype_mask);
COMMENT ON INDEX ciprov.spack_edges_child_idx IS 'Edges by child, for dependents';

CREATE TABLE ciprov.spack_installs (
  node pg_catalog.int8 PRIMARY KEY REFERENCES ciprov.spack_nodes (id),
  path pg_catalog.text,
  installed pg_catalog.bool,
  explicit pg_catalog.bool,
  in_buildcache pg_catalog.bool,
  installation_time pg_catalog.timestamptz,
  ref_count pg_catalog.int8,
  deprecated_for pg_catalog.text,
  database_version pg_catalog.text NOT NULL,
  record pg_catalog.jsonb NOT NULL,
  updated_at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE ciprov.spack_installs IS
  'Install records from Spack databases and build-cache index.json files, one per node (the latest submission wins)';
COMMENT ON COLUMN ciprov.spack_installs.deprecated_for IS 'Hash of the spec that deprecates this one';
COMMENT ON COLUMN ciprov.spack_installs.record IS 'The install record without its spec';
SELECT pg_catalog.pg_extension_config_dump('ciprov.spack_installs', '');

CREATE FUNCTION ciprov.spack_submit(doc pg_catalog.jsonb)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'ciprov_spack_submit'
LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION ciprov.spack_submit(pg_catalog.jsonb) IS
  'Stores a Spack spec.json of any format (v1 list, _meta versions 2 to 5) and returns its root hash; idempotent, validates before writing';

CREATE FUNCTION ciprov.spack_submit_database(doc pg_catalog.jsonb)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'ciprov_spack_submit_database'
LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION ciprov.spack_submit_database(pg_catalog.jsonb) IS
  'Stores a Spack install database or build-cache index.json with its install records; returns the number of records';
