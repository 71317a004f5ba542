-- Keeping the rollups exact. Statement-level AFTER triggers with transition
-- tables on ciprov.tests and ciprov.builds (they fire for INSERT ... ON
-- CONFLICT DO UPDATE too, and for any other writer) only record which ids
-- changed in a way the rollups see; ciprov.rollup_flush() then folds them in:
-- at the end of every ciprov.kcidb_submit call, and at commit for writers
-- that bypass it. Folding in subtracts what the changed tests and builds
-- counted for (a changed build: with all its tests), brings runs and
-- anchors up to date from the kcidb tables, and adds what they count for
-- now. So it is exact whatever changed (a
-- status going from NULL to a value, a test arriving before its build, an
-- unchanged resubmission that contributes nothing) and idempotent.
-- Locking: rollup rows are only locked by a flush, after the submission's
-- own kcidb rows; a flush locks the anchors of the touched builds in key
-- order (so the runs of a build are only ever written under its anchor),
-- then the counters in key order: concurrent flushes queue, never deadlock.

-- The kcidb tables seen as rollup anchors and runs: what rollup_builds and
-- rollup_runs must hold (ciprov.rollup_check, ciprov.rollup_rebuild).
CREATE VIEW ciprov.rollup_raw_builds AS
SELECT b.id AS build_id, true AS known, b.checkout_id, b.architecture, b.config_name, b.compiler, b.status
FROM ciprov.builds b;
COMMENT ON VIEW ciprov.rollup_raw_builds IS 'ciprov.builds shaped as ciprov.rollup_builds (what the anchors of known builds must hold)';

CREATE VIEW ciprov.rollup_raw_runs AS
SELECT t.id AS test_id, t.build_id, b.checkout_id, b.architecture, b.config_name, t.path,
       ciprov.platform(t.environment_misc, t.environment_compatible) AS platform,
       t.environment_compatible AS compatible, t.status, t.start_time
FROM ciprov.tests t LEFT JOIN ciprov.builds b ON b.id = t.build_id;
COMMENT ON VIEW ciprov.rollup_raw_runs IS 'ciprov.tests joined to their builds, shaped as ciprov.rollup_runs (what the runs must hold)';

