-- Spack semantics of ciprov.spec: satisfies (<@, @>), intersects (&&) and
-- constrain, for abstract specs and without a package repository.
\set SHOW_CONTEXT never
SET search_path TO public, ciprov;

-- lhs <@ rhs: every concretization of lhs satisfies rhs. The columns show
-- both directions, intersection (symmetric) and the constrained spec.
SELECT lhs, rhs,
       lhs::spec <@ rhs::spec AS sat,
       rhs::spec <@ lhs::spec AS rsat,
       rhs::spec @> lhs::spec = (lhs::spec <@ rhs::spec) AS commutes,
       lhs::spec && rhs::spec AS inter,
       (lhs::spec && rhs::spec) = (rhs::spec && lhs::spec) AS symmetric,
       CASE WHEN lhs::spec && rhs::spec THEN constrain(lhs::spec, rhs::spec)::text END AS constrained
FROM (VALUES
  -- names, namespaces, anonymous specs
  ('libelf', 'libelf'),
  ('libelf', 'libdwarf'),
  ('builtin.hdf5', 'hdf5'),
  ('mylab.hdf5', 'builtin.hdf5'),
  ('+mpi', 'hdf5'),
  ('hdf5+mpi', '+mpi'),
  ('hdf5', '@1.2:'),
  ('', 'hdf5'),
  -- versions
  ('libelf@0.8.13', 'libelf@0:1'),
  ('libelf@0.8.13', '@0:1'),
  ('libelf@1.2', 'libelf@1.2.3'),
  ('libelf@=1.2', 'libelf@1.2'),
  ('libelf@1.0:1.4', 'libelf@1.3:2'),
  ('libelf@1.0:1.2', 'libelf@1.5:2'),
  ('libelf@git.main=1.2', 'libelf@1.2'),
  -- boolean variants
  ('libelf+debug', 'libelf+debug'),
  ('libelf+debug', 'libelf~debug'),
  ('libelf', 'libelf+debug'),
  ('libelf+debug+foo', 'libelf+debug'),
  ('libelf+debug', 'libelf debug=*'),
  ('libelf debug=true', 'libelf+debug'),
  -- multi-valued: abstract = at least these values, := exactly these
  ('libelf foo=bar', 'libelf foo=baz'),
  ('libelf foo=bar,baz', 'libelf foo=bar'),
  ('libelf foo=bar', 'libelf foo=bar,baz'),
  ('libelf foo:=bar', 'libelf foo=bar'),
  ('libelf foo:=bar', 'libelf foo:=bar,baz'),
  ('libelf foo:=bar,baz', 'libelf foo:=baz,bar'),
  ('libelf foo:=bar', 'libelf foo=baz'),
  ('libelf foo=bar', 'libelf foo:=bar'),
  ('libelf foo=*', 'libelf foo=bar'),
  ('libelf foo=bar', 'libelf foo=*'),
  ('libelf foo=*', 'libelf+foo'),
  ('libelf', 'libelf foo=*'),
  ('libelf+foo', 'libelf foo=bar'),
  ('libelf patches=abcdef0123', 'libelf patches=abcdef'),
  -- propagated variants
  ('mpileaks++shared', 'mpileaks+shared'),
  ('mpileaks+shared', 'mpileaks++shared'),
  ('mpileaks++shared ^zlib~shared', 'mpileaks++shared'),
  ('mpileaks++shared ^zlib+shared', 'mpileaks++shared'),
  ('mpileaks ^zlib~shared', 'mpileaks++shared'),
  ('mpileaks foo==bar', 'mpileaks foo=bar'),
  -- compiler flags: set containment, never conflicting
  ('libelf cflags=-O3', 'libelf cflags=-O3'),
  ('libelf cflags="-O3 -g"', 'libelf cflags=-g'),
  ('libelf cflags=-O3', 'libelf cflags=-g'),
  ('libelf', 'libelf cflags=-g'),
  ('libelf cflags==-O3', 'libelf cflags=-O3'),
  ('libelf cflags=-O3', 'libelf cflags==-O3'),
  ('libelf cflags=-O3 ldflags=-lm', 'libelf ldflags=-lm'),
  -- platform and os: equality, * means set
  ('libelf platform=linux', 'libelf platform=linux'),
  ('libelf platform=linux', 'libelf platform=darwin'),
  ('libelf platform=linux', 'libelf platform=*'),
  ('libelf', 'libelf platform=*'),
  ('libelf os=rhel8', 'libelf arch=linux-rhel8-x86_64'),
  ('libelf arch=linux-rhel8-x86_64', 'libelf os=rhel8'),
  ('libelf os=rhel8', 'libelf os=rhel9'),
  -- hashes: prefixes
  ('hdf5 /abc', 'hdf5 /ab'),
  ('hdf5 /ab', 'hdf5 /abc'),
  ('hdf5 /abc', 'hdf5 /abd'),
  ('/abc', 'hdf5'),
  -- dependencies
  ('mpileaks ^mpich', 'mpileaks ^mpich'),
  ('mpileaks ^mpich@3', 'mpileaks ^mpich@3:'),
  ('mpileaks ^mpich', 'mpileaks ^mpich@3'),
  ('mpileaks ^mpich', 'mpileaks ^openmpi'),
  ('mpileaks ^zlib@1', 'mpileaks ^zlib@2'),
  ('mpileaks', 'mpileaks ^zlib'),
  ('mpileaks ^zlib ^mpich', 'mpileaks ^mpich'),
  ('mpileaks ^zlib+shared', '^zlib'),
  ('mpileaks ^callpath %gcc', 'mpileaks ^callpath'),
  ('mpileaks ^callpath %gcc@12', 'mpileaks ^callpath %gcc@12:'),
  ('mpileaks ^callpath', 'mpileaks ^callpath %gcc'),
  -- direct dependencies (%): one node per name, so they must agree
  ('mpileaks %gcc@12', 'mpileaks %gcc'),
  ('mpileaks %gcc@12', 'mpileaks %gcc@11'),
  ('mpileaks %gcc@12', 'mpileaks %clang'),
  ('mpileaks %gcc', 'mpileaks ^gcc'),
  ('mpileaks ^gcc', 'mpileaks %gcc'),
  ('mpileaks %%gcc', 'mpileaks %gcc'),
  ('mpileaks %gcc', 'mpileaks %%gcc'),
  ('mpileaks %gcc@9 ^callpath %gcc@12', 'mpileaks %gcc@9'),
  ('mpileaks %gcc@9 ^callpath %gcc@12', 'mpileaks ^callpath %gcc@9'),
  -- virtuals on edges
  ('mpileaks ^mpi=mpich', 'mpileaks ^mpi'),
  ('mpileaks ^mpi=mpich', 'mpileaks ^mpich'),
  ('mpileaks ^mpich', 'mpileaks ^mpi=mpich'),
  ('mpileaks ^mpi=mpich', 'mpileaks ^mpi@3'),
  ('mpileaks ^mpi=mpich', 'mpileaks ^mpi+cuda'),
  ('mpileaks ^mpi=mpich', 'mpileaks ^mpi=openmpi'),
  ('hdf5 %c,cxx=gcc', 'hdf5 %c=gcc'),
  ('hdf5 %c=gcc', 'hdf5 %c,cxx=gcc'),
  ('hdf5 %c=gcc', 'hdf5 %gcc'),
  ('hdf5 %gcc', 'hdf5 %c=gcc'),
  ('hdf5 %c=gcc', 'hdf5 %c'),
  ('hdf5 %c,cxx=gcc@12', 'hdf5 %cxx=gcc@10:'),
  ('hdf5 %c=gcc@12', 'hdf5 %c=llvm'),
  -- dependency types: subset semantics
  ('mpileaks ^[deptypes=build,link] zlib', 'mpileaks ^[deptypes=link] zlib'),
  ('mpileaks ^[deptypes=link] zlib', 'mpileaks ^[deptypes=build,link] zlib'),
  ('mpileaks ^[deptypes=build] zlib', 'mpileaks ^[deptypes=link] zlib'),
  ('mpileaks ^[deptypes=link] zlib', 'mpileaks ^zlib'),
  ('mpileaks ^[deptypes=link] callpath ^[deptypes=link] dyninst', 'mpileaks ^dyninst')
) AS t(lhs, rhs);

