-- Keeping the rollups exact. Statement-level AFTER triggers with transition
-- tables on ciprov.tests and ciprov.builds (they fire for INSERT ... ON
-- CONFLICT DO UPDATE too, and for any other writer) note which ids changed
-- in a way the rollups see, a test with its state before the change;
-- ciprov.rollup_flush() then folds them in: at the end of every
-- ciprov.kcidb_submit call that noted something, and at commit for writers
-- that bypass it. Folding in moves the counters by what the touched builds
-- and tests count for now minus what they counted for before (the noted
-- old states, under the build attributes kept in the anchors), so it is
-- exact whatever changed (a status going from NULL to a value, a test
-- arriving before its build, an unchanged resubmission that notes nothing).
-- Locking: rollup rows are only locked by a flush, after the submission's
-- own kcidb rows; a flush locks the anchors of the touched builds in key
-- order (so a build and its tests are only ever counted under its anchor),
-- then the counters in key order: concurrent flushes queue, never deadlock.

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

-- What the counters must change by, one (checkout, rollup, value, kind,
-- status, n) item per count: straight from the kcidb tables (from_raw true:
-- ciprov.rollup_check, ciprov.rollup_rebuild), or the current transaction's
-- pending delta (from_raw false: ciprov.rollup_flush, after the anchors of
-- the touched builds are locked). The one definition of every rollup: a
-- known build counts itself (L, a, f, m, and p once per platform its tests
-- ran on); a test counts once its build is known, under the build's
-- checkout and attributes.
--
-- The delta: a touched build is one a noted test belongs or belonged to,
-- or a noted build. Its tests are counted before (-1: the noted old states,
-- under the anchor's attributes) and after (+1: ciprov.tests now, under
-- ciprov.builds now). A build recounts all its tests ("whole") when its
-- attributes changed or when its set of tests or their platforms may have
-- changed (a test came, went, or changed build or platform); otherwise only
-- its noted tests move, and the build's own counts cancel out.
CREATE FUNCTION ciprov.rollup_items(from_raw pg_catalog.bool)
RETURNS TABLE (checkout_id pg_catalog.text, rollup "char", value pg_catalog.text, kind pg_catalog.text,
               status ciprov.status, n pg_catalog.int8)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH notes AS (  -- each noted test once: its first noted (= counted) state and its state now
  SELECT n.id, n.has_old, n.build_id AS old_build_id, n.path AS old_path, n.platform AS old_platform,
         n.compatible AS old_compatible, n.status AS old_status,
         t.id IS NOT NULL AS exists_now, t.build_id, t.path, t.platform, t.compatible, t.status
  FROM (SELECT DISTINCT ON (d.id) d.id, d.has_old, d.build_id, d.path, d.platform, d.compatible, d.status
        FROM ciprov.rollup_dirty d
        WHERE NOT from_raw AND d.kind OPERATOR(pg_catalog.=) 't'
        ORDER BY d.id, d.noted_at) n
  -- (lateral subqueries with OFFSET 0 here and below: one index probe per
  -- key, whatever the planner guesses of the notes)
  LEFT JOIN LATERAL (
    SELECT t0.id, t0.build_id, t0.path, ciprov.platform(t0.environment_misc, t0.environment_compatible) AS platform,
           t0.environment_compatible AS compatible, t0.status
    FROM ciprov.tests t0 WHERE t0.id OPERATOR(pg_catalog.=) n.id OFFSET 0) t ON true
), touched AS (
  SELECT a.build_id,
         a.known AS was_known, a.checkout_id AS was_checkout_id, a.architecture AS was_architecture,
         a.config_name AS was_config_name, a.compiler AS was_compiler, a.status AS was_status,
         b.id IS NOT NULL AS is_known, b.checkout_id, b.architecture, b.config_name, b.compiler, b.status
  FROM ciprov.rollup_touched_builds() AS u(id)
  CROSS JOIN LATERAL (SELECT * FROM ciprov.rollup_builds a0 WHERE a0.build_id OPERATOR(pg_catalog.=) u.id OFFSET 0) a
  LEFT JOIN LATERAL (SELECT * FROM ciprov.builds b0 WHERE b0.id OPERATOR(pg_catalog.=) u.id OFFSET 0) b ON true
  WHERE NOT from_raw
), whole AS (
  SELECT w.build_id FROM touched w
  WHERE (w.was_known, w.was_checkout_id, w.was_architecture, w.was_config_name, w.was_compiler, w.was_status)
        IS DISTINCT FROM (w.is_known, w.checkout_id, w.architecture, w.config_name, w.compiler, w.status)
  UNION
  SELECT x.build_id FROM notes n CROSS JOIN LATERAL (VALUES (n.old_build_id), (n.build_id)) AS x(build_id)
  WHERE NOT n.has_old OR NOT n.exists_now OR n.build_id IS DISTINCT FROM n.old_build_id
     OR n.platform IS DISTINCT FROM n.old_platform
), versions AS (  -- a build as counted (-1) and as it is (+1)
  SELECT w.build_id, -1 AS sign, w.was_checkout_id AS checkout_id, w.was_architecture AS architecture,
         w.was_config_name AS config_name, w.was_compiler AS compiler, w.was_status AS status,
         w.build_id IN (SELECT x.build_id FROM whole x) AS whole
  FROM touched w WHERE w.was_known
  UNION ALL
  SELECT w.build_id, 1, w.checkout_id, w.architecture, w.config_name, w.compiler, w.status,
         w.build_id IN (SELECT x.build_id FROM whole x)
  FROM touched w WHERE w.is_known
  UNION ALL
  SELECT b.id, 1, b.checkout_id, b.architecture, b.config_name, b.compiler, b.status, true
  FROM ciprov.builds b WHERE from_raw
), runs AS (  -- test states, with the sign of the build version they count under
  SELECT -1 AS sign, n.old_build_id AS build_id, n.old_path AS path, n.old_platform AS platform,
         n.old_compatible AS compatible, n.old_status AS status
  FROM notes n WHERE n.has_old
  UNION ALL
  SELECT 1, n.build_id, n.path, n.platform, n.compatible, n.status FROM notes n WHERE n.exists_now
  UNION ALL  -- the other tests of whole builds, unchanged: before and after
  SELECT s.sign, t.build_id, t.path, t.platform, t.compatible, t.status
  FROM whole w
  CROSS JOIN LATERAL (
    SELECT t0.id, t0.build_id, t0.path, ciprov.platform(t0.environment_misc, t0.environment_compatible) AS platform,
           t0.environment_compatible AS compatible, t0.status
    FROM ciprov.tests t0 WHERE t0.build_id OPERATOR(pg_catalog.=) w.build_id OFFSET 0) t
  CROSS JOIN (VALUES (-1), (1)) AS s(sign)
  WHERE NOT EXISTS (SELECT FROM notes n WHERE n.id OPERATOR(pg_catalog.=) t.id)
  UNION ALL
  SELECT 1, t.build_id, t.path, ciprov.platform(t.environment_misc, t.environment_compatible),
         t.environment_compatible, t.status
  FROM ciprov.tests t WHERE from_raw
), counted AS (
  SELECT v.checkout_id, v.architecture, v.config_name, v.compiler, v.status AS build_status, v.sign, v.whole,
         r.build_id, r.path, r.platform, r.compatible, r.status
  FROM runs r JOIN versions v ON v.build_id OPERATOR(pg_catalog.=) r.build_id AND v.sign OPERATOR(pg_catalog.=) r.sign
)
SELECT r.checkout_id, k.rollup, k.value,
       CASE WHEN ciprov.path_group(r.path) OPERATOR(pg_catalog.=) 'boot' THEN 'boot' ELSE 'test' END,
       r.status, r.sign::pg_catalog.int8
