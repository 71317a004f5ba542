-- Ancestry of test paths, with planner support. `path <@ 'boot'` is the
-- btree range ['boot', ciprov.testpath_subtree_end('boot')) because the
-- order keeps subtrees contiguous: the support functions give the planner
-- that range as index conditions on a btree index of the path, and the
-- restriction estimators price the clause as that range.

CREATE FUNCTION ciprov.testpath_contains_support(pg_catalog.internal)
RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'ciprov_testpath_contains_support'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_contains_support(pg_catalog.internal) IS
  'Planner support for ciprov.testpath @>: a btree range scan over the subtree';

CREATE FUNCTION ciprov.testpath_contained_support(pg_catalog.internal)
RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'ciprov_testpath_contained_support'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_contained_support(pg_catalog.internal) IS
  'Planner support for ciprov.testpath <@: a btree range scan over the subtree';

CREATE FUNCTION ciprov.testpath_contains_sel(pg_catalog.internal, pg_catalog.oid, pg_catalog.internal, pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'ciprov_testpath_contains_sel'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_contains_sel(pg_catalog.internal, pg_catalog.oid, pg_catalog.internal, pg_catalog.int4) IS
  'Restriction estimate of ancestor @> path: the selectivity of the subtree''s btree range';

CREATE FUNCTION ciprov.testpath_contained_sel(pg_catalog.internal, pg_catalog.oid, pg_catalog.internal, pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'ciprov_testpath_contained_sel'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_contained_sel(pg_catalog.internal, pg_catalog.oid, pg_catalog.internal, pg_catalog.int4) IS
  'Restriction estimate of path <@ ancestor: the selectivity of the subtree''s btree range';

CREATE FUNCTION ciprov.testpath_contains(ciprov.testpath, ciprov.testpath)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_testpath_contains'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT ciprov.testpath_contains_support;
COMMENT ON FUNCTION ciprov.testpath_contains(ciprov.testpath, ciprov.testpath) IS
  'Implements @>: the first path is the second or one of its ancestors';

CREATE FUNCTION ciprov.testpath_contained(ciprov.testpath, ciprov.testpath)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'ciprov_testpath_contained'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT ciprov.testpath_contained_support;
COMMENT ON FUNCTION ciprov.testpath_contained(ciprov.testpath, ciprov.testpath) IS
  'Implements <@: the first path is the second or one of its descendants';

CREATE OPERATOR ciprov.@> (
  LEFTARG = ciprov.testpath, RIGHTARG = ciprov.testpath, FUNCTION = ciprov.testpath_contains,
  COMMUTATOR = OPERATOR(ciprov.<@),
  RESTRICT = ciprov.testpath_contains_sel, JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR ciprov.@> (ciprov.testpath, ciprov.testpath) IS
  'Is ancestor of or equal: ''boot'' @> ''boot.kernel''';

CREATE OPERATOR ciprov.<@ (
  LEFTARG = ciprov.testpath, RIGHTARG = ciprov.testpath, FUNCTION = ciprov.testpath_contained,
  COMMUTATOR = OPERATOR(ciprov.@>),
  RESTRICT = ciprov.testpath_contained_sel, JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR ciprov.<@ (ciprov.testpath, ciprov.testpath) IS
  'Is descendant of or equal: ''boot.kernel'' <@ ''boot''; on a btree index of the path it is a range scan';
