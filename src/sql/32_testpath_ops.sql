-- ciprov.testpath operators: comparison (btree, hash), ancestry (@>, <@),
-- concatenation (||) and the ltree-like accessors. The btree order keeps
-- every subtree contiguous; planner support turns `path <@ 'boot'` into a
-- btree range scan (see 33_testpath_support.sql).

CREATE FUNCTION ciprov.testpath_lt(ciprov.testpath, ciprov.testpath)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_testpath_lt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_lt(ciprov.testpath, ciprov.testpath) IS
  'Implements ciprov.testpath <: true when the first path sorts before the second (subtree-contiguous order)';

CREATE FUNCTION ciprov.testpath_le(ciprov.testpath, ciprov.testpath)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_testpath_le'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_le(ciprov.testpath, ciprov.testpath) IS
  'Implements ciprov.testpath <=: true when the first path sorts before or equals the second (subtree-contiguous order)';

CREATE FUNCTION ciprov.testpath_eq(ciprov.testpath, ciprov.testpath)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_testpath_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_eq(ciprov.testpath, ciprov.testpath) IS
  'Implements ciprov.testpath =: true when the first path equals the second (subtree-contiguous order)';

CREATE FUNCTION ciprov.testpath_ne(ciprov.testpath, ciprov.testpath)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_testpath_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_ne(ciprov.testpath, ciprov.testpath) IS
  'Implements ciprov.testpath <>: true when the first path differs from the second (subtree-contiguous order)';

CREATE FUNCTION ciprov.testpath_ge(ciprov.testpath, ciprov.testpath)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_testpath_ge'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_ge(ciprov.testpath, ciprov.testpath) IS
  'Implements ciprov.testpath >=: true when the first path sorts after or equals the second (subtree-contiguous order)';

CREATE FUNCTION ciprov.testpath_gt(ciprov.testpath, ciprov.testpath)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_testpath_gt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_gt(ciprov.testpath, ciprov.testpath) IS
  'Implements ciprov.testpath >: true when the first path sorts after the second (subtree-contiguous order)';

CREATE FUNCTION ciprov.testpath_cmp(ciprov.testpath, ciprov.testpath)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'ciprov_testpath_cmp'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_cmp(ciprov.testpath, ciprov.testpath) IS
  'Btree comparison of test paths: segment by segment, a parent right before its children';

CREATE FUNCTION ciprov.testpath_sortsupport(pg_catalog.internal)
RETURNS void
AS 'MODULE_PATHNAME', 'ciprov_testpath_sortsupport'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_sortsupport(pg_catalog.internal) IS
  'Btree sort support of test paths: a direct comparator for index builds and sorts';

CREATE FUNCTION ciprov.testpath_hash(ciprov.testpath)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'ciprov_testpath_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_hash(ciprov.testpath) IS
  'Hash of a test path (hash operator class)';

CREATE FUNCTION ciprov.testpath_hash_extended(ciprov.testpath, pg_catalog.int8)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'ciprov_testpath_hash_extended'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_hash_extended(ciprov.testpath, pg_catalog.int8) IS
  'Seeded 64-bit hash of a test path (hash operator class; PARTITION BY HASH)';

CREATE FUNCTION ciprov.testpath_subtree_end(ciprov.testpath)
RETURNS ciprov.testpath
AS 'MODULE_PATHNAME', 'ciprov_testpath_subtree_end'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_subtree_end(ciprov.testpath) IS
  'Internal: exclusive btree upper bound of a subtree (the path with ''-'' appended; for the root a sentinel after every path); used in index conditions';

CREATE FUNCTION ciprov.nlevel(ciprov.testpath)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'ciprov_testpath_nlevel'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.nlevel(ciprov.testpath) IS
  'Number of segments of a test path (0 for the root)';

CREATE FUNCTION ciprov.subpath(ciprov.testpath, pg_catalog.int4, pg_catalog.int4)
RETURNS ciprov.testpath
AS 'MODULE_PATHNAME', 'ciprov_testpath_subpath'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.subpath(ciprov.testpath, pg_catalog.int4, pg_catalog.int4) IS
  'Segments of a path from offset (negative: from the end) for len segments (negative: all but the last -len), as ltree''s subpath';

CREATE FUNCTION ciprov.subpath(ciprov.testpath, pg_catalog.int4)
RETURNS ciprov.testpath
AS 'MODULE_PATHNAME', 'ciprov_testpath_subpath'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.subpath(ciprov.testpath, pg_catalog.int4) IS
  'Segments of a path from offset (negative: from the end) to the end, as ltree''s subpath';

