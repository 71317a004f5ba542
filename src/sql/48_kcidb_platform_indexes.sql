-- Indexes on ciprov.tests for the KernelCI dashboard's hot predicates:
-- test-path subtrees, and the hardware a test ran on (by platform, by
-- runs_on, and by the dashboard's literal predicate
--   environment_compatible @> ARRAY[$1] OR environment_misc->>'platform' = $1,
-- which becomes a BitmapOr of the last two indexes).

CREATE INDEX tests_path ON ciprov.tests (path);
COMMENT ON INDEX ciprov.tests_path IS
  'Tests by path; `path <@ ''boot''` runs on it as a range scan (planner support of <@)';

-- (path and start time follow: one test's results on one platform newest
-- first, for ciprov.test_history, at no extra index)
CREATE INDEX tests_platform ON ciprov.tests (ciprov.platform(environment_misc, environment_compatible), path, start_time);
COMMENT ON INDEX ciprov.tests_platform IS
  'Tests by their platform as the dashboard shows it: ciprov.platform(environment_misc, environment_compatible) = $1; then by path and start time (ciprov.test_history)';

CREATE INDEX tests_hardware_keys ON ciprov.tests
  USING gin (ciprov.hardware_keys(environment_misc, environment_compatible));
COMMENT ON INDEX ciprov.tests_hardware_keys IS
  'Tests by any hardware name they answer to: serves ciprov.runs_on(environment_misc, environment_compatible, $1)';

CREATE INDEX tests_environment_compatible ON ciprov.tests USING gin (environment_compatible);
COMMENT ON INDEX ciprov.tests_environment_compatible IS
  'Tests by compatible string: environment_compatible @> ARRAY[$1] (one arm of the dashboard''s hardware predicate)';

CREATE INDEX tests_misc_platform ON ciprov.tests ((environment_misc OPERATOR(pg_catalog.->>) 'platform'));
COMMENT ON INDEX ciprov.tests_misc_platform IS
  'Tests by environment_misc->>''platform'' (the other arm of the dashboard''s hardware predicate)';
