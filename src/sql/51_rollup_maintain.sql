-- Keeping the rollups exact. Statement-level AFTER triggers with transition
-- tables on ciprov.tests, ciprov.builds and ciprov.checkouts (they fire for
-- INSERT ... ON CONFLICT DO UPDATE too, and for any other writer) note which
-- ids changed in a way the rollups see, a test with its state before and
-- after the change (in backend memory; the trigger functions are C);
-- ciprov.rollup_flush() then folds them in: at the end of every
-- ciprov.kcidb_submit call that noted something, and at commit for writers
-- that bypass it. Folding in moves the counters by what the touched builds
-- and tests count for now minus what they counted for before (the noted
-- old states, under the build attributes kept in the anchors), so it is
-- exact whatever changed (a status going from NULL to a value, a test
-- arriving before its build, an unchanged resubmission that notes nothing).
-- The test runs (ciprov.rollup_runs) follow the same notes.
-- Locking: rollup rows are only locked by a flush, after the submission's
-- own kcidb rows; a flush locks the anchors of the touched builds in key
-- order (so a build and its tests are only ever counted under its anchor),
-- then the anchors of their checkouts in key order, then writes counters
-- and runs that only holders of those anchors write: concurrent flushes
-- queue, never deadlock.

-- The keys a test counts under, besides its checkout: every rollup but C
-- once, C once per compatible string of a test with a platform.
CREATE FUNCTION ciprov.rollup_test_keys(architecture pg_catalog.text, config_name pg_catalog.text,
                                        compiler pg_catalog.text, path ciprov.testpath,
                                        platform pg_catalog.text, compatible pg_catalog.text[])
RETURNS TABLE (rollup "char", value pg_catalog.text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT k.rollup, k.value
FROM (VALUES ('L'::"char", NULL::pg_catalog.text), ('p', $5), ('g', ciprov.path_group($4)),
             ('a', $1), ('f', $2), ('m', $3)) AS k(rollup, value)
UNION ALL
SELECT 'C', $5 OPERATOR(pg_catalog.||) E'\x1f' OPERATOR(pg_catalog.||) c
FROM pg_catalog.unnest($6) AS c WHERE $5 IS NOT NULL
$$;
COMMENT ON FUNCTION ciprov.rollup_test_keys(pg_catalog.text, pg_catalog.text, pg_catalog.text, ciprov.testpath, pg_catalog.text, pg_catalog.text[]) IS
  'The (rollup, value) keys a test counts under in ciprov.rollup_counts: L, p (platform), g (path group), a, f, m (its build''s architecture, config, compiler), and C (platform and compatible string) per compatible string';

-- What the counters hold, one (checkout, rollup, value, kind, status, n)
-- item per count, straight from the kcidb tables (ciprov.rollup_check,
-- ciprov.rollup_rebuild). The SQL definition of every rollup; the flush
-- (core::rollup::delta in C++) applies the same rules to what changed: a
-- build counts itself (L, a, f, m, and p once per platform its tests ran
-- on); a test counts once its build is known, under the build's checkout
-- and attributes.
CREATE FUNCTION ciprov.rollup_items()
RETURNS TABLE (checkout_id pg_catalog.text, rollup "char", value pg_catalog.text, kind pg_catalog.text,
               status ciprov.status, n pg_catalog.int8)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH counted AS (
  SELECT b.id AS build_id, b.checkout_id, b.architecture, b.config_name, b.compiler, b.status AS build_status,
         t.path, ciprov.platform(t.environment_misc, t.environment_compatible) AS platform,
         t.environment_compatible AS compatible, t.status
  FROM ciprov.tests t JOIN ciprov.builds b ON b.id OPERATOR(pg_catalog.=) t.build_id
)
SELECT r.checkout_id, k.rollup, k.value,
       CASE WHEN ciprov.path_group(r.path) OPERATOR(pg_catalog.=) 'boot' THEN 'boot' ELSE 'test' END,
       r.status, 1::pg_catalog.int8
FROM counted r
CROSS JOIN LATERAL ciprov.rollup_test_keys(r.architecture, r.config_name, r.compiler, r.path, r.platform, r.compatible) k
UNION ALL
SELECT b.checkout_id, k.rollup, k.value, 'build', b.status, 1
FROM ciprov.builds b
CROSS JOIN LATERAL (VALUES ('L'::"char", NULL::pg_catalog.text), ('a', b.architecture), ('f', b.config_name),
                           ('m', b.compiler)) AS k(rollup, value)
UNION ALL
SELECT p.checkout_id, 'p', p.platform, 'build', p.build_status, 1
FROM (SELECT DISTINCT r.build_id, r.checkout_id, r.platform, r.build_status FROM counted r
      WHERE r.platform IS NOT NULL) p
$$;
COMMENT ON FUNCTION ciprov.rollup_items() IS
  'One item (checkout_id, rollup, value, kind, status, n) per count the rollups hold, from the kcidb tables: the SQL definition of every rollup';

-- The items summed into counter rows (rows whose cells are all 0 left out).
CREATE FUNCTION ciprov.rollup_totals()
RETURNS SETOF ciprov.rollup_counts
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT * FROM (
SELECT i.checkout_id, i.rollup, i.value,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'build' AND i.status OPERATOR(pg_catalog.=) 'FAIL'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'build' AND i.status OPERATOR(pg_catalog.=) 'ERROR'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'build' AND i.status OPERATOR(pg_catalog.=) 'MISS'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'build' AND i.status OPERATOR(pg_catalog.=) 'PASS'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'build' AND i.status OPERATOR(pg_catalog.=) 'DONE'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'build' AND i.status OPERATOR(pg_catalog.=) 'SKIP'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'build' AND i.status IS NULL), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'boot' AND i.status OPERATOR(pg_catalog.=) 'FAIL'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'boot' AND i.status OPERATOR(pg_catalog.=) 'ERROR'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'boot' AND i.status OPERATOR(pg_catalog.=) 'MISS'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'boot' AND i.status OPERATOR(pg_catalog.=) 'PASS'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'boot' AND i.status OPERATOR(pg_catalog.=) 'DONE'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'boot' AND i.status OPERATOR(pg_catalog.=) 'SKIP'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'boot' AND i.status IS NULL), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'test' AND i.status OPERATOR(pg_catalog.=) 'FAIL'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'test' AND i.status OPERATOR(pg_catalog.=) 'ERROR'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'test' AND i.status OPERATOR(pg_catalog.=) 'MISS'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'test' AND i.status OPERATOR(pg_catalog.=) 'PASS'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'test' AND i.status OPERATOR(pg_catalog.=) 'DONE'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'test' AND i.status OPERATOR(pg_catalog.=) 'SKIP'), 0)::pg_catalog.int4,
  COALESCE(pg_catalog.sum(i.n) FILTER (WHERE i.kind OPERATOR(pg_catalog.=) 'test' AND i.status IS NULL), 0)::pg_catalog.int4
