-- Real Spack spec files from ../shared/data/spack (see its README.md): every
-- format with the root hashes Spack's own tests expect, build-cache specs
-- and index, spack-monitor's specs. Skipped when ../shared is absent.
\set SHOW_CONTEXT never
TRUNCATE ciprov.spack_nodes, ciprov.spack_edges, ciprov.spack_installs, ciprov.spack_builds,
  ciprov.spack_build_phases, ciprov.spack_build_events, ciprov.spack_build_files RESTART IDENTITY;
\set have_shared `test -d ../shared/data/spack && echo true || echo false`
\if :have_shared
CREATE TEMP TABLE expected_roots (file text, format text, root text, file_nodes int);
INSERT INTO expected_roots VALUES
  ('hdf5.v013.json', 'v1', 'vglgw4reavn65vx5d4dlqn6rjywnq76d', 20),
  ('hdf5.v016.json', 'v1', 'stp45yvzte43xdauknaj3auxlxb4xvzs', 21),
  ('hdf5.v017.json', 'v2', 'xqh5iyjjtrp2jw632cchacn3l7vqzf3m', 28),
  ('hdf5.v019.json', 'v3', 'iulacrbz7o5v5sbj7njbkyank3juh6d3', 36),
  ('singularity-3.6.4.json', 'v1', 'xq2iz5sqeuzjxeduzhe7auszdbqwlgur', 52),
  ('singularity-3.8.0.json', 'v2', 'horgiy7swsitni32acyaplwfpbvpv4if', 55);
CREATE TEMP TABLE submitted (file text, root text);
\set doc `cat ../shared/data/spack/hdf5.v013.json`
INSERT INTO submitted VALUES ('hdf5.v013.json', ciprov.spack_submit(:'doc'));
\set doc `cat ../shared/data/spack/hdf5.v016.json`
INSERT INTO submitted VALUES ('hdf5.v016.json', ciprov.spack_submit(:'doc'));
\set doc `cat ../shared/data/spack/hdf5.v017.json`
INSERT INTO submitted VALUES ('hdf5.v017.json', ciprov.spack_submit(:'doc'));
\set doc `cat ../shared/data/spack/hdf5.v019.json`
INSERT INTO submitted VALUES ('hdf5.v019.json', ciprov.spack_submit(:'doc'));
\set doc `cat ../shared/data/spack/singularity-3.6.4.json`
INSERT INTO submitted VALUES ('singularity-3.6.4.json', ciprov.spack_submit(:'doc'));
\set doc `cat ../shared/data/spack/singularity-3.8.0.json`
INSERT INTO submitted VALUES ('singularity-3.8.0.json', ciprov.spack_submit(:'doc'));
-- the stored root is Spack's expected dag hash; the DAG holds the file's
-- nodes plus one compiler node made from the old "compiler" fields
SELECT e.file, e.format, s.root = e.root AS root_matches, e.file_nodes,
       (SELECT count(*) FROM ciprov.spack_dependencies(s.root)) AS dag_nodes,
       (SELECT count(*) FROM ciprov.spack_dependencies(s.root) d JOIN ciprov.spack_nodes n USING (hash)
        WHERE n.synthesized_compiler) AS compiler_nodes
FROM expected_roots e JOIN submitted s USING (file) ORDER BY e.file;
-- the compilers met in these files
SELECT name, version, platform, os FROM ciprov.spack_nodes WHERE synthesized_compiler ORDER BY version;
-- hdf5 1.12.2 (v3): what it links and runs with, and its build-only tools
SELECT name, version, depth, deptypes FROM ciprov.spack_dependencies('iulacrbz7o5v5sbj7njbkyank3juh6d3', NULL, 1);
SELECT count(*) AS link_run_nodes FROM ciprov.spack_dependencies('iulacrbz7o5v5sbj7njbkyank3juh6d3', '{link,run}');
-- v1 singularity: dependencies written as full_hash values resolve
SELECT name, version, deptypes FROM ciprov.spack_dependencies('xq2iz5sqeuzjxeduzhe7auszdbqwlgur', NULL, 1) WHERE depth = 1;
-- resubmitting everything is a no-op; exporting and resubmitting too
SELECT count(*) AS nodes_before FROM ciprov.spack_nodes \gset
\set doc `cat ../shared/data/spack/hdf5.v019.json`
SELECT ciprov.spack_submit(:'doc') = 'iulacrbz7o5v5sbj7njbkyank3juh6d3' AS same_root;
SELECT ciprov.spack_submit(ciprov.spack_json(root)) = root AS round_trip, file
FROM submitted ORDER BY file;
SELECT count(*) = :nodes_before AS nothing_new FROM ciprov.spack_nodes;

