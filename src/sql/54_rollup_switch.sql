-- Switching rollup maintenance off and on. Maintenance costs every write to
-- ciprov.tests and ciprov.builds (docs/bench-rollup.md); a bulk load can
-- switch it off and rebuild once at the end. While it is off the readers
-- answer from stale rollups and ciprov.rollup_check() reports differences.

CREATE FUNCTION ciprov.rollup_enabled()
RETURNS pg_catalog.bool
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT pg_catalog.bool_and(t.tgenabled <> 'D')
  FROM pg_catalog.pg_trigger t
  WHERE t.tgrelid IN ('ciprov.tests'::pg_catalog.regclass, 'ciprov.builds'::pg_catalog.regclass,
                      'ciprov.checkouts'::pg_catalog.regclass)
    AND t.tgname OPERATOR(pg_catalog.~~) 'rollup\_%'
$$;
COMMENT ON FUNCTION ciprov.rollup_enabled() IS
  'True when every write to ciprov.tests, ciprov.builds and ciprov.checkouts keeps the dashboard rollups exact';

CREATE FUNCTION ciprov.rollup_disable()
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  ALTER TABLE ciprov.tests DISABLE TRIGGER rollup_tests_insert, DISABLE TRIGGER rollup_tests_update,
    DISABLE TRIGGER rollup_tests_delete, DISABLE TRIGGER rollup_tests_truncate;
  ALTER TABLE ciprov.builds DISABLE TRIGGER rollup_builds_insert, DISABLE TRIGGER rollup_builds_update,
    DISABLE TRIGGER rollup_builds_delete, DISABLE TRIGGER rollup_builds_truncate;
  ALTER TABLE ciprov.checkouts DISABLE TRIGGER rollup_checkouts_insert, DISABLE TRIGGER rollup_checkouts_update,
    DISABLE TRIGGER rollup_checkouts_delete, DISABLE TRIGGER rollup_checkouts_truncate;
END
$$;
COMMENT ON FUNCTION ciprov.rollup_disable() IS
  'Stops rollup maintenance (for a bulk load); the rollups go stale until ciprov.rollup_enable()';

CREATE FUNCTION ciprov.rollup_enable()
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  ALTER TABLE ciprov.tests ENABLE TRIGGER rollup_tests_insert, ENABLE TRIGGER rollup_tests_update,
    ENABLE TRIGGER rollup_tests_delete, ENABLE TRIGGER rollup_tests_truncate;
  ALTER TABLE ciprov.builds ENABLE TRIGGER rollup_builds_insert, ENABLE TRIGGER rollup_builds_update,
    ENABLE TRIGGER rollup_builds_delete, ENABLE TRIGGER rollup_builds_truncate;
  ALTER TABLE ciprov.checkouts ENABLE TRIGGER rollup_checkouts_insert, ENABLE TRIGGER rollup_checkouts_update,
    ENABLE TRIGGER rollup_checkouts_delete, ENABLE TRIGGER rollup_checkouts_truncate;
  -- The table locks taken above keep writers out until commit, so the
  -- rebuild sees every row and no write slips between rebuild and triggers.
  PERFORM ciprov.rollup_rebuild();
END
$$;
COMMENT ON FUNCTION ciprov.rollup_enable() IS
  'Resumes rollup maintenance and rebuilds the rollups from the kcidb tables';
