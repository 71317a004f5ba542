-- ciprov.spec: a Spack spec (abstract), e.g. 'hdf5@1.12.2+mpi %gcc@12 ^openmpi@4.1'.
-- Stored as a format version byte and the canonical text; printed in
-- Spack's canonical order.

CREATE TYPE ciprov.spec;

CREATE FUNCTION ciprov.spec_in(pg_catalog.cstring) RETURNS ciprov.spec
AS 'MODULE_PATHNAME', 'ciprov_spec_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_in(pg_catalog.cstring) IS
  'Input function of ciprov.spec: Spack 1.x spec syntax';

CREATE FUNCTION ciprov.spec_out(ciprov.spec) RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'ciprov_spec_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_out(ciprov.spec) IS
  'Output function of ciprov.spec: canonical text in Spack''s order';

CREATE FUNCTION ciprov.spec_recv(pg_catalog.internal) RETURNS ciprov.spec
AS 'MODULE_PATHNAME', 'ciprov_spec_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_recv(pg_catalog.internal) IS
  'Binary input of ciprov.spec: format version byte 1, then the spec text (parsed and canonicalised)';

CREATE FUNCTION ciprov.spec_send(ciprov.spec) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'ciprov_spec_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_send(ciprov.spec) IS
  'Binary output of ciprov.spec: format version byte 1, then the canonical text';

CREATE TYPE ciprov.spec (
  INPUT = ciprov.spec_in,
  OUTPUT = ciprov.spec_out,
  RECEIVE = ciprov.spec_recv,
  SEND = ciprov.spec_send,
  INTERNALLENGTH = VARIABLE,
  STORAGE = extended
);
COMMENT ON TYPE ciprov.spec IS
  'A Spack spec (abstract): name, versions, variants, compiler flags, architecture, hash prefix and dependencies, with Spack 1.x semantics';

-- Equality and a total order over the canonical form
CREATE FUNCTION ciprov.spec_cmp(ciprov.spec, ciprov.spec) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'ciprov_spec_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_cmp(ciprov.spec, ciprov.spec) IS
  'btree support: -1, 0 or 1 comparing the canonical texts bytewise';
CREATE FUNCTION ciprov.spec_eq(ciprov.spec, ciprov.spec) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_spec_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_eq(ciprov.spec, ciprov.spec) IS 'Same canonical spec';
CREATE FUNCTION ciprov.spec_ne(ciprov.spec, ciprov.spec) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_spec_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_ne(ciprov.spec, ciprov.spec) IS 'Different canonical specs';
CREATE FUNCTION ciprov.spec_lt(ciprov.spec, ciprov.spec) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_spec_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_lt(ciprov.spec, ciprov.spec) IS 'Canonical text sorts before';
CREATE FUNCTION ciprov.spec_le(ciprov.spec, ciprov.spec) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_spec_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_le(ciprov.spec, ciprov.spec) IS 'Canonical text sorts before or equal';
CREATE FUNCTION ciprov.spec_gt(ciprov.spec, ciprov.spec) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_spec_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_gt(ciprov.spec, ciprov.spec) IS 'Canonical text sorts after';
CREATE FUNCTION ciprov.spec_ge(ciprov.spec, ciprov.spec) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_spec_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_ge(ciprov.spec, ciprov.spec) IS 'Canonical text sorts after or equal';
CREATE FUNCTION ciprov.spec_hash(ciprov.spec) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'ciprov_spec_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_hash(ciprov.spec) IS 'hash support: 32-bit hash of the canonical text';
CREATE FUNCTION ciprov.spec_hash_extended(ciprov.spec, pg_catalog.int8) RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'ciprov_spec_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_hash_extended(ciprov.spec, pg_catalog.int8) IS
  'hash support: seeded 64-bit hash of the canonical text (PARTITION BY HASH)';

