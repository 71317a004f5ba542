-- ciprov.version_range: a Spack version constraint (a set of versions),
-- e.g. '1.2:1.4,=2.0,git.main=2.1'. Printed in Spack's canonical form.

CREATE TYPE ciprov.version_range;

CREATE FUNCTION ciprov.version_range_in(pg_catalog.cstring) RETURNS ciprov.version_range
AS 'MODULE_PATHNAME', 'ciprov_version_range_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_in(pg_catalog.cstring) IS
  'Input function of ciprov.version_range: comma-separated 1.2 (every 1.2.*), =1.2 (exactly), 1.2:1.4, 1.2:, :1.4, :, git versions';

CREATE FUNCTION ciprov.version_range_out(ciprov.version_range) RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'ciprov_version_range_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_out(ciprov.version_range) IS
  'Output function of ciprov.version_range: canonical text (items sorted, overlapping and adjacent items merged)';

CREATE FUNCTION ciprov.version_range_recv(pg_catalog.internal) RETURNS ciprov.version_range
AS 'MODULE_PATHNAME', 'ciprov_version_range_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_recv(pg_catalog.internal) IS
  'Binary input of ciprov.version_range: format version byte 1, then the constraint text';

CREATE FUNCTION ciprov.version_range_send(ciprov.version_range) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'ciprov_version_range_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_send(ciprov.version_range) IS
  'Binary output of ciprov.version_range: format version byte 1, then the canonical text';

CREATE TYPE ciprov.version_range (
  INPUT = ciprov.version_range_in,
  OUTPUT = ciprov.version_range_out,
  RECEIVE = ciprov.version_range_recv,
  SEND = ciprov.version_range_send,
  INTERNALLENGTH = VARIABLE,
  STORAGE = extended
);
COMMENT ON TYPE ciprov.version_range IS
  'A Spack version constraint: a set of versions made of prefix ranges (1.2 = every 1.2.*), closed or open ranges (1.2:1.4 includes every 1.4.*), exact versions (=1.2) and git versions';

-- Membership, subset and overlap
CREATE FUNCTION ciprov.version_in_range_support(pg_catalog.internal) RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'ciprov_version_in_range_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_in_range_support(pg_catalog.internal) IS
  'Planner support for version <@ version_range: btree index range conditions for a constant range';
CREATE FUNCTION ciprov.version_range_contains_version_support(pg_catalog.internal) RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'ciprov_version_range_contains_version_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_contains_version_support(pg_catalog.internal) IS
  'Planner support for version_range @> version: btree index range conditions for a constant range';

CREATE FUNCTION ciprov.version_in_range(ciprov.version, ciprov.version_range) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_in_range' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT ciprov.version_in_range_support;
COMMENT ON FUNCTION ciprov.version_in_range(ciprov.version, ciprov.version_range) IS
  'True when the version is in the set (Spack: version satisfies the constraint)';
CREATE FUNCTION ciprov.version_range_contains_version(ciprov.version_range, ciprov.version) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_range_contains_version' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT ciprov.version_range_contains_version_support;
COMMENT ON FUNCTION ciprov.version_range_contains_version(ciprov.version_range, ciprov.version) IS
  'True when the set holds the version';
CREATE FUNCTION ciprov.version_range_satisfies(ciprov.version_range, ciprov.version_range) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_range_satisfies' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_satisfies(ciprov.version_range, ciprov.version_range) IS
  'Spack satisfies: every version of the first set is in the second';
CREATE FUNCTION ciprov.version_range_contains_range(ciprov.version_range, ciprov.version_range) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_range_contains_range' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_contains_range(ciprov.version_range, ciprov.version_range) IS
  'Every version of the second set is in the first';
CREATE FUNCTION ciprov.version_range_intersects(ciprov.version_range, ciprov.version_range) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_range_intersects' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_intersects(ciprov.version_range, ciprov.version_range) IS
  'Spack intersects: the two sets share a version';
CREATE FUNCTION ciprov.version_range_intersection(ciprov.version_range, ciprov.version_range) RETURNS ciprov.version_range
AS 'MODULE_PATHNAME', 'ciprov_version_range_intersection' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_intersection(ciprov.version_range, ciprov.version_range) IS
  'The versions in both sets (Spack intersection); the empty set prints as an empty string';
CREATE FUNCTION ciprov.version_range_union(ciprov.version_range, ciprov.version_range) RETURNS ciprov.version_range
AS 'MODULE_PATHNAME', 'ciprov_version_range_union' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_union(ciprov.version_range, ciprov.version_range) IS
  'The versions in either set, in canonical form';