-- What builds and tests count for in the counters: from the rollup tables
-- (from_raw false: the flush, for the given builds and the given tests'
-- runs) or straight from the kcidb tables (from_raw true: check and rebuild,
-- for the given builds and all their tests; test_ids is ignored). The one
-- definition of every rollup. A build counts itself (L, S, and H once per
-- platform its tests ran on); a test counts only once its build is known.
CREATE FUNCTION ciprov.rollup_contributions(from_raw pg_catalog.bool, build_ids pg_catalog.text[], test_ids pg_catalog.text[])
RETURNS SETOF ciprov.rollup_counts
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH b AS (
  SELECT a.build_id, a.checkout_id, a.architecture, a.config_name, a.compiler, a.status
  FROM pg_catalog.unnest(build_ids) AS u(id) JOIN ciprov.rollup_builds a ON a.build_id OPERATOR(pg_catalog.=) u.id
  WHERE NOT from_raw AND a.known
  UNION ALL
  SELECT a.build_id, a.checkout_id, a.architecture, a.config_name, a.compiler, a.status
  FROM pg_catalog.unnest(build_ids) AS u(id) JOIN ciprov.rollup_raw_builds a ON a.build_id OPERATOR(pg_catalog.=) u.id
  WHERE from_raw
), bp AS (
  SELECT b.checkout_id, b.build_id, p.platform, b.status
  FROM b JOIN ciprov.rollup_build_platforms p ON p.build_id OPERATOR(pg_catalog.=) b.build_id
  WHERE NOT from_raw AND p.n OPERATOR(pg_catalog.>) 0
  UNION ALL
  SELECT DISTINCT b.checkout_id, b.build_id, ciprov.platform(t.environment_misc, t.environment_compatible), b.status
  FROM b JOIN ciprov.tests t ON t.build_id OPERATOR(pg_catalog.=) b.build_id
  WHERE from_raw AND ciprov.platform(t.environment_misc, t.environment_compatible) IS NOT NULL
), r AS (
  SELECT a.checkout_id, a.architecture, a.config_name, a.compiler, t.path, t.platform, t.compatible, t.status
  FROM pg_catalog.unnest(test_ids) AS u(id)
  JOIN ciprov.rollup_runs t ON t.test_id OPERATOR(pg_catalog.=) u.id
  JOIN ciprov.rollup_builds a ON a.build_id OPERATOR(pg_catalog.=) t.build_id
  WHERE NOT from_raw AND a.known
  UNION ALL
  SELECT b.checkout_id, b.architecture, b.config_name, b.compiler, t.path,
         ciprov.platform(t.environment_misc, t.environment_compatible), t.environment_compatible, t.status
  FROM b JOIN ciprov.tests t ON t.build_id OPERATOR(pg_catalog.=) b.build_id
  WHERE from_raw
), rk AS (
  SELECT r.*, ciprov.path_group(r.path) AS path_group,
         CASE WHEN ciprov.path_group(r.path) OPERATOR(pg_catalog.=) 'boot' THEN 'boot' ELSE 'test' END AS kind
  FROM r
)
SELECT checkout_id, 'L'::"char", 'build', NULL, NULL, NULL, NULL, NULL, NULL, status, 1::pg_catalog.int8 FROM b
UNION ALL
SELECT checkout_id, 'a', 'build', NULL, NULL, NULL, architecture, NULL, NULL, status, 1 FROM b
UNION ALL
SELECT checkout_id, 'f', 'build', NULL, NULL, NULL, NULL, config_name, NULL, status, 1 FROM b
UNION ALL
SELECT checkout_id, 'm', 'build', NULL, NULL, NULL, NULL, NULL, compiler, status, 1 FROM b
UNION ALL
SELECT checkout_id, 'H', 'build', NULL, platform, NULL, NULL, NULL, NULL, status, 1 FROM bp
UNION ALL
SELECT checkout_id, 'L', kind, NULL, NULL, NULL, NULL, NULL, NULL, status, pg_catalog.count(*)
FROM rk GROUP BY checkout_id, kind, status
UNION ALL
SELECT checkout_id, 'H', kind, NULL, platform, NULL, NULL, NULL, NULL, status, pg_catalog.count(*)
FROM rk WHERE platform IS NOT NULL GROUP BY checkout_id, kind, platform, status
UNION ALL
SELECT checkout_id, 'C', NULL, NULL, platform, c, NULL, NULL, NULL, NULL, pg_catalog.count(*)
FROM rk CROSS JOIN LATERAL pg_catalog.unnest(rk.compatible) AS c
WHERE platform IS NOT NULL GROUP BY checkout_id, platform, c
UNION ALL
SELECT checkout_id, 'g', kind, path_group, NULL, NULL, NULL, NULL, NULL, status, pg_catalog.count(*)
FROM rk GROUP BY checkout_id, kind, path_group, status
UNION ALL
SELECT checkout_id, 'p', kind, NULL, platform, NULL, NULL, NULL, NULL, status, pg_catalog.count(*)
FROM rk GROUP BY checkout_id, kind, platform, status
UNION ALL
SELECT checkout_id, 'a', kind, NULL, NULL, NULL, architecture, NULL, NULL, status, pg_catalog.count(*)
FROM rk GROUP BY checkout_id, kind, architecture, status
UNION ALL
SELECT checkout_id, 'f', kind, NULL, NULL, NULL, NULL, config_name, NULL, status, pg_catalog.count(*)
FROM rk GROUP BY checkout_id, kind, config_name, status
UNION ALL
SELECT checkout_id, 'm', kind, NULL, NULL, NULL, NULL, NULL, compiler, status, pg_catalog.count(*)
FROM rk GROUP BY checkout_id, kind, compiler, status
$$;
COMMENT ON FUNCTION ciprov.rollup_contributions(pg_catalog.bool, pg_catalog.text[], pg_catalog.text[]) IS
  'What the given builds (known ones) and tests count for in ciprov.rollup_counts, from the rollup tables (false: the given builds and test runs) or from the kcidb tables (true: the given builds and all their tests); the one definition of every rollup';

CREATE FUNCTION ciprov.rollup_flush()
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
-- Every statement below touches a few keys through an index; tables that
-- grew inside the transaction (or since the last ANALYZE) still look empty
-- to the planner, which would scan them whole. (No JIT: the seqscan
-- penalty would make every plan look expensive enough to compile; generic
-- plans: re-planning the contributions query on every call cost more than
-- running it.)
SET enable_seqscan = off
SET jit = off
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  dirty_tests pg_catalog.text[];
  dirty_builds pg_catalog.text[];
  touched pg_catalog.text[];
  before ciprov.rollup_counts[];
  old_platforms ciprov.rollup_build_platforms[];
