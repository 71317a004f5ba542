-- ciprov.spec: Spack 1.x spec syntax in, canonical text out.
\set SHOW_CONTEXT never
\pset null '(null)'
SET search_path TO public, ciprov;

-- Canonical text: name, versions, flags, boolean variants, key=value
-- variants, arch, hash; then direct dependencies by name, then transitive
-- ones by name. Printing again gives the same text.
SELECT input, input::ciprov.spec AS canonical,
       (input::ciprov.spec)::text::ciprov.spec::text = (input::ciprov.spec)::text AS idempotent
FROM (VALUES
  ('mvapich'),
  ('_mvapich_foo'),
  ('builtin.mpich'),
  ('hdf5@1.12.2+mpi %gcc@12 ^openmpi@4.1'),
  ('openmpi ^hwloc'),
  ('openmpi^hwloc^libunwind'),
  ('openmpi ^hwloc@1.2e6:1.4b7-rc3'),
  ('openmpi ^hwloc@:1.4b7-rc3'),
  ('mvapich_foo ^_openmpi@1.2:1.4,1.6%intel@12.1+debug~qt_4 ^stackwalker@8.1_1e'),
  ('x ^y~f+e~d+c~b+a@4,2:3,1%intel@4,3,2,1'),
  ('x@: ^y@:'),
  ('%intel'),
  ('@2.7'),
  ('@2.7:'),
  ('^zlib'),
  ('+foo'),
  ('languages=go @4.2:'),
  ('zlib -shared'),
  ('zlib ~~shared ++pic'),
  ('zlib --shared'),
  ('zlib+shared~pic+debug'),
  ('zlib foo=true bar=FALSE'),
  ('zlib foo=b,a,b'),
  ('zlib foo:=a,b'),
  ('zlib foo==bar'),
  ('zlib foo:==bar'),
  ('zlib foo=*'),
  ('zlib foo=''a b'' bar="it''s"'),
  ('zlib cflags="-O2 -g" +shared'),
  ('zlib cflags=-O2 cflags=-g'),
  ('zlib cflags==-O2 ldflags="-L /opt/lib -lm"'),
  ('zlib cppflags=-DX=1 cxxflags=-O3 fflags=-O1 ldlibs=-lz'),
  ('zlib cflags=a=b=c'),
  ('zlib arch=linux-ubuntu22.04-x86_64'),
  ('zlib arch=haswell'),
  ('zlib platform=linux os=ubuntu22.04'),
  ('zlib target=haswell:'),
  ('zlib target=x86_64:icelake'),
  ('zlib target=:x86_64'),
  ('zlib target=skylake:skylake'),
  ('zlib target=nocona:nehalem,nehalem:haswell'),
  ('zlib target=zen2,haswell'),
  ('zlib target=*'),
  ('zlib platform=*'),
  ('zlib /abcdef'),
  ('/abcdef'),
  ('zlib@1.2 /abcdef +shared'),
  ('x namespace=builtin'),
  ('namespace=builtin +mpi'),
  ('hdf5 ^[deptypes=build,link virtuals=mpi] mpich'),
  ('hdf5 ^[deptypes=link,build] mpich'),
  ('hdf5 ^[virtuals=mpi] mpich'),
  ('hdf5 ^mpi=openmpi'),
  ('hdf5 ^ mpi=builtin.openmpi@5'),
  ('hdf5 %c,cxx=gcc@12'),
  ('hdf5 %[virtuals=c] gcc@12'),
  ('hdf5 %[deptypes=build] c=gcc'),
  ('hdf5 %%gcc'),
  ('hdf5 %%c=gcc'),
  ('hdf5 %gcc@9'),
  ('hdf5 %clang@17'),
  ('hdf5 %oneapi %intel %rocmcc %arm'),
  ('hdf5 %llvm'),
  ('hdf5 ^zlib@1.2 ^zlib'),
  ('hdf5 ^zlib ^zlib@1.2'),
  ('hdf5 ^zlib ^zlib'),
  ('hdf5 %gcc@9 %gcc+x'),
  ('hdf5 ^zlib@1 ^zlib@2'),
  ('hdf5 ^b %c ^a %d'),
  ('hdf5 %gcc ^mpich %gcc@12'),
  ('hdf5 ^*'),
  ('hdf5 ^+foo'),
  ('hdf5 ^foo=bar'),
  ('hdf5 ^ +foo target=x86_64'),
  ('hdf5 ^* cflags=-g'),
  ('hdf5 ^@1.2 cflags=-g'),
  ('hdf5 %[virtuals=c] @4.0'),
  ('pkg@git.foo=1.2'),
  ('pkg@git.main'),
  ('pkg@git.feature/branch-1=develop'),
  ('pkg@0123456789abcdef0123456789abcdef01234567=1.0'),
  ('pkg@=1.2'),
  ('pkg@ 1.2 , 1.4'),
  ('pkg@1.2:1.4,1.3:1.6'),
  (''),
  ('   zlib   ')
) AS t(input);

-- Equal specs print identically: order of attributes and dependencies
-- does not matter.
SELECT 'zlib+shared~pic cflags=-O2 @1.2'::ciprov.spec = 'zlib@1.2 ~pic cflags=-O2 +shared'::ciprov.spec AS same_attrs,
       'a ^c ^b %x ^d'::ciprov.spec = 'a ^d ^b %x ^c'::ciprov.spec AS same_deps,
       'a %gcc'::ciprov.spec = 'a %c=gcc'::ciprov.spec AS virtuals_matter,
       'a foo=x'::ciprov.spec = 'a foo:=x'::ciprov.spec AS concreteness_matters;

-- Parse errors: 22P02 with the position of the offending token
SELECT 'x@@1.2'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'x ^y@@1.2'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'x@1.2::'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'x::'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'x@2:1.0'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'x@1.2@1.3'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'x@1.2+debug+debug'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'x ^y@1.2 debug=false ~debug'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'x os=fe os=be'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'x target=x86_64 target=aarch64'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'x arch=linux-rhel7-x86_64 arch=linux-rhel7-x86_64'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'x platform=linux arch=linux-rhel7-x86_64'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'x target==haswell'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'x +target'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
-- A namespace prints before the name (x namespace=a.b is a.b.x), so it
-- must be identifiers joined by dots; "=" here once printed as "=.x".
SELECT 'x namespace=='::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'namespace="a b"'::ciprov.spec;
SELECT 'x namespace=a-b.c_d'::ciprov.spec;
SELECT 'x foo=a,*'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'hdf5 ^'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'hdf5 %'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'hdf5 ^[deptypes=build'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'hdf5 ^[deptypes=bogus] zlib'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'hdf5 ^[virtuals=mpi=x] zlib'::ciprov.spec;
SELECT 'hdf5 cflags="-O2 -\\"'::ciprov.spec;
SELECT 'hdf5 ^[foo=bar] zlib'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'hdf5 ^[when=+mpi] zlib'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'hdf5 ^[+mpi] zlib'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'hdf5 %gcc@9 %gcc@10'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'hdf5 zlib'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'hdf5 /abc /def'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'hdf5 $'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'hdf5 +mpi é'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT './hdf5.json'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
SELECT 'hdf5 foo=''unterminated'::ciprov.spec;
\echo :LAST_ERROR_SQLSTATE