-- build-cache spec.json files (formats 3, 4 and 5) and the index
\set doc `cat ../shared/data/spack/test-debian6-core2-gcc-10.2.1-libdwarf-20130729-sk2gqqz4n5njmvktycnd25wq25jxiqkr.spec.json`
SELECT ciprov.spack_submit(:'doc') AS v4_libdwarf;
\set doc `cat ../shared/data/spack/test-debian6-core2-gcc-10.2.1-libelf-0.8.13-rqh2vuf6fqwkmipzgi2wjx352mq7y7ez.spec.json`
SELECT ciprov.spack_submit(:'doc') AS v4_libelf;
\set doc `cat ../shared/data/spack/test-debian6-core2-gcc-4.5.0-archive-files-2.0-l3vdiqvbobmspwyb4q2b62fz6nitd4hk.spec.json`
SELECT ciprov.spack_submit(:'doc') AS v3_archive_files;
\set doc `cat ../shared/data/spack/test-debian6-m1-gcc-10.2.1-libdwarf-20130729-u5uz3dcch5if4eve4sef67o2rf2lbfgh.spec.json`
SELECT ciprov.spack_submit(:'doc') AS v5_libdwarf;
\set doc `cat ../shared/data/spack/test-debian6-m1-gcc-10.2.1-libelf-0.8.13-jr3yipyxyjulcdvckwwwjrrumis7glpa.spec.json`
SELECT ciprov.spack_submit(:'doc') AS v5_libelf;
\set doc `cat ../shared/data/spack/test-debian6-m1-none-none-compiler-wrapper-1.0-qeehcxyvluwnihsc2qxstmpomtxo3lrc.spec.json`
SELECT ciprov.spack_submit(:'doc') AS v5_compiler_wrapper;
\set doc `cat ../shared/data/spack/test-debian6-m1-none-none-gcc-runtime-10.2.1-izgzpzeljwairalfjm3k6fntbb64nt6n.spec.json`
SELECT ciprov.spack_submit(:'doc') AS v5_gcc_runtime;
-- the v5 DAGs share their gcc, gcc-runtime and compiler-wrapper nodes
SELECT name, count(*) AS rows FROM ciprov.spack_nodes
WHERE name IN ('gcc', 'gcc-runtime', 'compiler-wrapper') AND NOT synthesized_compiler GROUP BY name ORDER BY name;
SELECT name, depth, deptypes FROM ciprov.spack_dependencies('u5uz3dcch5if4eve4sef67o2rf2lbfgh');
SELECT p.name AS parent, e.virtuals FROM ciprov.spack_edges e
JOIN ciprov.spack_nodes p ON p.id = e.parent JOIN ciprov.spack_nodes c ON c.id = e.child
WHERE c.name = 'gcc' AND NOT c.synthesized_compiler ORDER BY 1;
\set doc `cat ../shared/data/spack/buildcache-index.json`
SELECT ciprov.spack_submit_database(:'doc') AS index_records;
SELECT n.name, n.hash, i.ref_count, i.in_buildcache, i.installed, i.path, i.database_version
FROM ciprov.spack_installs i JOIN ciprov.spack_nodes n ON n.id = i.node ORDER BY n.name;
\else
\echo 'skipped: ../shared/data is absent'
\endif