CREATE OPERATOR ciprov.= (
  LEFTARG = ciprov.spec, RIGHTARG = ciprov.spec, FUNCTION = ciprov.spec_eq,
  COMMUTATOR = OPERATOR(ciprov.=), NEGATOR = OPERATOR(ciprov.<>),
  RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES);
COMMENT ON OPERATOR ciprov.= (ciprov.spec, ciprov.spec) IS 'Same canonical spec';
CREATE OPERATOR ciprov.<> (
  LEFTARG = ciprov.spec, RIGHTARG = ciprov.spec, FUNCTION = ciprov.spec_ne,
  COMMUTATOR = OPERATOR(ciprov.<>), NEGATOR = OPERATOR(ciprov.=),
  RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel);
COMMENT ON OPERATOR ciprov.<> (ciprov.spec, ciprov.spec) IS 'Different canonical specs';
CREATE OPERATOR ciprov.< (
  LEFTARG = ciprov.spec, RIGHTARG = ciprov.spec, FUNCTION = ciprov.spec_lt,
  COMMUTATOR = OPERATOR(ciprov.>), NEGATOR = OPERATOR(ciprov.>=),
  RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel);
COMMENT ON OPERATOR ciprov.< (ciprov.spec, ciprov.spec) IS 'Canonical text sorts before';
CREATE OPERATOR ciprov.<= (
  LEFTARG = ciprov.spec, RIGHTARG = ciprov.spec, FUNCTION = ciprov.spec_le,
  COMMUTATOR = OPERATOR(ciprov.>=), NEGATOR = OPERATOR(ciprov.>),
  RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel);
COMMENT ON OPERATOR ciprov.<= (ciprov.spec, ciprov.spec) IS 'Canonical text sorts before or equal';
CREATE OPERATOR ciprov.> (
  LEFTARG = ciprov.spec, RIGHTARG = ciprov.spec, FUNCTION = ciprov.spec_gt,
  COMMUTATOR = OPERATOR(ciprov.<), NEGATOR = OPERATOR(ciprov.<=),
  RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel);
COMMENT ON OPERATOR ciprov.> (ciprov.spec, ciprov.spec) IS 'Canonical text sorts after';
CREATE OPERATOR ciprov.>= (
  LEFTARG = ciprov.spec, RIGHTARG = ciprov.spec, FUNCTION = ciprov.spec_ge,
  COMMUTATOR = OPERATOR(ciprov.<=), NEGATOR = OPERATOR(ciprov.<),
  RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel);
COMMENT ON OPERATOR ciprov.>= (ciprov.spec, ciprov.spec) IS 'Canonical text sorts after or equal';

CREATE OPERATOR CLASS ciprov.spec_ops DEFAULT FOR TYPE ciprov.spec USING btree AS
  OPERATOR 1 ciprov.<, OPERATOR 2 ciprov.<=, OPERATOR 3 ciprov.=,
  OPERATOR 4 ciprov.>=, OPERATOR 5 ciprov.>,
  FUNCTION 1 ciprov.spec_cmp(ciprov.spec, ciprov.spec);
COMMENT ON OPERATOR CLASS ciprov.spec_ops USING btree IS
  'btree over the canonical spec text (equality and a total order)';
CREATE OPERATOR CLASS ciprov.spec_hash_ops DEFAULT FOR TYPE ciprov.spec USING hash AS
  OPERATOR 1 ciprov.=,
  FUNCTION 1 ciprov.spec_hash(ciprov.spec),
  FUNCTION 2 ciprov.spec_hash_extended(ciprov.spec, pg_catalog.int8);
COMMENT ON OPERATOR CLASS ciprov.spec_hash_ops USING hash IS
  'hash over the canonical spec text, with the seeded extended function';

-- Spack semantics
CREATE FUNCTION ciprov.satisfies(ciprov.spec, ciprov.spec) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_spec_satisfies' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.satisfies(ciprov.spec, ciprov.spec) IS
  'Spack satisfies: every concretization of the first spec also satisfies the second';
