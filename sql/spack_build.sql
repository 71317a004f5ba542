-- Builds as spack-monitor recorded them: start with an environment, phases
-- with output parsed for errors and warnings (Spack's CTest-derived rules),
-- the install manifest, and cancellation of dependents when a build fails.
\set SHOW_CONTEXT never
TRUNCATE ciprov.spack_nodes, ciprov.spack_edges, ciprov.spack_installs, ciprov.spack_builds,
  ciprov.spack_build_phases, ciprov.spack_build_events, ciprov.spack_build_files RESTART IDENTITY;
\set doc `cat examples/spack/mpileaks.v5.json`
SELECT ciprov.spack_submit(:'doc') AS mpileaks;
\set doc `cat examples/spack/hdf5.v5.json`
SELECT ciprov.spack_submit(:'doc') AS hdf5;

-- The log parser on its own, with 2 lines of context
\set log `cat examples/spack/build-callpath.log`
SELECT kind, line_no, source_file, source_line, text FROM ciprov.spack_parse_log(:'log', 2);
SELECT line_no, pre_context, post_context FROM ciprov.spack_parse_log(:'log', 2) WHERE line_no IN (4, 13);
-- Spack's default context is 6 lines; near the ends of the log it is shorter
SELECT line_no, cardinality(pre_context) AS before, cardinality(post_context) AS after
FROM ciprov.spack_parse_log(:'log') ORDER BY line_no;
-- exceptions: ": note" lines are not errors; "Clock skew" is not a warning;
-- "instantiated from" suppresses an error
SELECT kind, line_no, text FROM ciprov.spack_parse_log(E'a.c:1: note: declared here\nmake: warning:  Clock skew detected.  Your build may be incomplete.\nfoo.h:3: error: x instantiated from here\nSegmentation fault (core dumped)\nld: fatal: cannot open -lz\n', 0);
SELECT count(*) AS events FROM ciprov.spack_parse_log('');
-- "." matches a carriage return, as in Spack's Python patterns: a make line
-- rewritten by a progress display is still an error
SELECT kind, line_no, pg_catalog.replace(text, E'\r', '<CR>') AS text
FROM ciprov.spack_parse_log(E'make: *** [all]\r 50%\r Error 2\n');
SELECT * FROM ciprov.spack_parse_log('x', -1);
\echo :LAST_ERROR_SQLSTATE

-- A build of each DAG node we care about, bottom up
SELECT ciprov.spack_build_start('ynunjfveb63s75u2rgnppgih5bls2ddd',
  '{"hostname": "builder-1", "platform": "linux", "kernel_version": "6.1.0-13-amd64", "host_os": "debian12",
    "host_target": "zen3", "spack_version": "0.21.0", "tags": ["nightly", "e4s"]}') AS libelf_build;
SELECT ciprov.spack_build_start('7rewsykl5t3v6j54g5vgz5dhrcfzyhfq', '{"hostname": "builder-1"}') AS callpath_build;
SELECT ciprov.spack_build_start('etbgrgagqqplxyliebbglxyzzmayywvc', '{"hostname": "builder-1"}') AS mpileaks_build;
SELECT ciprov.spack_build_start('ivvix32h3qptpphkkawkhfurxdpz5njz', '{"hostname": "builder-2"}') AS hdf5_build;
SELECT ciprov.spack_build_start('3ngij24k5kzmmv7ydr6jrysics2advs5', '{}') AS mpich_build;
SELECT b.id, n.name, b.status, b.hostname, b.platform, b.kernel_version, b.host_os, b.host_target, b.spack_version, b.tags
FROM ciprov.spack_builds b JOIN ciprov.spack_nodes n ON n.id = b.node ORDER BY b.id;

-- libelf builds fine
SELECT ciprov.spack_build_phase(1, 'stage', 'SUCCESS', '==> Fetching libelf-0.8.13.tar.gz') AS phase;
SELECT ciprov.spack_build_phase(1, 'install', 'SUCCESS', E'make install\ndone') AS phase;
SELECT ciprov.spack_build_files(1, '{"/opt/spack/libelf/lib/libelf.so.0": {"type": "file", "mode": 33261, "owner": 1000, "group": 1000, "hash": "9f2b1c"},
                                      "/opt/spack/libelf/lib/libelf.so": {"type": "link", "mode": 41471, "owner": 1000, "group": 1000, "hash": null},
                                      "/opt/spack/libelf/include": {"type": "dir", "mode": 16877, "owner": 1000, "group": 1000}}') AS files;
SELECT path, type, mode, owner, "group", hash FROM ciprov.spack_build_files WHERE build = 1 ORDER BY path;
SELECT ciprov.spack_build_finish(1, 'SUCCESS') AS cancelled;

-- callpath fails in its build phase: the errors and warnings are parsed
SELECT ciprov.spack_build_phase(2, 'cmake', 'SUCCESS',
  E'-- Detecting C compiler ABI info - done\nCMake Warning at CMakeLists.txt:41 (find_package):\n-- Configuring done') AS phase;
SELECT ciprov.spack_build_phase(2, 'build', 'FAILED', :'log') AS phase;
SELECT p.name, p.status, p.error, (SELECT count(*) FROM ciprov.spack_build_events e WHERE e.phase = p.id AND e.kind = 'error') AS errors,
       (SELECT count(*) FROM ciprov.spack_build_events e WHERE e.phase = p.id AND e.kind = 'warning') AS warnings
FROM ciprov.spack_build_phases p WHERE p.build = 2 ORDER BY p.id;
SELECT e.kind, e.line_no, e.source_file, e.source_line, e.text, cardinality(e.pre_context) AS before, cardinality(e.post_context) AS after
FROM ciprov.spack_build_events e JOIN ciprov.spack_build_phases p ON p.id = e.phase
WHERE p.build = 2 AND p.name = 'build' ORDER BY e.line_no;
-- reporting a phase again replaces it
SELECT ciprov.spack_build_phase(2, 'cmake', 'SUCCESS', 'all good') AS phase;
SELECT p.name, p.status, p.output, (SELECT count(*) FROM ciprov.spack_build_events e WHERE e.phase = p.id) AS events
FROM ciprov.spack_build_phases p WHERE p.build = 2 AND p.name = 'cmake';

-- the failure cancels the unfinished builds of callpath's dependents:
-- mpileaks (NOTRUN) is cancelled; hdf5 and mpich do not depend on callpath
SELECT ciprov.spack_build_finish(2, 'FAILED') AS cancelled;
SELECT b.id, n.name, b.status, b.cancelled_by, b.finished_at IS NOT NULL AS finished
FROM ciprov.spack_builds b JOIN ciprov.spack_nodes n ON n.id = b.node ORDER BY b.id;
-- a failed mpich cancels hdf5 (mpileaks is already cancelled)
SELECT ciprov.spack_build_finish(5, 'FAILED') AS cancelled;
SELECT b.id, n.name, b.status, b.cancelled_by FROM ciprov.spack_builds b JOIN ciprov.spack_nodes n ON n.id = b.node ORDER BY b.id;
-- a successful build cancels nothing
SELECT ciprov.spack_build_start('ynunjfveb63s75u2rgnppgih5bls2ddd', '{}') AS libelf_again;
SELECT ciprov.spack_build_start('etbgrgagqqplxyliebbglxyzzmayywvc', '{}') AS mpileaks_again;
SELECT ciprov.spack_build_finish(6, 'SUCCESS') AS cancelled;
SELECT status FROM ciprov.spack_builds WHERE id = 7;

-- Bad inputs
SELECT ciprov.spack_build_start('nosuchhash', '{}');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.spack_build_start('ynunjfveb63s75u2rgnppgih5bls2ddd', '[]');
SELECT ciprov.spack_build_start('ynunjfveb63s75u2rgnppgih5bls2ddd', '{"hostname": 7}');
SELECT ciprov.spack_build_start('ynunjfveb63s75u2rgnppgih5bls2ddd', '{"tags": ["a", 1]}');
SELECT ciprov.spack_build_phase(999, 'build', 'SUCCESS', '');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.spack_build_phase(7, 'build', 'DONE', '');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.spack_build_phase(7, '', 'SUCCESS', '');
SELECT ciprov.spack_build_phase(1, 'build', 'SUCCESS', '');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.spack_build_finish(1, 'SUCCESS');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.spack_build_finish(7, 'NOTRUN');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.spack_build_finish(999, 'FAILED');
SELECT ciprov.spack_build_files(7, '[]');
\echo :LAST_ERROR_SQLSTATE
SELECT ciprov.spack_build_files(7, '{"/a": {"mode": "0644"}}');
SELECT ciprov.spack_build_files(7, '{"/a": {"mode": 420}, "/b/c": {"mode": -1}}');
SELECT ciprov.spack_build_files(7, '{"/a": 1}');
SELECT ciprov.spack_build_files(7, '{"/a": {"hash": 5}}');
SELECT ciprov.spack_build_files(999, '{}');
SELECT count(*) AS files_of_7 FROM ciprov.spack_build_files WHERE build = 7;
-- a manifest reported again updates its paths
SELECT ciprov.spack_build_files(7, '{"/opt/spack/mpileaks/bin/mpileaks": {"type": "file", "mode": 33261, "hash": "aa"}}') AS files;
SELECT ciprov.spack_build_files(7, '{"/opt/spack/mpileaks/bin/mpileaks": {"type": "file", "mode": 33133, "hash": "bb"}, "/opt/spack/mpileaks/lib": {"type": "dir"}}') AS files;
SELECT path, type, mode, hash FROM ciprov.spack_build_files WHERE build = 7 ORDER BY path;
