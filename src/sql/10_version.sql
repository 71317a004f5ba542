-- ciprov.version: one concrete Spack version, ordered as Spack 1.x orders
-- versions. Stored as the original text plus a binary sort key, so every
-- comparison is one memcmp.

CREATE TYPE ciprov.version;

CREATE FUNCTION ciprov.version_in(pg_catalog.cstring) RETURNS ciprov.version
AS 'MODULE_PATHNAME', 'ciprov_version_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_in(pg_catalog.cstring) IS
  'Input function of ciprov.version: parses a Spack version (1.2.3, 1.2rc1, develop, git.<ref>=<version>)';

CREATE FUNCTION ciprov.version_out(ciprov.version) RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'ciprov_version_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_out(ciprov.version) IS
  'Output function of ciprov.version: the version text as entered';

CREATE FUNCTION ciprov.version_recv(pg_catalog.internal) RETURNS ciprov.version
AS 'MODULE_PATHNAME', 'ciprov_version_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_recv(pg_catalog.internal) IS
  'Binary input of ciprov.version: format version byte 1, then the version text';

CREATE FUNCTION ciprov.version_send(ciprov.version) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'ciprov_version_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_send(ciprov.version) IS
  'Binary output of ciprov.version: format version byte 1, then the version text';

CREATE TYPE ciprov.version (
  INPUT = ciprov.version_in,
  OUTPUT = ciprov.version_out,
  RECEIVE = ciprov.version_recv,
  SEND = ciprov.version_send,
  INTERNALLENGTH = VARIABLE,
  STORAGE = extended
);
COMMENT ON TYPE ciprov.version IS
  'A concrete Spack version with Spack 1.x ordering: numbers compare as integers, separators are ignored, words < numbers < stable/nightly/trunk/head/master/main/develop, prereleases (alpha, beta, rc) precede their release';

-- Comparison functions
CREATE FUNCTION ciprov.version_cmp(ciprov.version, ciprov.version) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'ciprov_version_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_cmp(ciprov.version, ciprov.version) IS
  'Spack version order: -1, 0 or 1 (btree support function)';

CREATE FUNCTION ciprov.version_lt(ciprov.version, ciprov.version) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_lt(ciprov.version, ciprov.version) IS 'Implementation of the < operator on ciprov.version';
CREATE FUNCTION ciprov.version_le(ciprov.version, ciprov.version) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_le(ciprov.version, ciprov.version) IS 'Implementation of the <= operator on ciprov.version';
CREATE FUNCTION ciprov.version_eq(ciprov.version, ciprov.version) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_eq(ciprov.version, ciprov.version) IS 'Implementation of the = operator on ciprov.version (Spack equality: 2.0 = 2_0, 10.0001 = 10.1)';
CREATE FUNCTION ciprov.version_ne(ciprov.version, ciprov.version) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_ne(ciprov.version, ciprov.version) IS 'Implementation of the <> operator on ciprov.version';
CREATE FUNCTION ciprov.version_ge(ciprov.version, ciprov.version) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_ge(ciprov.version, ciprov.version) IS 'Implementation of the >= operator on ciprov.version';
CREATE FUNCTION ciprov.version_gt(ciprov.version, ciprov.version) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_gt(ciprov.version, ciprov.version) IS 'Implementation of the > operator on ciprov.version';

CREATE FUNCTION ciprov.version_hash(ciprov.version) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'ciprov_version_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_hash(ciprov.version) IS
  'Hash of a version, equal for Spack-equal versions (hash support function)';
CREATE FUNCTION ciprov.version_hash_extended(ciprov.version, pg_catalog.int8) RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'ciprov_version_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_hash_extended(ciprov.version, pg_catalog.int8) IS
  'Seeded 64-bit hash of a version (extended hash support function, used by PARTITION BY HASH)';
CREATE FUNCTION ciprov.version_sortsupport(pg_catalog.internal) RETURNS void
AS 'MODULE_PATHNAME', 'ciprov_version_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_sortsupport(pg_catalog.internal) IS
  'Sort support for ciprov.version: a direct comparator on the stored sort keys';

CREATE FUNCTION ciprov.version_is_git(ciprov.version) RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_version_is_git' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_is_git(ciprov.version) IS
  'True for git versions (git.<ref>, git.<ref>=<version>, <sha>=<version>)';

CREATE OPERATOR ciprov.< (
  LEFTARG = ciprov.version, RIGHTARG = ciprov.version, FUNCTION = ciprov.version_lt,
  COMMUTATOR = OPERATOR(ciprov.>), NEGATOR = OPERATOR(ciprov.>=),
  RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel);
COMMENT ON OPERATOR ciprov.< (ciprov.version, ciprov.version) IS 'older than, in Spack order';
CREATE OPERATOR ciprov.<= (
  LEFTARG = ciprov.version, RIGHTARG = ciprov.version, FUNCTION = ciprov.version_le,
  COMMUTATOR = OPERATOR(ciprov.>=), NEGATOR = OPERATOR(ciprov.>),
  RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel);