CREATE FUNCTION ciprov.parent(ciprov.testpath)
RETURNS ciprov.testpath
AS 'MODULE_PATHNAME', 'ciprov_testpath_parent'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.parent(ciprov.testpath) IS
  'The path without its last segment ('''' for a top-level path, NULL for the root)';

CREATE FUNCTION ciprov.path_group(ciprov.testpath)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'ciprov_testpath_group'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.path_group(ciprov.testpath) IS
  'The first segment of a test path, its test group (boot, ltp, kselftest...); NULL for the root';

CREATE FUNCTION ciprov.testpath_concat(ciprov.testpath, ciprov.testpath)
RETURNS ciprov.testpath
AS 'MODULE_PATHNAME', 'ciprov_testpath_concat'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_concat(ciprov.testpath, ciprov.testpath) IS
  'Implements ciprov.testpath || ciprov.testpath: the second path appended below the first (the root is the identity)';

CREATE OPERATOR ciprov.|| (
  LEFTARG = ciprov.testpath, RIGHTARG = ciprov.testpath, FUNCTION = ciprov.testpath_concat
);
COMMENT ON OPERATOR ciprov.|| (ciprov.testpath, ciprov.testpath) IS
  'Concatenates test paths: ''ltp'' || ''sem01'' = ''ltp.sem01''';

CREATE OPERATOR ciprov.< (
  LEFTARG = ciprov.testpath, RIGHTARG = ciprov.testpath, FUNCTION = ciprov.testpath_lt,
  COMMUTATOR = OPERATOR(ciprov.>), NEGATOR = OPERATOR(ciprov.>=),
  RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
COMMENT ON OPERATOR ciprov.< (ciprov.testpath, ciprov.testpath) IS 'Test path sorts before (subtree-contiguous order)';
CREATE OPERATOR ciprov.<= (
  LEFTARG = ciprov.testpath, RIGHTARG = ciprov.testpath, FUNCTION = ciprov.testpath_le,
  COMMUTATOR = OPERATOR(ciprov.>=), NEGATOR = OPERATOR(ciprov.>),
  RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
COMMENT ON OPERATOR ciprov.<= (ciprov.testpath, ciprov.testpath) IS 'Test path sorts before or equals';
CREATE OPERATOR ciprov.= (
  LEFTARG = ciprov.testpath, RIGHTARG = ciprov.testpath, FUNCTION = ciprov.testpath_eq,
  COMMUTATOR = OPERATOR(ciprov.=), NEGATOR = OPERATOR(ciprov.<>),
  RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES
);
COMMENT ON OPERATOR ciprov.= (ciprov.testpath, ciprov.testpath) IS 'Test paths are equal';
CREATE OPERATOR ciprov.<> (
  LEFTARG = ciprov.testpath, RIGHTARG = ciprov.testpath, FUNCTION = ciprov.testpath_ne,
  COMMUTATOR = OPERATOR(ciprov.<>), NEGATOR = OPERATOR(ciprov.=),
  RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
COMMENT ON OPERATOR ciprov.<> (ciprov.testpath, ciprov.testpath) IS 'Test paths differ';
CREATE OPERATOR ciprov.>= (
  LEFTARG = ciprov.testpath, RIGHTARG = ciprov.testpath, FUNCTION = ciprov.testpath_ge,
  COMMUTATOR = OPERATOR(ciprov.<=), NEGATOR = OPERATOR(ciprov.<),
  RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR ciprov.>= (ciprov.testpath, ciprov.testpath) IS 'Test path sorts after or equals';
CREATE OPERATOR ciprov.> (
  LEFTARG = ciprov.testpath, RIGHTARG = ciprov.testpath, FUNCTION = ciprov.testpath_gt,
  COMMUTATOR = OPERATOR(ciprov.<), NEGATOR = OPERATOR(ciprov.<=),
  RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
COMMENT ON OPERATOR ciprov.> (ciprov.testpath, ciprov.testpath) IS 'Test path sorts after';

CREATE OPERATOR CLASS ciprov.testpath_ops
DEFAULT FOR TYPE ciprov.testpath USING btree AS
  OPERATOR 1 ciprov.<,
  OPERATOR 2 ciprov.<=,
  OPERATOR 3 ciprov.=,
  OPERATOR 4 ciprov.>=,
  OPERATOR 5 ciprov.>,
  FUNCTION 1 ciprov.testpath_cmp(ciprov.testpath, ciprov.testpath),
  FUNCTION 2 ciprov.testpath_sortsupport(pg_catalog.internal),
  -- equal paths are byte-identical, so btree may deduplicate them
  FUNCTION 4 pg_catalog.btequalimage(pg_catalog.oid);
COMMENT ON OPERATOR CLASS ciprov.testpath_ops USING btree IS
  'Btree order of test paths: segment by segment, a parent right before its children, so every subtree is one index range; deduplicating';
COMMENT ON OPERATOR FAMILY ciprov.testpath_ops USING btree IS
  'Btree operator family of ciprov.testpath';

CREATE OPERATOR CLASS ciprov.testpath_hash_ops
DEFAULT FOR TYPE ciprov.testpath USING hash AS
  OPERATOR 1 ciprov.=,
  FUNCTION 1 ciprov.testpath_hash(ciprov.testpath),
  FUNCTION 2 ciprov.testpath_hash_extended(ciprov.testpath, pg_catalog.int8);
COMMENT ON OPERATOR CLASS ciprov.testpath_hash_ops USING hash IS
  'Hash operator class of ciprov.testpath with the seeded 64-bit hash (hash joins, hash indexes, PARTITION BY HASH)';
COMMENT ON OPERATOR FAMILY ciprov.testpath_hash_ops USING hash IS
  'Hash operator family of ciprov.testpath';
