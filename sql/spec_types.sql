-- ciprov.spec as a type: accessors, binary I/O, storage, indexes.
\set SHOW_CONTEXT never
SET search_path TO public, ciprov;

-- Accessors
SELECT spec_name('builtin.hdf5@1.12:+mpi'), spec_name('+mpi') IS NULL AS anonymous;
SELECT spec_versions('hdf5@1.12:1.14,1.8'), spec_versions('hdf5'),
       pg_typeof(spec_versions('hdf5'));
SELECT '1.12.2'::version <@ spec_versions('hdf5@1.12:1.14') AS version_in_spec;
SELECT spec_variants('hdf5+mpi~cxx api=v112 tools:=a,b foo=* ++shared');
SELECT spec_variants('hdf5');
SELECT d FROM spec_dependencies('hdf5@1.14+mpi %gcc@12 ^openmpi@4.1 %gcc ^zlib-ng') AS d;
SELECT count(*) FROM spec_dependencies('zlib');
SELECT jsonb_pretty(spec_to_jsonb('hdf5@1.14+mpi cflags==-O2 target=haswell: %c,cxx=gcc@12 ^[deptypes=build,link] mpi=openmpi /abc'));

-- Binary send/recv: a format version byte (1) then the canonical text
SELECT spec_send('hdf5 ~mpi+cxx %gcc');
SELECT encode(spec_send('zlib'), 'escape');
-- Round trip through binary COPY (spec_send, then spec_recv parses again)
SELECT '/tmp/ciprov_spec_regress_' || pg_backend_pid() || '.bin' AS binfile \gset
CREATE TEMP TABLE bin (id int, s spec);
INSERT INTO bin VALUES (1, 'hdf5@1.14+mpi %gcc@12 ^openmpi@4.1'), (2, '+mpi'), (3, ''),
  (4, 'zlib foo=''a b'' bar="it''s"'), (5, 'x target=haswell: ^[deptypes=link] mpi=mpich');
COPY bin TO :'binfile' WITH (FORMAT binary);
CREATE TEMP TABLE bin2 (id int, s spec);
\set copycmd 'cat ' :binfile ' && rm -f ' :binfile
COPY bin2 FROM PROGRAM :'copycmd' WITH (FORMAT binary);
SELECT b.id, b2.s, b.s = b2.s AS same FROM bin b JOIN bin2 b2 USING (id) ORDER BY b.id;
-- A wrong format version byte is rejected (22P03)
CREATE TEMP TABLE rawbin (id int, b bytea);
INSERT INTO rawbin VALUES (1, '\x027a6c6962');
COPY rawbin TO :'binfile' WITH (FORMAT binary);
COPY bin2 FROM PROGRAM :'copycmd' WITH (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE
TRUNCATE rawbin;
INSERT INTO rawbin VALUES (1, '\x017a6c6962202b6d7069');
COPY rawbin TO :'binfile' WITH (FORMAT binary);
COPY bin2 FROM PROGRAM :'copycmd' WITH (FORMAT binary);
SELECT s FROM bin2 WHERE id = 1 ORDER BY s;

-- Storage is TOAST-able (STORAGE extended): a long spec is compressed
SELECT typstorage FROM pg_type WHERE oid = 'ciprov.spec'::regtype;
CREATE TEMP TABLE big (s spec);
INSERT INTO big SELECT string_agg('^dep' || i || '@1.' || i || '+shared cflags=-O2', ' ')::spec
FROM generate_series(1, 400) i;
SELECT pg_column_size(s) < octet_length(s::text) AS compressed, octet_length(s::text) FROM big;

-- btree and hash indexes; equality is on the canonical form
CREATE TEMP TABLE builds (id int, s spec);
INSERT INTO builds VALUES
  (1, 'hdf5@1.14+mpi %gcc@12 ^openmpi'), (2, 'hdf5 +mpi @1.14 %gcc@12 ^openmpi'), (7, 'hdf5@1.14+mpi ^openmpi %gcc@12'),
  (3, 'zlib@1.3'), (4, 'hdf5@1.12~mpi'), (5, 'zlib+pic cflags=-O2'), (6, 'zlib cflags=-O2 +pic');
SELECT id, s FROM builds ORDER BY s, id;
SELECT s, array_agg(id ORDER BY id) FROM builds GROUP BY s ORDER BY s;
CREATE INDEX builds_btree ON builds USING btree (s);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM builds WHERE s = 'zlib@1.3';
SELECT id FROM builds WHERE s = 'hdf5 +mpi@1.14 %gcc@12 ^openmpi' ORDER BY id;
EXPLAIN (COSTS OFF) SELECT id FROM builds WHERE s > 'zlib' ORDER BY s;
SELECT id FROM builds WHERE s > 'zlib' ORDER BY s, id;
CREATE INDEX builds_hash ON builds USING hash (s);
DROP INDEX builds_btree;
EXPLAIN (COSTS OFF) SELECT id FROM builds WHERE s = 'zlib@1.3';
SELECT id FROM builds WHERE s = 'zlib +pic cflags=-O2' ORDER BY id;
RESET enable_seqscan;
-- Semantic queries over a table
SELECT id, s FROM builds WHERE s <@ 'hdf5+mpi' ORDER BY id;
SELECT id, s FROM builds WHERE 'zlib+pic'::spec @> s ORDER BY id;
SELECT id, s FROM builds WHERE s && 'hdf5@1.12:1.13' ORDER BY id;

-- PARTITION BY HASH uses the seeded extended hash
CREATE TEMP TABLE parts (s spec) PARTITION BY HASH (s);
CREATE TEMP TABLE parts0 PARTITION OF parts FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TEMP TABLE parts1 PARTITION OF parts FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO parts SELECT s FROM builds;
SELECT count(*) FROM parts;
SELECT (SELECT count(*) FROM parts0) + (SELECT count(*) FROM parts1) AS total;
SELECT spec_hash_extended('zlib', 0) = spec_hash_extended('zlib', 0) AS stable,
       spec_hash_extended('zlib', 0) <> spec_hash_extended('zlib', 1) AS seeded,
       spec_hash('zlib +pic') = spec_hash('zlib+pic') AS canonical_hash;