CREATE FUNCTION ciprov.spec_satisfied_by(ciprov.spec, ciprov.spec) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_spec_satisfied_by' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_satisfied_by(ciprov.spec, ciprov.spec) IS
  'The second spec satisfies the first (b @> a is a <@ b)';
CREATE FUNCTION ciprov.intersects(ciprov.spec, ciprov.spec) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_spec_intersects' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.intersects(ciprov.spec, ciprov.spec) IS
  'Spack intersects: some concrete spec satisfies both';
CREATE FUNCTION ciprov.constrain(ciprov.spec, ciprov.spec) RETURNS ciprov.spec
AS 'MODULE_PATHNAME', 'ciprov_spec_constrain' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.constrain(ciprov.spec, ciprov.spec) IS
  'Spack constrain: the intersection of the two specs; ERROR naming the conflicting field when there is none';

CREATE OPERATOR ciprov.<@ (
  LEFTARG = ciprov.spec, RIGHTARG = ciprov.spec, FUNCTION = ciprov.satisfies,
  COMMUTATOR = OPERATOR(ciprov.@>),
  RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel);
COMMENT ON OPERATOR ciprov.<@ (ciprov.spec, ciprov.spec) IS 'a <@ b: spec a satisfies spec b';
CREATE OPERATOR ciprov.@> (
  LEFTARG = ciprov.spec, RIGHTARG = ciprov.spec, FUNCTION = ciprov.spec_satisfied_by,
  COMMUTATOR = OPERATOR(ciprov.<@),
  RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel);
COMMENT ON OPERATOR ciprov.@> (ciprov.spec, ciprov.spec) IS 'b @> a: spec a satisfies spec b';
CREATE OPERATOR ciprov.&& (
  LEFTARG = ciprov.spec, RIGHTARG = ciprov.spec, FUNCTION = ciprov.intersects,
  COMMUTATOR = OPERATOR(ciprov.&&),
  RESTRICT = pg_catalog.areasel, JOIN = pg_catalog.areajoinsel);
COMMENT ON OPERATOR ciprov.&& (ciprov.spec, ciprov.spec) IS 'The specs intersect';

-- Accessors
CREATE FUNCTION ciprov.spec_name(ciprov.spec) RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'ciprov_spec_name' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_name(ciprov.spec) IS
  'Package name of the root; NULL for an anonymous spec';
CREATE FUNCTION ciprov.spec_versions(ciprov.spec) RETURNS ciprov.version_range
AS 'MODULE_PATHNAME', 'ciprov_spec_versions' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_versions(ciprov.spec) IS
  'Version constraint of the root (: when none is given)';
CREATE FUNCTION ciprov.spec_variants(ciprov.spec) RETURNS pg_catalog.jsonb
AS 'MODULE_PATHNAME', 'ciprov_spec_variants' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_variants(ciprov.spec) IS
  'Variants of the root as a JSON object: booleans as true/false, others as arrays of values ([] for key=*)';
CREATE FUNCTION ciprov.spec_dependencies(ciprov.spec) RETURNS SETOF ciprov.spec
AS 'MODULE_PATHNAME', 'ciprov_spec_dependencies' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
ROWS 4;
COMMENT ON FUNCTION ciprov.spec_dependencies(ciprov.spec) IS
  'The dependencies on the edges of the root (^ and %), each as a spec, in canonical order';
CREATE FUNCTION ciprov.spec_to_jsonb(ciprov.spec) RETURNS pg_catalog.jsonb
AS 'MODULE_PATHNAME', 'ciprov_spec_to_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spec_to_jsonb(ciprov.spec) IS
  'The structured form of the spec: name, namespace, versions, variants, compiler_flags, arch, hash, dependencies with their edge attributes';
COMMENT ON OPERATOR FAMILY ciprov.spec_ops USING btree IS
  'btree operator family of ciprov.spec (canonical text order)';
COMMENT ON OPERATOR FAMILY ciprov.spec_hash_ops USING hash IS
  'hash operator family of ciprov.spec (canonical text)';
