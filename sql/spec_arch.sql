-- Architecture in ciprov.spec: platform and os by equality; targets by
-- name, range and family through the built-in microarchitecture lineage
-- (x86_64, aarch64, ppc64le, ppc64), as Spack compares them with archspec.
\set SHOW_CONTEXT never
SET search_path TO public, ciprov;

-- Target canonical forms
SELECT input, ('zlib target=' || input)::spec AS canonical
FROM (VALUES ('haswell'), ('haswell:'), (':haswell'), ('x86_64:haswell'), (':x86_64'),
             ('haswell:haswell'), ('*'), (':'), ('zen2,haswell'), ('haswell,haswell'),
             ('nocona:nehalem,nehalem:haswell'), ('haswell:,skylake:'), ('haswell:,:'),
             ('core2:nehalem,westmere'), ('mytarget'), ('mytarget:'), ('power9le'),
             ('neoverse_v1:'), ('aarch64:neoverse_v2')) AS t(input);

-- lhs target <@ rhs target, both ways, and whether they intersect
SELECT lhs, rhs,
       ('x target=' || lhs)::spec <@ ('x target=' || rhs)::spec AS sat,
       ('x target=' || rhs)::spec <@ ('x target=' || lhs)::spec AS rsat,
       ('x target=' || lhs)::spec && ('x target=' || rhs)::spec AS inter,
       CASE WHEN ('x target=' || lhs)::spec && ('x target=' || rhs)::spec
            THEN constrain(('x target=' || lhs)::spec, ('x target=' || rhs)::spec)::text END AS constrained
FROM (VALUES
  ('haswell', 'haswell'),
  ('haswell', 'skylake'),
  ('haswell', 'x86_64'),
  ('haswell', 'x86_64:'),
  ('haswell', ':'),
  ('haswell', 'haswell:'),
  ('skylake', 'haswell:'),
  ('ivybridge', 'haswell:'),
  ('haswell', ':skylake'),
  ('icelake', ':skylake'),
  ('zen3', 'x86_64_v3:'),
  ('zen3', 'haswell:'),
  ('cascadelake', 'skylake_avx512:icelake'),
  ('cannonlake', 'skylake_avx512:icelake'),
  ('haswell:', 'skylake:'),
  ('haswell:', 'x86_64:'),
  ('haswell:skylake', 'broadwell:icelake'),
  ('haswell:skylake', 'haswell:,zen2'),
  ('haswell,zen2', 'x86_64_v3:'),
  ('aarch64', 'x86_64:'),
  ('neoverse_v1', 'armv8.2a:'),
  ('neoverse_v2', 'neoverse_n1:'),
  ('a64fx', 'armv8.2a:'),
  ('m1', 'armv8.5a:'),
  ('power9le', 'power8le:'),
  ('power9le', 'power9:'),
  ('mytarget', 'mytarget'),
  ('mytarget', 'x86_64:'),
  (':', 'haswell')
) AS t(lhs, rhs);

-- A spec without a target does not satisfy one with a target, but may
-- intersect it; platform and os behave the same way.
SELECT 'x'::spec <@ 'x target=haswell:' AS sat, 'x'::spec && 'x target=haswell:' AS inter,
       'x os=rhel8'::spec <@ 'x os=*' AS os_star, 'x'::spec <@ 'x os=*' AS no_os_star;