FROM counted r
CROSS JOIN LATERAL ciprov.rollup_test_keys(r.architecture, r.config_name, r.compiler, r.path, r.platform, r.compatible) k
UNION ALL
SELECT v.checkout_id, k.rollup, k.value, 'build', v.status, v.sign::pg_catalog.int8
FROM versions v
CROSS JOIN LATERAL (VALUES ('L'::"char", NULL::pg_catalog.text), ('a', v.architecture), ('f', v.config_name),
                           ('m', v.compiler)) AS k(rollup, value)
WHERE v.whole
UNION ALL
SELECT p.checkout_id, 'p', p.platform, 'build', p.status, p.sign::pg_catalog.int8
FROM (SELECT DISTINCT r.checkout_id, r.build_id, r.platform, r.build_status AS status, r.sign
      FROM counted r WHERE r.whole AND r.platform IS NOT NULL) p
$$;
COMMENT ON FUNCTION ciprov.rollup_items(pg_catalog.bool) IS
  'One item (checkout_id, rollup, value, kind, status, n) per count: of the kcidb tables as they are (true), or the current transaction''s pending change to the counters (false); the one definition of every rollup';

-- The items summed into counter rows (rows whose cells are all 0 left out).
CREATE FUNCTION ciprov.rollup_totals(from_raw pg_catalog.bool)
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
FROM ciprov.rollup_items(from_raw) i
WHERE i.checkout_id IS NOT NULL  -- (a build without a checkout is counted nowhere)
GROUP BY i.checkout_id, i.rollup, i.value) t
WHERE (t.*) IS DISTINCT FROM (t.checkout_id, t.rollup, t.value, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
$$;
COMMENT ON FUNCTION ciprov.rollup_totals(pg_catalog.bool) IS
  'ciprov.rollup_items summed per (checkout_id, rollup, value) into counter rows, all-zero rows left out: the counters from the kcidb tables (true) or the pending change to them (false)';

-- The builds a pending flush touches: noted builds, and the builds noted
-- tests belong or belonged to (their anchors are created and locked first).
CREATE FUNCTION ciprov.rollup_touched_builds()
RETURNS SETOF pg_catalog.text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT DISTINCT u.id
FROM ciprov.rollup_dirty d
CROSS JOIN LATERAL (VALUES (CASE WHEN d.kind OPERATOR(pg_catalog.=) 'b' THEN d.id ELSE d.build_id END),
                           (d.now_build_id)) AS u(id)
WHERE u.id IS NOT NULL
$$;
COMMENT ON FUNCTION ciprov.rollup_touched_builds() IS
  'Build ids the pending rollup flush touches: noted builds and the builds noted tests belong or belonged to';

CREATE FUNCTION ciprov.rollup_flush()
RETURNS void
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_flush';
COMMENT ON FUNCTION ciprov.rollup_flush() IS
  'Folds the tests and builds changed by the current transaction into the rollups (called by ciprov.kcidb_submit and at commit): counters move by what the changed tests and builds count for now minus what they counted for before';

CREATE FUNCTION ciprov.rollup_noted()
RETURNS pg_catalog.bool
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'ciprov_rollup_noted';
COMMENT ON FUNCTION ciprov.rollup_noted() IS
  'Called by the rollup triggers after noting a change: tells this backend a flush is due; true when ciprov.kcidb_submit is running and will flush itself (else the trigger arranges a flush at commit)';

-- Trigger side: record the ids whose rollup-relevant fields changed, a
-- test with its state before the change.
CREATE FUNCTION ciprov.rollup_note_tests()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  noted_at pg_catalog.timestamptz := pg_catalog.clock_timestamp();
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO ciprov.rollup_dirty (kind, id, noted_at, now_build_id) SELECT 't', n.id, noted_at, n.build_id FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO ciprov.rollup_dirty
    SELECT 't', o.id, noted_at, NULL, true, o.build_id, o.path,
           ciprov.platform(o.environment_misc, o.environment_compatible), o.environment_compatible, o.status
    FROM old_rows o;
  ELSE
    INSERT INTO ciprov.rollup_dirty
    SELECT 't', COALESCE(o.id, n.id), noted_at, n.build_id, o.id IS NOT NULL, o.build_id, o.path,
           ciprov.platform(o.environment_misc, o.environment_compatible), o.environment_compatible, o.status
    FROM old_rows o FULL JOIN new_rows n ON n.id OPERATOR(pg_catalog.=) o.id
    WHERE o.id IS NULL OR n.id IS NULL
       OR (o.build_id, o.path, o.status, o.environment_compatible, ciprov.platform(o.environment_misc, o.environment_compatible))
          IS DISTINCT FROM
          (n.build_id, n.path, n.status, n.environment_compatible, ciprov.platform(n.environment_misc, n.environment_compatible));
  END IF;
  IF FOUND AND NOT ciprov.rollup_noted() THEN
    INSERT INTO ciprov.rollup_marker VALUES (pg_catalog.pg_current_xact_id()) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION ciprov.rollup_note_tests() IS
  'Statement trigger on ciprov.tests: notes the tests whose build, path, status, platform or compatible strings changed, with their state before';

CREATE FUNCTION ciprov.rollup_note_builds()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  noted_at pg_catalog.timestamptz := pg_catalog.clock_timestamp();
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO ciprov.rollup_dirty (kind, id, noted_at) SELECT 'b', n.id, noted_at FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO ciprov.rollup_dirty (kind, id, noted_at) SELECT 'b', o.id, noted_at FROM old_rows o;
  ELSE
    INSERT INTO ciprov.rollup_dirty (kind, id, noted_at)
    SELECT 'b', COALESCE(o.id, n.id), noted_at
    FROM old_rows o FULL JOIN new_rows n ON n.id OPERATOR(pg_catalog.=) o.id
    WHERE o.id IS NULL OR n.id IS NULL
       OR (o.checkout_id, o.architecture, o.config_name, o.compiler, o.status)
          IS DISTINCT FROM (n.checkout_id, n.architecture, n.config_name, n.compiler, n.status);
  END IF;
  IF FOUND AND NOT ciprov.rollup_noted() THEN
    INSERT INTO ciprov.rollup_marker VALUES (pg_catalog.pg_current_xact_id()) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION ciprov.rollup_note_builds() IS
  'Statement trigger on ciprov.builds: notes the builds whose checkout, architecture, config, compiler or status changed';

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
  'After TRUNCATE of ciprov.tests or ciprov.builds: rebuilds the rollups from what is left';

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
COMMENT ON TRIGGER rollup_tests_insert ON ciprov.tests IS 'Notes inserted tests for the rollups';
COMMENT ON TRIGGER rollup_tests_update ON ciprov.tests IS 'Notes tests whose rollup fields changed';
COMMENT ON TRIGGER rollup_tests_delete ON ciprov.tests IS 'Notes deleted tests for the rollups';
COMMENT ON TRIGGER rollup_tests_truncate ON ciprov.tests IS 'Rebuilds the rollups after TRUNCATE';
COMMENT ON TRIGGER rollup_builds_insert ON ciprov.builds IS 'Notes inserted builds for the rollups';
COMMENT ON TRIGGER rollup_builds_update ON ciprov.builds IS 'Notes builds whose rollup fields changed';
COMMENT ON TRIGGER rollup_builds_delete ON ciprov.builds IS 'Notes deleted builds for the rollups';
COMMENT ON TRIGGER rollup_builds_truncate ON ciprov.builds IS 'Rebuilds the rollups after TRUNCATE';
COMMENT ON TRIGGER rollup_flush_at_commit ON ciprov.rollup_marker IS 'Flushes unflushed rollup changes at commit';