COMMENT ON OPERATOR ciprov.<= (ciprov.version, ciprov.version) IS 'older than or equal, in Spack order';
CREATE OPERATOR ciprov.= (
  LEFTARG = ciprov.version, RIGHTARG = ciprov.version, FUNCTION = ciprov.version_eq,
  COMMUTATOR = OPERATOR(ciprov.=), NEGATOR = OPERATOR(ciprov.<>),
  RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES);
COMMENT ON OPERATOR ciprov.= (ciprov.version, ciprov.version) IS 'equal in Spack''s sense (separators ignored, 10.0001 = 10.1)';
CREATE OPERATOR ciprov.<> (
  LEFTARG = ciprov.version, RIGHTARG = ciprov.version, FUNCTION = ciprov.version_ne,
  COMMUTATOR = OPERATOR(ciprov.<>), NEGATOR = OPERATOR(ciprov.=),
  RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel);
COMMENT ON OPERATOR ciprov.<> (ciprov.version, ciprov.version) IS 'not equal in Spack''s sense';
CREATE OPERATOR ciprov.>= (
  LEFTARG = ciprov.version, RIGHTARG = ciprov.version, FUNCTION = ciprov.version_ge,
  COMMUTATOR = OPERATOR(ciprov.<=), NEGATOR = OPERATOR(ciprov.<),
  RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel);
COMMENT ON OPERATOR ciprov.>= (ciprov.version, ciprov.version) IS 'newer than or equal, in Spack order';
CREATE OPERATOR ciprov.> (
  LEFTARG = ciprov.version, RIGHTARG = ciprov.version, FUNCTION = ciprov.version_gt,
  COMMUTATOR = OPERATOR(ciprov.<), NEGATOR = OPERATOR(ciprov.<=),
  RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel);
COMMENT ON OPERATOR ciprov.> (ciprov.version, ciprov.version) IS 'newer than, in Spack order';

CREATE OPERATOR CLASS ciprov.version_btree_ops
DEFAULT FOR TYPE ciprov.version USING btree AS
  OPERATOR 1 ciprov.< ,
  OPERATOR 2 ciprov.<= ,
  OPERATOR 3 ciprov.= ,
  OPERATOR 4 ciprov.>= ,
  OPERATOR 5 ciprov.> ,
  FUNCTION 1 ciprov.version_cmp(ciprov.version, ciprov.version),
  FUNCTION 2 ciprov.version_sortsupport(pg_catalog.internal);
COMMENT ON OPERATOR CLASS ciprov.version_btree_ops USING btree IS
  'Spack version order for btree indexes, ORDER BY and merge joins';
COMMENT ON OPERATOR FAMILY ciprov.version_btree_ops USING btree IS
  'Spack version order for btree indexes, ORDER BY and merge joins';

CREATE OPERATOR CLASS ciprov.version_hash_ops
DEFAULT FOR TYPE ciprov.version USING hash AS
  OPERATOR 1 ciprov.= ,
  FUNCTION 1 ciprov.version_hash(ciprov.version),
  FUNCTION 2 ciprov.version_hash_extended(ciprov.version, pg_catalog.int8);
COMMENT ON OPERATOR CLASS ciprov.version_hash_ops USING hash IS
  'Hashing of Spack versions consistent with Spack equality (hash joins, hash indexes, PARTITION BY HASH)';
COMMENT ON OPERATOR FAMILY ciprov.version_hash_ops USING hash IS
  'Hashing of Spack versions consistent with Spack equality (hash joins, hash indexes, PARTITION BY HASH)';

-- min / max in Spack order
CREATE FUNCTION ciprov.version_smaller(ciprov.version, ciprov.version) RETURNS ciprov.version
AS 'MODULE_PATHNAME', 'ciprov_version_smaller' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_smaller(ciprov.version, ciprov.version) IS
  'The older of two versions (transition function of ciprov.min)';
CREATE FUNCTION ciprov.version_larger(ciprov.version, ciprov.version) RETURNS ciprov.version
AS 'MODULE_PATHNAME', 'ciprov_version_larger' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.version_larger(ciprov.version, ciprov.version) IS
  'The newer of two versions (transition function of ciprov.max)';
CREATE AGGREGATE ciprov.min(ciprov.version) (
  SFUNC = ciprov.version_smaller, STYPE = ciprov.version, SORTOP = OPERATOR(ciprov.<),
  COMBINEFUNC = ciprov.version_smaller, PARALLEL = SAFE);
COMMENT ON AGGREGATE ciprov.min(ciprov.version) IS 'The oldest version, in Spack order';
CREATE AGGREGATE ciprov.max(ciprov.version) (
  SFUNC = ciprov.version_larger, STYPE = ciprov.version, SORTOP = OPERATOR(ciprov.>),
  COMBINEFUNC = ciprov.version_larger, PARALLEL = SAFE);
COMMENT ON AGGREGATE ciprov.max(ciprov.version) IS 'The newest version, in Spack order';
