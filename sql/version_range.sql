-- ciprov.version_range: Spack version constraints as sets of versions.
-- Cases follow the behaviours Spack's lib/spack/spack/test/versions.py pins.
\set SHOW_CONTEXT never
SET search_path = public, ciprov;

-- Canonical text: items sorted, overlapping and adjacent items merged,
-- concrete versions inside a range dropped, blanks ignored.
SELECT input, input::ciprov.version_range AS canonical
FROM (VALUES ('1:2,3:4'), ('1.2,1.3,1.3,1.4'), ('1.2, 1.3, 1.3:1.4'),
  ('1.3:1.4,1.3,1.3.1,1.3.9,1.4'), ('1.3, 1.3.1,1.3.9,1.4 : 1.5 , 1.3 : 1.4'),
  (':,1.3, 1.3.1,1.3.9,1.4 : 1.5 , 1.3 : 1.4'), ('=1.2,1.2:1.4'), ('=1.5,1.2:1.4'),
  ('=2,=1'), ('1.2:1.2'), ('1.2'), ('=1.2'), ('1.2:'), (':1.4'), (':'), ('3,1:2'),
  ('1.0:,:2.0'), ('1.2.5:1.2'), ('git.x=1.0,1'), ('git.x=2.0,1'), ('git.x,git.x=1.0'),
  ('git.y,1.0'), ('git.y,:'), ('ref=1.0,=1.1'), ('=1.2,=1_2'), ('1.10:1.12'),
  ('develop,1.0:'), ('=develop'), ('1.2rc1:1.2'), (''), ('  '),
  ('git.x=1.2:1.4'), ('git.x=1.2:1.4,1.3:2'), ('git.x=1.2:1.4,git.x=1.5:1.6'), ('git.x=1.2:1.4,git.x'),
  ('git.x=1.2:1.4,1:2'), ('git.x=:'), ('git.x=1.3,git.x=1.2:1.4'), ('x=1:2')) t(input);

-- Membership: version <@ range and range @> version
CREATE TEMP TABLE member(v ciprov.version, r ciprov.version_range, expected bool);
INSERT INTO member VALUES
  ('1.3', '1.2:1.4', true), ('1.2.5', '1.2:1.4', true), ('1.3.5', '1.2:1.4', true),
  ('1.3.5-7', '1.2:1.4', true), ('1.4.2', '1.2:1.4', true), ('1.2.8', '1.2.7:1.4', true),
  ('1.4.1', '1.2.7:1.4', true), ('1.6.5', '1.6', true), ('1.6.5', ':1.6', true),
  ('1.2.1alpha1', '1.2.0:', true), ('1.2.1beta1', '1.2.0:', true), ('1.2.1rc3', '1.2.0:', true),
  ('1.2.0alpha1', '1.2:', true), ('1.2.0rc3', '1.2:', true), ('1.2.0rc3', ':1.2', true),
  ('1.2.0', '1.2.0alpha1:', true), ('4.7.3', '4.7', true), ('4.7.3v2', '4.7', true),
  ('4.7v6', '4', true), ('4.7b6', '4.3:4.7', true), ('4.3.0', '4.3:4.7', true),
  ('4.7', '4.3, 4.6, 4.7', true), ('4.6.5.2', '4.3, 4.6, 4.7', true),
  ('4.8.0', '4.2, 4.3:4.8', true), ('1.2', '=1.2', true), ('1_2', '=1.2', true),
  ('develop', ':', true), ('develop', '1.0:', true), ('git.x=1.2.3', '1.2', true),
  ('git.x=1.2', 'git.x', true), ('git.x', ':', true), ('git.x', 'git.x', true),
  ('git.x=1.0', 'git.x=1_0', true), ('1.12.9', '1.10:1.12', true), ('1.5alpha', '1.2:1.4', true),
  ('1.10', '1.10:1.12', true), ('1.12', '1.10:1.12', true), ('1.11.0.1', '1.10:1.12', true),
  ('1.1', '1.2:1.4', false), ('1.5', '1.2:1.4', false), ('1.5', '1.5.1:1.6', false),
  ('1.5', '1.5.1:', false), ('1.4.2', '1.2:1.4.0', false), ('1.2.5', '1.2.7:1.4', false),
  ('1.4.1', '1.2.7:1.4.0', false), ('1.2.1alpha1', '1.2.1:', false),
  ('1.2.1rc3', '1.2.1:', false), ('1.2.0alpha1', ':1.1', false), ('1.2.0', ':1.2.0rc345', false),
  ('4.8.0', '4.3:4.7', false), ('4.3', '4.4:4.7', false), ('4', '4.3, 4.6, 4.7', false),
  ('4.8.0', '4.2, 4.3:4.7', false), ('1.2rc1', '1.2', false), ('1.2.1', '=1.2', false),
  ('git.x=1.2', '=1.2', false), ('1.2', 'git.x=1.2', false), ('git.x', '1.0:', false),
  ('git.x', 'git.y', false), ('git.x=1.0', 'git.y=1.0', false), ('git.x', 'git.x=1.0', false),
  ('1.13', '1.10:1.12', false), ('1.9', '1.10:1.12', false), ('1.2', '', false),
  ('1.10.0', '1.1', false), ('1.1.0', '1.1', true),
  ('git.x=1.3', 'git.x=1.2:1.4', true), ('git.x=1.4.2', 'git.x=1.2:1.4', true),
  ('git.y=1.3', 'git.x=1.2:1.4', false), ('1.3', 'git.x=1.2:1.4', false),
  ('git.x', 'git.x=1.2:1.4', false), ('git.x=1.5', 'git.x=1.2:1.4', false);