FROM ciprov.rollup_items() i
WHERE i.checkout_id IS NOT NULL  -- (a build without a checkout is counted nowhere)
GROUP BY i.checkout_id, i.rollup, i.value) t
WHERE (t.*) IS DISTINCT FROM (t.checkout_id, t.rollup, t.value, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
$$;
COMMENT ON FUNCTION ciprov.rollup_totals() IS
  'ciprov.rollup_items summed per (checkout_id, rollup, value) into counter rows, all-zero rows left out: what ciprov.rollup_counts must hold';

CREATE FUNCTION ciprov.rollup_flush()
RETURNS void
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_flush';
COMMENT ON FUNCTION ciprov.rollup_flush() IS
  'Folds the tests, builds and checkouts changed by the current transaction into the rollups (called by ciprov.kcidb_submit and at commit): counters move by what the changed tests and builds count for now minus what they counted for before, and the test runs follow';

CREATE FUNCTION ciprov.rollup_discard_notes()
RETURNS void
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_discard_notes';
COMMENT ON FUNCTION ciprov.rollup_discard_notes() IS
  'Drops the current transaction''s unflushed rollup notes (ciprov.rollup_rebuild has counted their changes already); a rolled-back subtransaction brings them back';

-- Trigger side (C, src/pg/rollup_trigger.cpp): reads the transition tables
-- and notes the rows whose rollup-relevant fields changed, a test with its
-- state before and after; outside ciprov.kcidb_submit it also inserts the
-- transaction's ciprov.rollup_marker row, so that the flush runs at commit.
CREATE FUNCTION ciprov.rollup_note_tests()
RETURNS trigger
LANGUAGE C
AS 'MODULE_PATHNAME', 'ciprov_rollup_note_tests';
COMMENT ON FUNCTION ciprov.rollup_note_tests() IS
  'Statement trigger on ciprov.tests (with transition tables): notes the tests whose build, path group, platform, compatible strings or status changed, with their state before and after';

CREATE FUNCTION ciprov.rollup_note_builds()
RETURNS trigger
LANGUAGE C
AS 'MODULE_PATHNAME', 'ciprov_rollup_note_builds';
COMMENT ON FUNCTION ciprov.rollup_note_builds() IS
  'Statement trigger on ciprov.builds (with transition tables): notes the builds whose checkout, architecture, config, compiler or status changed';

CREATE FUNCTION ciprov.rollup_note_checkouts()
RETURNS trigger
LANGUAGE C
AS 'MODULE_PATHNAME', 'ciprov_rollup_note_checkouts';
COMMENT ON FUNCTION ciprov.rollup_note_checkouts() IS
  'Statement trigger on ciprov.checkouts (with transition tables): notes the checkouts whose tree, branch or commit changed';

CREATE FUNCTION ciprov.rollup_flush_at_commit()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM ciprov.rollup_flush();
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION ciprov.rollup_flush_at_commit() IS
  'Deferred constraint trigger on ciprov.rollup_marker: flushes what the transaction left unflushed, at commit';

CREATE FUNCTION ciprov.rollup_truncated()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM ciprov.rollup_rebuild();
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION ciprov.rollup_truncated() IS
  'After TRUNCATE of ciprov.tests, ciprov.builds or ciprov.checkouts: rebuilds the rollups from what is left';

CREATE TRIGGER rollup_tests_insert AFTER INSERT ON ciprov.tests
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ciprov.rollup_note_tests();
CREATE TRIGGER rollup_tests_update AFTER UPDATE ON ciprov.tests
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ciprov.rollup_note_tests();
CREATE TRIGGER rollup_tests_delete AFTER DELETE ON ciprov.tests
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ciprov.rollup_note_tests();
CREATE TRIGGER rollup_tests_truncate AFTER TRUNCATE ON ciprov.tests
  FOR EACH STATEMENT EXECUTE FUNCTION ciprov.rollup_truncated();
CREATE TRIGGER rollup_builds_insert AFTER INSERT ON ciprov.builds
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ciprov.rollup_note_builds();
CREATE TRIGGER rollup_builds_update AFTER UPDATE ON ciprov.builds
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ciprov.rollup_note_builds();
CREATE TRIGGER rollup_builds_delete AFTER DELETE ON ciprov.builds
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ciprov.rollup_note_builds();
CREATE TRIGGER rollup_builds_truncate AFTER TRUNCATE ON ciprov.builds
  FOR EACH STATEMENT EXECUTE FUNCTION ciprov.rollup_truncated();
CREATE CONSTRAINT TRIGGER rollup_flush_at_commit AFTER INSERT ON ciprov.rollup_marker
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ciprov.rollup_flush_at_commit();
CREATE TRIGGER rollup_checkouts_insert AFTER INSERT ON ciprov.checkouts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ciprov.rollup_note_checkouts();
CREATE TRIGGER rollup_checkouts_update AFTER UPDATE ON ciprov.checkouts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ciprov.rollup_note_checkouts();
CREATE TRIGGER rollup_checkouts_delete AFTER DELETE ON ciprov.checkouts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ciprov.rollup_note_checkouts();
CREATE TRIGGER rollup_checkouts_truncate AFTER TRUNCATE ON ciprov.checkouts
  FOR EACH STATEMENT EXECUTE FUNCTION ciprov.rollup_truncated();
COMMENT ON TRIGGER rollup_tests_insert ON ciprov.tests IS 'Notes inserted tests for the rollups';
COMMENT ON TRIGGER rollup_tests_update ON ciprov.tests IS 'Notes tests whose rollup fields changed';
COMMENT ON TRIGGER rollup_tests_delete ON ciprov.tests IS 'Notes deleted tests for the rollups';
COMMENT ON TRIGGER rollup_tests_truncate ON ciprov.tests IS 'Rebuilds the rollups after TRUNCATE';
COMMENT ON TRIGGER rollup_builds_insert ON ciprov.builds IS 'Notes inserted builds for the rollups';
COMMENT ON TRIGGER rollup_builds_update ON ciprov.builds IS 'Notes builds whose rollup fields changed';
COMMENT ON TRIGGER rollup_builds_delete ON ciprov.builds IS 'Notes deleted builds for the rollups';
COMMENT ON TRIGGER rollup_builds_truncate ON ciprov.builds IS 'Rebuilds the rollups after TRUNCATE';
COMMENT ON TRIGGER rollup_checkouts_insert ON ciprov.checkouts IS 'Notes inserted checkouts for the rollups';
COMMENT ON TRIGGER rollup_checkouts_update ON ciprov.checkouts IS 'Notes checkouts whose tree, branch or commit changed';
COMMENT ON TRIGGER rollup_checkouts_delete ON ciprov.checkouts IS 'Notes deleted checkouts for the rollups';
COMMENT ON TRIGGER rollup_checkouts_truncate ON ciprov.checkouts IS 'Rebuilds the rollups after TRUNCATE';
COMMENT ON TRIGGER rollup_flush_at_commit ON ciprov.rollup_marker IS 'Flushes unflushed rollup changes at commit';