CREATE FUNCTION ciprov.version_in_range_sel(pg_catalog.internal, pg_catalog.oid, pg_catalog.internal, pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'ciprov_version_in_range_sel' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_in_range_sel(pg_catalog.internal, pg_catalog.oid, pg_catalog.internal, pg_catalog.int4) IS
  'Restriction selectivity of version <@ version_range: the column histogram over the bounds of each item of a constant range';
CREATE FUNCTION ciprov.version_range_contains_version_sel(pg_catalog.internal, pg_catalog.oid, pg_catalog.internal, pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'ciprov_version_range_contains_version_sel' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_contains_version_sel(pg_catalog.internal, pg_catalog.oid, pg_catalog.internal, pg_catalog.int4) IS
  'Restriction selectivity of version_range @> version: the column histogram over the bounds of each item of a constant range';

CREATE OPERATOR ciprov.<@ (
  LEFTARG = ciprov.version, RIGHTARG = ciprov.version_range, FUNCTION = ciprov.version_in_range,
  COMMUTATOR = OPERATOR(ciprov.@>), RESTRICT = ciprov.version_in_range_sel, JOIN = pg_catalog.contjoinsel);
COMMENT ON OPERATOR ciprov.<@ (ciprov.version, ciprov.version_range) IS
  'version is in the set; uses a btree index on the version for a constant set';
CREATE OPERATOR ciprov.@> (
  LEFTARG = ciprov.version_range, RIGHTARG = ciprov.version, FUNCTION = ciprov.version_range_contains_version,
  COMMUTATOR = OPERATOR(ciprov.<@), RESTRICT = ciprov.version_range_contains_version_sel, JOIN = pg_catalog.contjoinsel);
COMMENT ON OPERATOR ciprov.@> (ciprov.version_range, ciprov.version) IS 'set holds the version';
CREATE OPERATOR ciprov.<@ (
  LEFTARG = ciprov.version_range, RIGHTARG = ciprov.version_range, FUNCTION = ciprov.version_range_satisfies,
  COMMUTATOR = OPERATOR(ciprov.@>), RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel);
COMMENT ON OPERATOR ciprov.<@ (ciprov.version_range, ciprov.version_range) IS
  'Spack satisfies: every version of the left set is in the right set';
CREATE OPERATOR ciprov.@> (
  LEFTARG = ciprov.version_range, RIGHTARG = ciprov.version_range, FUNCTION = ciprov.version_range_contains_range,
  COMMUTATOR = OPERATOR(ciprov.<@), RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel);
COMMENT ON OPERATOR ciprov.@> (ciprov.version_range, ciprov.version_range) IS
  'every version of the right set is in the left set';
CREATE OPERATOR ciprov.&& (
  LEFTARG = ciprov.version_range, RIGHTARG = ciprov.version_range, FUNCTION = ciprov.version_range_intersects,
  COMMUTATOR = OPERATOR(ciprov.&&), RESTRICT = pg_catalog.areasel, JOIN = pg_catalog.areajoinsel);
COMMENT ON OPERATOR ciprov.&& (ciprov.version_range, ciprov.version_range) IS
  'Spack intersects: the sets share a version';

-- Cast: a version is the one-version set =v
CREATE FUNCTION ciprov.version_range(ciprov.version) RETURNS ciprov.version_range
AS 'MODULE_PATHNAME', 'ciprov_version_range_from_version' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range(ciprov.version) IS
  'The set holding exactly this version (=1.2; a git version as itself)';
CREATE CAST (ciprov.version AS ciprov.version_range) WITH FUNCTION ciprov.version_range(ciprov.version);
COMMENT ON CAST (ciprov.version AS ciprov.version_range) IS
  'A version as the one-version set =v';

-- Equality and ordering over the canonical form
CREATE FUNCTION ciprov.version_range_cmp(ciprov.version_range, ciprov.version_range) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'ciprov_version_range_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_cmp(ciprov.version_range, ciprov.version_range) IS
  'Total order of canonical version sets, item by item in Spack element order (btree support function)';
CREATE FUNCTION ciprov.version_range_lt(ciprov.version_range, ciprov.version_range) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_range_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_lt(ciprov.version_range, ciprov.version_range) IS 'Implementation of < on ciprov.version_range';
CREATE FUNCTION ciprov.version_range_le(ciprov.version_range, ciprov.version_range) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_range_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_le(ciprov.version_range, ciprov.version_range) IS 'Implementation of <= on ciprov.version_range';
CREATE FUNCTION ciprov.version_range_eq(ciprov.version_range, ciprov.version_range) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_range_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_eq(ciprov.version_range, ciprov.version_range) IS 'Implementation of = on ciprov.version_range: the same set';
CREATE FUNCTION ciprov.version_range_ne(ciprov.version_range, ciprov.version_range) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_range_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_ne(ciprov.version_range, ciprov.version_range) IS 'Implementation of <> on ciprov.version_range';
CREATE FUNCTION ciprov.version_range_ge(ciprov.version_range, ciprov.version_range) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_range_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_ge(ciprov.version_range, ciprov.version_range) IS 'Implementation of >= on ciprov.version_range';
CREATE FUNCTION ciprov.version_range_gt(ciprov.version_range, ciprov.version_range) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_range_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_gt(ciprov.version_range, ciprov.version_range) IS 'Implementation of > on ciprov.version_range';
CREATE FUNCTION ciprov.version_range_hash(ciprov.version_range) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'ciprov_version_range_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_hash(ciprov.version_range) IS 'Hash of a version set, equal for equal sets';
CREATE FUNCTION ciprov.version_range_hash_extended(ciprov.version_range, pg_catalog.int8) RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'ciprov_version_range_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_range_hash_extended(ciprov.version_range, pg_catalog.int8) IS
  'Seeded 64-bit hash of a version set (extended hash support function)';

CREATE OPERATOR ciprov.< (
  LEFTARG = ciprov.version_range, RIGHTARG = ciprov.version_range, FUNCTION = ciprov.version_range_lt,
  COMMUTATOR = OPERATOR(ciprov.>), NEGATOR = OPERATOR(ciprov.>=),
  RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel);
COMMENT ON OPERATOR ciprov.< (ciprov.version_range, ciprov.version_range) IS 'sorts before (canonical item order)';
CREATE OPERATOR ciprov.<= (
  LEFTARG = ciprov.version_range, RIGHTARG = ciprov.version_range, FUNCTION = ciprov.version_range_le,
  COMMUTATOR = OPERATOR(ciprov.>=), NEGATOR = OPERATOR(ciprov.>),
  RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel);
COMMENT ON OPERATOR ciprov.<= (ciprov.version_range, ciprov.version_range) IS 'sorts before or equal (canonical item order)';
CREATE OPERATOR ciprov.= (
  LEFTARG = ciprov.version_range, RIGHTARG = ciprov.version_range, FUNCTION = ciprov.version_range_eq,
  COMMUTATOR = OPERATOR(ciprov.=), NEGATOR = OPERATOR(ciprov.<>),
  RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES);
COMMENT ON OPERATOR ciprov.= (ciprov.version_range, ciprov.version_range) IS 'the same set of versions';
CREATE OPERATOR ciprov.<> (
  LEFTARG = ciprov.version_range, RIGHTARG = ciprov.version_range, FUNCTION = ciprov.version_range_ne,
  COMMUTATOR = OPERATOR(ciprov.<>), NEGATOR = OPERATOR(ciprov.=),
  RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel);
COMMENT ON OPERATOR ciprov.<> (ciprov.version_range, ciprov.version_range) IS 'different sets of versions';
CREATE OPERATOR ciprov.>= (
  LEFTARG = ciprov.version_range, RIGHTARG = ciprov.version_range, FUNCTION = ciprov.version_range_ge,
  COMMUTATOR = OPERATOR(ciprov.<=), NEGATOR = OPERATOR(ciprov.<),
  RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel);
COMMENT ON OPERATOR ciprov.>= (ciprov.version_range, ciprov.version_range) IS 'sorts after or equal (canonical item order)';
CREATE OPERATOR ciprov.> (
  LEFTARG = ciprov.version_range, RIGHTARG = ciprov.version_range, FUNCTION = ciprov.version_range_gt,
  COMMUTATOR = OPERATOR(ciprov.<), NEGATOR = OPERATOR(ciprov.<=),
  RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel);
COMMENT ON OPERATOR ciprov.> (ciprov.version_range, ciprov.version_range) IS 'sorts after (canonical item order)';

CREATE OPERATOR CLASS ciprov.version_range_btree_ops
DEFAULT FOR TYPE ciprov.version_range USING btree AS
  OPERATOR 1 ciprov.< ,
  OPERATOR 2 ciprov.<= ,
  OPERATOR 3 ciprov.= ,
  OPERATOR 4 ciprov.>= ,
  OPERATOR 5 ciprov.> ,
  FUNCTION 1 ciprov.version_range_cmp(ciprov.version_range, ciprov.version_range);
COMMENT ON OPERATOR CLASS ciprov.version_range_btree_ops USING btree IS
  'Equality and a total order of canonical version sets for btree indexes and GROUP BY';
COMMENT ON OPERATOR FAMILY ciprov.version_range_btree_ops USING btree IS
  'Equality and a total order of canonical version sets for btree indexes and GROUP BY';

CREATE OPERATOR CLASS ciprov.version_range_hash_ops
DEFAULT FOR TYPE ciprov.version_range USING hash AS
  OPERATOR 1 ciprov.= ,
  FUNCTION 1 ciprov.version_range_hash(ciprov.version_range),
  FUNCTION 2 ciprov.version_range_hash_extended(ciprov.version_range, pg_catalog.int8);
COMMENT ON OPERATOR CLASS ciprov.version_range_hash_ops USING hash IS
  'Hashing of version sets consistent with set equality';
COMMENT ON OPERATOR FAMILY ciprov.version_range_hash_ops USING hash IS
  'Hashing of version sets consistent with set equality';