SELECT v, r, v <@ r AS "v <@ r", r @> v AS "r @> v", (v <@ r) = expected AS ok FROM member;
SELECT count(*) AS cases, count(*) FILTER (WHERE (v <@ r) = expected AND (r @> v) = expected) AS correct
FROM member;

-- Satisfies (subset): a <@ b, b @> a
CREATE TEMP TABLE subset(a ciprov.version_range, b ciprov.version_range, expected bool);
INSERT INTO subset VALUES
  ('4.7.3', '4.7.3', true), ('4.7.3', '4.7', true), ('4.7.3', '4', true),
  ('1.2.0alpha2:1.2.0beta1', '1.2.0alpha1:1.2.0beta2', true), ('1.2.5:1.2.7', ':', true),
  ('1.2.5:1.2.7', '1.5,1.2:1.3', true), ('=1.2', '1.2', true), ('1.2.7:1.4', ':', true),
  ('', '1.0', true), ('1.6.5', ':1.6', true), ('git.x=1.2', '1.2', true), ('=1.2.0', '1.2.0alpha1:', true),
  ('1.2,1.4', '1:2', true), ('=1.2,=1.3', '1.2:1.3', true),
  ('4.8.0', '4.9', false), ('4', '4.9', false), ('1.2.5:1.5', '1.5,1.2:1.3', false),
  ('1.1:1.2.5', '1.5,1.2:1.3', false), ('1.2', '=1.2', false), (':1.6', '1.6.5', false),
  ('=1.2.0', ':1.2.0rc345', false), ('1.0', '', false), ('git.x', '1.0:', false), ('1:3', '1,3', false),
  ('git.x=1.2:1.3', 'git.x=1.2:1.4', true), ('git.x=1.2:1.3', '1.2:1.4', true), ('git.x=1.2:1.3', 'git.x', true),
  ('git.x', 'git.x=1:2', false), ('git.x=1:3', 'git.x=1:2', false), ('1:2', 'git.x=1:2', false);
SELECT a, b, a <@ b AS "a <@ b", b @> a AS "b @> a", (a <@ b) = expected AS ok FROM subset;

-- Intersects: a && b
CREATE TEMP TABLE overlap(a ciprov.version_range, b ciprov.version_range, expected bool);
INSERT INTO overlap VALUES
  ('1.2', '1.2', true), ('1.2.1', '1.2.1', true), ('1.2:1.7', '1.6:1.9', true), (':1.7', '1.6:1.9', true),
  (':1.7', ':1.9', true), (':1.7', '1.6:', true), ('1.2:', '1.6:1.9', true), (':', ':', true),
  ('1.2b:1.7,5', '1.6:1.9,1', true), ('1,2,3,4,5', '3,4,5,6,7', true), ('1,2,3,4,5', '5:7', true),
  ('1, 2, 4, 6.5', ':, 5, 8', true), ('1.6.5', ':1.6', true), ('git.x', 'git.x=1', true),
  ('git.x', '1.0', true),
  ('1, 2, 4', '3, 6:7', false), ('1,2,3,4,5', '6:7', false), ('=1.2', '=1.2.0', false),
  ('git.x=1', '=1', false), ('', ':', false), ('1.2', '1.3', false), ('=1.2', '1.2.0', false),
  ('git.x=1.2:1.4', '1.4:2', true), ('git.x=1.2:1.4', 'git.x=1.3', true), ('git.x=1.2:1.4', 'git.x', true),
  ('git.x=1.2:1.4', '2:', false), ('git.x=1.2:1.4', 'git.y', false), ('git.x=1.2:1.4', '=1.3', false);
SELECT a, b, a && b AS "a && b", b && a AS "b && a", (a && b) = expected AND (b && a) = expected AS ok
FROM overlap;