-- constrain() merges; when the specs do not intersect it names the field
SELECT constrain('hdf5@1.10:', 'hdf5+mpi ^zlib@1.2');
SELECT constrain('+mpi', 'hdf5@1.12 %gcc');
SELECT constrain('hdf5 %gcc', 'hdf5 %gcc@12 %c=gcc');
SELECT constrain('hdf5 target=haswell:', 'hdf5 target=:icelake os=rhel8');
SELECT constrain('hdf5 cflags=-O2', 'hdf5 cflags==-O2 cflags=-g');
SELECT constrain('hdf5 platform=*', 'hdf5 platform=linux');
SELECT constrain('hdf5 foo=*', 'hdf5 foo=bar');
SELECT constrain('hdf5 foo=a', 'hdf5 foo:=a,b');
SELECT constrain('hdf5@1.2', 'hdf5@1.4');
\echo :LAST_ERROR_SQLSTATE
SELECT constrain('hdf5', 'zlib');
\echo :LAST_ERROR_SQLSTATE
SELECT constrain('builtin.hdf5', 'mylab.hdf5');
\echo :LAST_ERROR_SQLSTATE
SELECT constrain('hdf5+mpi', 'hdf5~mpi');
\echo :LAST_ERROR_SQLSTATE
SELECT constrain('hdf5 api:=v110', 'hdf5 api:=v112');
\echo :LAST_ERROR_SQLSTATE
SELECT constrain('hdf5 platform=linux', 'hdf5 platform=darwin');
\echo :LAST_ERROR_SQLSTATE
SELECT constrain('hdf5 os=rhel8', 'hdf5 os=rhel9');
\echo :LAST_ERROR_SQLSTATE
SELECT constrain('hdf5 target=aarch64', 'hdf5 target=x86_64:');
\echo :LAST_ERROR_SQLSTATE
SELECT constrain('hdf5 /abc', 'hdf5 /abd');
\echo :LAST_ERROR_SQLSTATE
SELECT constrain('hdf5 %gcc@12', 'hdf5 %gcc@11');
\echo :LAST_ERROR_SQLSTATE

-- The function forms agree with the operators
SELECT satisfies('hdf5@1.12+mpi', 'hdf5@1.10:'), intersects('hdf5~mpi', 'hdf5+mpi');
