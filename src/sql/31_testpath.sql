-- ciprov.testpath: a dotted KernelCI test path ("boot", "ltp.sem01"); the
-- empty path is the root. Segments match [A-Za-z0-9_-]+ (kcidb v5).
-- Stored as a format version byte plus the canonical text; TOAST-able.

CREATE TYPE ciprov.testpath;

CREATE FUNCTION ciprov.testpath_in(pg_catalog.cstring)
RETURNS ciprov.testpath
AS 'MODULE_PATHNAME', 'ciprov_testpath_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_in(pg_catalog.cstring) IS
  'Text input of ciprov.testpath: validates segments [A-Za-z0-9_-]+ separated by single dots (22P02 with the position otherwise)';

CREATE FUNCTION ciprov.testpath_out(ciprov.testpath)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'ciprov_testpath_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_out(ciprov.testpath) IS
  'Text output of ciprov.testpath: the dotted path';

CREATE FUNCTION ciprov.testpath_recv(pg_catalog.internal)
RETURNS ciprov.testpath
AS 'MODULE_PATHNAME', 'ciprov_testpath_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_recv(pg_catalog.internal) IS
  'Binary input of ciprov.testpath: format version byte 1, then the dotted path, validated';

CREATE FUNCTION ciprov.testpath_send(ciprov.testpath)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'ciprov_testpath_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath_send(ciprov.testpath) IS
  'Binary output of ciprov.testpath: format version byte 1, then the dotted path';

CREATE TYPE ciprov.testpath (
  INPUT = ciprov.testpath_in,
  OUTPUT = ciprov.testpath_out,
  RECEIVE = ciprov.testpath_recv,
  SEND = ciprov.testpath_send,
  INTERNALLENGTH = VARIABLE,
  ALIGNMENT = int4,
  STORAGE = extended,
  CATEGORY = 'S',
  COLLATABLE = false
);
COMMENT ON TYPE ciprov.testpath IS
  'KernelCI test path: dot-separated segments [A-Za-z0-9_-]+, '''' is the root; ordered so that every subtree is contiguous';

CREATE FUNCTION ciprov.testpath(pg_catalog.text)
RETURNS ciprov.testpath
AS 'MODULE_PATHNAME', 'ciprov_testpath_from_text'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.testpath(pg_catalog.text) IS
  'Converts text to ciprov.testpath, validating it';

CREATE FUNCTION ciprov.text(ciprov.testpath)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'ciprov_testpath_to_text'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.text(ciprov.testpath) IS
  'The dotted text of a ciprov.testpath';

-- Assignment from text lets kcidb loaders insert text parameters unchanged;
-- the implicit cast to text keeps text-based queries (path LIKE 'boot.%')
-- working on testpath columns.
CREATE CAST (pg_catalog.text AS ciprov.testpath)
  WITH FUNCTION ciprov.testpath(pg_catalog.text) AS ASSIGNMENT;
COMMENT ON CAST (pg_catalog.text AS ciprov.testpath) IS
  'Validating conversion of text to a test path (assignment)';
CREATE CAST (pg_catalog.varchar AS ciprov.testpath)
  WITH FUNCTION ciprov.testpath(pg_catalog.text) AS ASSIGNMENT;
COMMENT ON CAST (pg_catalog.varchar AS ciprov.testpath) IS
  'Validating conversion of varchar to a test path (assignment)';
CREATE CAST (ciprov.testpath AS pg_catalog.text)
  WITH FUNCTION ciprov.text(ciprov.testpath) AS IMPLICIT;
COMMENT ON CAST (ciprov.testpath AS pg_catalog.text) IS
  'A test path as text (implicit, so text operators such as LIKE apply)';