-- Intersection (Spack's intersection, used by constrain)
SELECT a, b, ciprov.version_range_intersection(a, b) AS "a & b",
       ciprov.version_range_intersection(a, b) = ciprov.version_range_intersection(b, a) AS symmetric
FROM (VALUES ('1.0:2.5'::ciprov.version_range, '2.5:3.0'::ciprov.version_range),
  ('1.0:2.7', '2.5:3.0'), (':', '0:1'), ('1.0:2.7', '2.5:3.0,1.0'), ('1.1:2.7', '2.5:3.0,1.0'),
  ('ref=1.0,1.1', '1:1.0,=1.1'), ('1.6.5', ':1.6'), (':1.6.5', '1.6'), ('11', '11.2'),
  ('1.2', '1.3'), ('git.x', ':'), ('git.x', 'git.x=2'),
  ('git.x', '1.0'), ('git.x=1:3', '2:4'), ('git.x=1:3', 'git.x=2'), ('git.x=1:3', 'git.x=2:5'),
  ('git.x=1:3', 'git.y')) t(a, b);
SELECT ciprov.version_range_union('1:2', '3:4') AS u1, ciprov.version_range_union('1.0:', ':2.0') AS u2,
       ciprov.version_range_union('=1.5', '1.2:1.4') AS u3;

-- Equality is set equality; equal sets hash alike
SELECT '1:2,3:4'::ciprov.version_range = '1:4' AS merged_equal,
       '1.2:1.4'::ciprov.version_range = '1.2:1_4' AS separators_equal,
       '1.2:1.4'::ciprov.version_range = '1.2:1.6' AS different,
       '1.2'::ciprov.version_range = '=1.2' AS prefix_is_not_exact,
       '1.2'::ciprov.version_range <> '=1.2' AS ne,
       ciprov.version_range_hash('1:2,3:4') = ciprov.version_range_hash('1:4') AS same_hash,
       ciprov.version_range_hash_extended('1:2,3:4', 7) = ciprov.version_range_hash_extended('1:4', 7) AS same_hash7,
       ciprov.version_range_hash_extended('1:4', 0)::bit(32)::int4 = ciprov.version_range_hash('1:4') AS low_half;
SELECT r, count(*) FROM unnest('{1:4,"1:2,3:4",=1.2,"=1.2,=1_2",1.2}'::ciprov.version_range[]) r
GROUP BY r ORDER BY r;

-- Cast: a version is the one-version set
SELECT v, v::ciprov.version_range AS as_range, v <@ v::ciprov.version_range AS member
FROM unnest('{1.2,2_0,git.main=2.1,git.main}'::ciprov.version[]) v;

-- Binary I/O: format version byte 1 then the canonical text; round trip
SELECT ciprov.version_range_send('1:2,3:4') AS send;
SELECT current_setting('data_directory') || '/ciprov_version_range_copy.bin' AS copy_file \gset
CREATE TABLE range_copy(r ciprov.version_range);
INSERT INTO range_copy VALUES ('1:2,3:4'), ('=1.2,git.x=2'), (':'), (''), ('1.2.5:1.2');
COPY range_copy TO :'copy_file' (FORMAT binary);
CREATE TABLE range_copy_back(r ciprov.version_range);
COPY range_copy_back FROM :'copy_file' (FORMAT binary);
SELECT a.r AS sent, b.r AS received, a.r = b.r AS equal
FROM (SELECT r, row_number() OVER () AS n FROM range_copy) a
JOIN (SELECT r, row_number() OVER () AS n FROM range_copy_back) b USING (n) ORDER BY n;
DROP TABLE range_copy, range_copy_back;

-- Bad input: 22P02 with the position
SELECT '2:1.0'::ciprov.version_range;
\echo :LAST_ERROR_SQLSTATE
SELECT '1.0, 1.2:1.1'::ciprov.version_range;
\echo :LAST_ERROR_SQLSTATE
SELECT '1.0,,2'::ciprov.version_range;
\echo :LAST_ERROR_SQLSTATE
SELECT '1.0,'::ciprov.version_range;
\echo :LAST_ERROR_SQLSTATE
SELECT '1:2:3'::ciprov.version_range;
\echo :LAST_ERROR_SQLSTATE
SELECT '1.2$'::ciprov.version_range;
\echo :LAST_ERROR_SQLSTATE
SELECT '1, 2:x!'::ciprov.version_range;
\echo :LAST_ERROR_SQLSTATE
SELECT '='::ciprov.version_range;
\echo :LAST_ERROR_SQLSTATE
SELECT 'git.x=2:1'::ciprov.version_range;
\echo :LAST_ERROR_SQLSTATE
SELECT 'git.=1:2'::ciprov.version_range;
\echo :LAST_ERROR_SQLSTATE
SELECT '@1.2'::ciprov.version_range;
\echo :LAST_ERROR_SQLSTATE