BEGIN
  DELETE FROM ciprov.rollup_marker WHERE xid OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id();
  WITH d AS (DELETE FROM ciprov.rollup_dirty RETURNING kind, id)
  SELECT pg_catalog.array_agg(DISTINCT id) FILTER (WHERE kind OPERATOR(pg_catalog.=) 't'),
         pg_catalog.array_agg(DISTINCT id) FILTER (WHERE kind OPERATOR(pg_catalog.=) 'b')
  INTO dirty_tests, dirty_builds FROM d;
  IF dirty_tests IS NULL AND dirty_builds IS NULL THEN
    RETURN;
  END IF;
  dirty_tests := COALESCE(dirty_tests, '{}');
  dirty_builds := COALESCE(dirty_builds, '{}');

  -- The touched builds: the changed ones and those of the changed tests.
  SELECT pg_catalog.array_agg(DISTINCT id) INTO touched FROM (
    SELECT pg_catalog.unnest(dirty_builds)
    UNION ALL SELECT build_id FROM ciprov.tests WHERE id OPERATOR(pg_catalog.=) ANY (dirty_tests)
    UNION ALL SELECT build_id FROM ciprov.rollup_runs WHERE test_id OPERATOR(pg_catalog.=) ANY (dirty_tests)
  ) s(id);

  -- Their anchors, created when new, locked in key order. From here on the
  -- runs of these builds are ours alone.
  INSERT INTO ciprov.rollup_builds (build_id)
  SELECT id FROM pg_catalog.unnest(touched) AS u(id) ORDER BY id COLLATE "C"
  ON CONFLICT (build_id) DO NOTHING;
  PERFORM 1 FROM ciprov.rollup_builds WHERE build_id OPERATOR(pg_catalog.=) ANY (touched)
  ORDER BY build_id COLLATE "C" FOR NO KEY UPDATE;

  -- A changed build re-counts all its tests (its attributes are theirs).
  SELECT pg_catalog.array_agg(DISTINCT id) INTO dirty_tests FROM (
    SELECT pg_catalog.unnest(dirty_tests)
    UNION ALL SELECT test_id FROM ciprov.rollup_runs WHERE build_id OPERATOR(pg_catalog.=) ANY (dirty_builds)
  ) s(id);

  -- What they count for now (this statement sees every flush committed
  -- before the locks were granted).
  SELECT pg_catalog.array_agg(c) INTO before FROM ciprov.rollup_contributions(false, touched, dirty_tests) c;
  SELECT pg_catalog.array_agg(ROW(build_id, platform, OPERATOR(pg_catalog.-) n)::ciprov.rollup_build_platforms)
  INTO old_platforms
  FROM (SELECT build_id, platform, pg_catalog.count(*) AS n FROM ciprov.rollup_runs
        WHERE test_id OPERATOR(pg_catalog.=) ANY (dirty_tests) AND platform IS NOT NULL
        GROUP BY build_id, platform) s;

  -- Anchors and runs catch up with the kcidb tables.
  UPDATE ciprov.rollup_builds a
  SET known = b.id IS NOT NULL, checkout_id = b.checkout_id, architecture = b.architecture,
      config_name = b.config_name, compiler = b.compiler, status = b.status
  FROM pg_catalog.unnest(dirty_builds) AS u(id) LEFT JOIN ciprov.builds b ON b.id OPERATOR(pg_catalog.=) u.id
  WHERE a.build_id OPERATOR(pg_catalog.=) u.id
    AND (a.known, a.checkout_id, a.architecture, a.config_name, a.compiler, a.status)
        IS DISTINCT FROM (b.id IS NOT NULL, b.checkout_id, b.architecture, b.config_name, b.compiler, b.status);
  DELETE FROM ciprov.rollup_runs r
  WHERE r.test_id OPERATOR(pg_catalog.=) ANY (dirty_tests)
    AND NOT EXISTS (SELECT 1 FROM ciprov.tests t WHERE t.id OPERATOR(pg_catalog.=) r.test_id);
  INSERT INTO ciprov.rollup_runs AS r (test_id, build_id, checkout_id, architecture, config_name, path, platform,
                                       compatible, status, start_time)
  SELECT t.id, t.build_id, a.checkout_id, a.architecture, a.config_name, t.path,
         ciprov.platform(t.environment_misc, t.environment_compatible), t.environment_compatible, t.status, t.start_time
  FROM ciprov.tests t JOIN ciprov.rollup_builds a ON a.build_id OPERATOR(pg_catalog.=) t.build_id
  WHERE t.id OPERATOR(pg_catalog.=) ANY (dirty_tests)
  ORDER BY t.id COLLATE "C"
  ON CONFLICT (test_id) DO UPDATE
  SET build_id = EXCLUDED.build_id, checkout_id = EXCLUDED.checkout_id, architecture = EXCLUDED.architecture,
      config_name = EXCLUDED.config_name, path = EXCLUDED.path, platform = EXCLUDED.platform,
      compatible = EXCLUDED.compatible, status = EXCLUDED.status, start_time = EXCLUDED.start_time
  WHERE (r.build_id, r.checkout_id, r.architecture, r.config_name, r.path, r.platform, r.compatible, r.status, r.start_time)
        IS DISTINCT FROM (EXCLUDED.build_id, EXCLUDED.checkout_id, EXCLUDED.architecture, EXCLUDED.config_name,
                          EXCLUDED.path, EXCLUDED.platform, EXCLUDED.compatible, EXCLUDED.status, EXCLUDED.start_time);
  INSERT INTO ciprov.rollup_build_platforms AS p
  SELECT build_id, platform, pg_catalog.sum(n)::pg_catalog.int8
  FROM (SELECT * FROM pg_catalog.unnest(old_platforms)
        UNION ALL
        SELECT build_id, platform, pg_catalog.count(*) FROM ciprov.rollup_runs
        WHERE test_id OPERATOR(pg_catalog.=) ANY (dirty_tests) AND platform IS NOT NULL
        GROUP BY build_id, platform) d
  GROUP BY build_id, platform HAVING pg_catalog.sum(n) OPERATOR(pg_catalog.<>) 0
  ORDER BY build_id COLLATE "C", platform COLLATE "C"
  ON CONFLICT (build_id, platform) DO UPDATE SET n = p.n OPERATOR(pg_catalog.+) EXCLUDED.n;

  -- Counters move by (now - before), in key order.
  INSERT INTO ciprov.rollup_counts AS c
  SELECT checkout_id, rollup, kind, path_group, platform, compatible, architecture, config_name, compiler, status,
         pg_catalog.sum(n)::pg_catalog.int8
  FROM (SELECT * FROM ciprov.rollup_contributions(false, touched, dirty_tests)
        UNION ALL
        SELECT checkout_id, rollup, kind, path_group, platform, compatible, architecture, config_name, compiler, status,
               OPERATOR(pg_catalog.-) n
        FROM pg_catalog.unnest(before)) d
  GROUP BY checkout_id, rollup, kind, path_group, platform, compatible, architecture, config_name, compiler, status
  HAVING pg_catalog.sum(n) OPERATOR(pg_catalog.<>) 0
  ORDER BY checkout_id COLLATE "C", rollup, kind COLLATE "C", path_group COLLATE "C", platform COLLATE "C",
           compatible COLLATE "C", architecture COLLATE "C", config_name COLLATE "C", compiler COLLATE "C", status
  ON CONFLICT ON CONSTRAINT rollup_counts_key DO UPDATE SET n = c.n OPERATOR(pg_catalog.+) EXCLUDED.n;
END
$$;
COMMENT ON FUNCTION ciprov.rollup_flush() IS
  'Folds the tests and builds changed by the current transaction into the rollups (called by ciprov.kcidb_submit and at commit): counters move by what the changed tests and builds count for now minus what they counted for before';

-- Trigger side: record the ids whose rollup-relevant fields changed.
CREATE FUNCTION ciprov.rollup_note_tests()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  noted pg_catalog.int8;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO ciprov.rollup_dirty SELECT 't', id FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO ciprov.rollup_dirty SELECT 't', id FROM old_rows;
  ELSE
    INSERT INTO ciprov.rollup_dirty
    SELECT 't', id FROM (
      (SELECT id, build_id, path, status, start_time, environment_compatible,
              ciprov.platform(environment_misc, environment_compatible) FROM new_rows
       EXCEPT ALL
       SELECT id, build_id, path, status, start_time, environment_compatible,
              ciprov.platform(environment_misc, environment_compatible) FROM old_rows)
      UNION ALL
      (SELECT id, build_id, path, status, start_time, environment_compatible,
              ciprov.platform(environment_misc, environment_compatible) FROM old_rows
       EXCEPT ALL
       SELECT id, build_id, path, status, start_time, environment_compatible,
              ciprov.platform(environment_misc, environment_compatible) FROM new_rows)) d;
  END IF;
  GET DIAGNOSTICS noted = ROW_COUNT;
  IF noted > 0 THEN
    INSERT INTO ciprov.rollup_marker VALUES (pg_catalog.pg_current_xact_id()) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION ciprov.rollup_note_tests() IS
  'Statement trigger on ciprov.tests: notes the tests whose build, path, status, start time, platform or compatible strings changed';

CREATE FUNCTION ciprov.rollup_note_builds()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  noted pg_catalog.int8;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO ciprov.rollup_dirty SELECT 'b', id FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO ciprov.rollup_dirty SELECT 'b', id FROM old_rows;
  ELSE
    INSERT INTO ciprov.rollup_dirty
    SELECT 'b', id FROM (
      (SELECT id, checkout_id, architecture, config_name, compiler, status FROM new_rows
       EXCEPT ALL
       SELECT id, checkout_id, architecture, config_name, compiler, status FROM old_rows)
      UNION ALL
      (SELECT id, checkout_id, architecture, config_name, compiler, status FROM old_rows
       EXCEPT ALL
       SELECT id, checkout_id, architecture, config_name, compiler, status FROM new_rows)) d;
  END IF;
  GET DIAGNOSTICS noted = ROW_COUNT;
  IF noted > 0 THEN
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
