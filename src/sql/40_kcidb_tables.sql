-- KernelCI kcidb tables, laid out as kcidb's own PostgreSQL schema v5.3
-- lays them out (kernelci/kcidb, kcidb/db/postgresql): one column per I/O
-- field, nested keys joined by "_" (environment.comment becomes
-- environment_comment, number.value number_value, culprit.code
-- culprit_code), JSON objects and resource lists as jsonb, times as
-- timestamptz. Queries written for kcidb's or the dashboard's tables run on
-- these unchanged. No foreign keys: objects may arrive before their parents.
-- Rows are written by ciprov.kcidb_submit(); see docs/kcidb.md. The large
-- columns (log excerpts, misc, file lists) use lz4 compression: pglz was a
-- third of the time of a submission of real data.

CREATE TABLE ciprov.checkouts (
  _timestamp pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now(),
  id pg_catalog.text PRIMARY KEY,
  origin pg_catalog.text NOT NULL,
  tree_name pg_catalog.text,
  git_repository_url pg_catalog.text,
  git_commit_hash pg_catalog.text,
  git_commit_name pg_catalog.text,
  git_repository_branch pg_catalog.text,
  git_repository_branch_tip pg_catalog.bool,
  git_commit_tags pg_catalog.text[],
  git_commit_message pg_catalog.text COMPRESSION lz4,
  patchset_files pg_catalog.jsonb COMPRESSION lz4,
  patchset_hash pg_catalog.text,
  message_id pg_catalog.text,
  comment pg_catalog.text,
  start_time pg_catalog.timestamptz,
  origin_builds_finish_time pg_catalog.timestamptz,
  origin_tests_finish_time pg_catalog.timestamptz,
  log_url pg_catalog.text,
  log_excerpt pg_catalog.varchar(16384) COMPRESSION lz4,
  valid pg_catalog.bool,
  misc pg_catalog.jsonb COMPRESSION lz4
);
COMMENT ON TABLE ciprov.checkouts IS
  'kcidb checkouts: the source code tested (a commit of a repository, maybe with a patchset); one row per checkout id';
COMMENT ON COLUMN ciprov.checkouts._timestamp IS 'Time of the last change to this row';
COMMENT ON COLUMN ciprov.checkouts.id IS 'Checkout id, "<origin>:<id given by the origin>"';
COMMENT ON COLUMN ciprov.checkouts.origin IS 'CI system that submitted the checkout ([a-z0-9_]+)';
COMMENT ON COLUMN ciprov.checkouts.tree_name IS 'Widely-recognized name of the tree (fork) the base code came from, e.g. mainline';
COMMENT ON COLUMN ciprov.checkouts.git_repository_url IS 'https:// URL of the git repository of the base code';
COMMENT ON COLUMN ciprov.checkouts.git_commit_hash IS 'Full (40 hex digits) hash of the checked-out commit';
COMMENT ON COLUMN ciprov.checkouts.git_commit_name IS 'Human-readable name of the commit, as git describe prints it';
COMMENT ON COLUMN ciprov.checkouts.git_repository_branch IS 'Branch the commit was checked out from';
COMMENT ON COLUMN ciprov.checkouts.git_repository_branch_tip IS 'True if the commit was the tip of the branch at checkout time';
COMMENT ON COLUMN ciprov.checkouts.git_commit_tags IS 'Annotated tags pointing at the commit';
COMMENT ON COLUMN ciprov.checkouts.git_commit_message IS 'Complete commit message, subject and body';
COMMENT ON COLUMN ciprov.checkouts.patchset_files IS 'Patches applied on top of the commit, in order: jsonb array of {name, url}';
COMMENT ON COLUMN ciprov.checkouts.patchset_hash IS 'sha256 over the sha256 of each patch; empty when no patch was applied';
COMMENT ON COLUMN ciprov.checkouts.message_id IS 'Message-ID of the e-mail that introduced the code, if any';
COMMENT ON COLUMN ciprov.checkouts.comment IS 'Human-readable comment about the checkout';
COMMENT ON COLUMN ciprov.checkouts.start_time IS 'When the checkout started';
COMMENT ON COLUMN ciprov.checkouts.origin_builds_finish_time IS 'When the origin finished all the builds it planned for the checkout';
COMMENT ON COLUMN ciprov.checkouts.origin_tests_finish_time IS 'When the origin finished all the tests it planned for the checkout';
COMMENT ON COLUMN ciprov.checkouts.log_url IS 'URL of the plain-text log of the checkout';
COMMENT ON COLUMN ciprov.checkouts.log_excerpt IS 'Part of the log most relevant to the outcome (at most 16384 characters)';
COMMENT ON COLUMN ciprov.checkouts.valid IS 'True if the checkout succeeded (the patches applied)';
COMMENT ON COLUMN ciprov.checkouts.misc IS 'Free-form extra data about the checkout';

CREATE TABLE ciprov.builds (
  _timestamp pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now(),
  checkout_id pg_catalog.text NOT NULL,
  id pg_catalog.text PRIMARY KEY,
  origin pg_catalog.text NOT NULL,
  comment pg_catalog.text,
  start_time pg_catalog.timestamptz,
  duration pg_catalog.float8,
  architecture pg_catalog.text,
  command pg_catalog.text,
  compiler pg_catalog.text,
  input_files pg_catalog.jsonb COMPRESSION lz4,
  output_files pg_catalog.jsonb COMPRESSION lz4,
  config_name pg_catalog.text,
  config_url pg_catalog.text,
  log_url pg_catalog.text,
  log_excerpt pg_catalog.varchar(16384) COMPRESSION lz4,
  misc pg_catalog.jsonb COMPRESSION lz4,
  status ciprov.status
);
COMMENT ON TABLE ciprov.builds IS 'kcidb builds: one build of a checkout; one row per build id';
COMMENT ON COLUMN ciprov.builds._timestamp IS 'Time of the last change to this row';
COMMENT ON COLUMN ciprov.builds.checkout_id IS 'Id of the built checkout (no foreign key: the checkout may arrive later)';
COMMENT ON COLUMN ciprov.builds.id IS 'Build id, "<origin>:<id given by the origin>"';
COMMENT ON COLUMN ciprov.builds.origin IS 'CI system that submitted the build';
COMMENT ON COLUMN ciprov.builds.comment IS 'Human-readable comment about the build';
COMMENT ON COLUMN ciprov.builds.start_time IS 'When the build started';
COMMENT ON COLUMN ciprov.builds.duration IS 'Seconds the build took';
COMMENT ON COLUMN ciprov.builds.architecture IS 'Target architecture ([a-z0-9_]*)';
COMMENT ON COLUMN ciprov.builds.command IS 'Full shell command line of the build, with environment variables';
COMMENT ON COLUMN ciprov.builds.compiler IS 'Name and version of the compiler';
COMMENT ON COLUMN ciprov.builds.input_files IS 'Build inputs (e.g. configuration): jsonb array of {name, url}';
COMMENT ON COLUMN ciprov.builds.output_files IS 'Build outputs (images, packages): jsonb array of {name, url}';
COMMENT ON COLUMN ciprov.builds.config_name IS 'Name of the build configuration';
COMMENT ON COLUMN ciprov.builds.config_url IS 'URL of the build configuration file';
COMMENT ON COLUMN ciprov.builds.log_url IS 'URL of the plain-text build log';
COMMENT ON COLUMN ciprov.builds.log_excerpt IS 'Part of the build log most relevant to the outcome (at most 16384 characters)';
COMMENT ON COLUMN ciprov.builds.misc IS 'Free-form extra data about the build';
COMMENT ON COLUMN ciprov.builds.status IS 'Build status (a v4 build''s valid true/false became PASS/FAIL)';

CREATE TABLE ciprov.tests (
  _timestamp pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now(),
  build_id pg_catalog.text NOT NULL,
  id pg_catalog.text PRIMARY KEY,
  origin pg_catalog.text NOT NULL,
  environment_comment pg_catalog.text,
  environment_misc pg_catalog.jsonb COMPRESSION lz4,
  environment_compatible pg_catalog.text[],
  path ciprov.testpath,
  comment pg_catalog.text,
  log_url pg_catalog.text,
  log_excerpt pg_catalog.varchar(16384) COMPRESSION lz4,
  status ciprov.status,
  number_value pg_catalog.float8,
  number_unit pg_catalog.text,
  number_prefix pg_catalog.text,
  start_time pg_catalog.timestamptz,
  duration pg_catalog.float8,
  output_files pg_catalog.jsonb COMPRESSION lz4,
  input_files pg_catalog.jsonb COMPRESSION lz4,
  misc pg_catalog.jsonb COMPRESSION lz4
);
COMMENT ON TABLE ciprov.tests IS 'kcidb tests: one test run on a build; one row per test id';
COMMENT ON COLUMN ciprov.tests._timestamp IS 'Time of the last change to this row';
COMMENT ON COLUMN ciprov.tests.build_id IS 'Id of the tested build (no foreign key: the build may arrive later)';
COMMENT ON COLUMN ciprov.tests.id IS 'Test run id, "<origin>:<id given by the origin>"';
COMMENT ON COLUMN ciprov.tests.origin IS 'CI system that submitted the test run';
COMMENT ON COLUMN ciprov.tests.environment_comment IS 'environment.comment: human-readable description of where the test ran';
COMMENT ON COLUMN ciprov.tests.environment_misc IS 'environment.misc: free-form data about the environment (the dashboard reads its "platform")';
COMMENT ON COLUMN ciprov.tests.environment_compatible IS 'environment.compatible: the device-tree root compatible strings, in order';
COMMENT ON COLUMN ciprov.tests.path IS 'Dotted path of the test in the test tree (empty: all tests of the build)';
COMMENT ON COLUMN ciprov.tests.comment IS 'Human-readable comment about the test run';
COMMENT ON COLUMN ciprov.tests.log_url IS 'URL of the plain-text test log';
COMMENT ON COLUMN ciprov.tests.log_excerpt IS 'Part of the test log most relevant to the outcome (at most 16384 characters)';
COMMENT ON COLUMN ciprov.tests.status IS 'Test status; NULL: not finished';
COMMENT ON COLUMN ciprov.tests.number_value IS 'number.value: numeric output of the test';
COMMENT ON COLUMN ciprov.tests.number_unit IS 'number.unit: unit of number_value';
COMMENT ON COLUMN ciprov.tests.number_prefix IS 'number.prefix: metric or binary prefix to apply when showing number_value';
COMMENT ON COLUMN ciprov.tests.start_time IS 'When the test run started';
COMMENT ON COLUMN ciprov.tests.duration IS 'Seconds the test run took';
COMMENT ON COLUMN ciprov.tests.output_files IS 'Test outputs (logs, dumps): jsonb array of {name, url}';
COMMENT ON COLUMN ciprov.tests.input_files IS 'Test inputs (rootfs, initramfs): jsonb array of {name, url}';
COMMENT ON COLUMN ciprov.tests.misc IS 'Free-form extra data about the test run';

CREATE TABLE ciprov.issues (
  _timestamp pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now(),
  id pg_catalog.text NOT NULL,
  version pg_catalog.int4 NOT NULL,
  origin pg_catalog.text NOT NULL,
  report_url pg_catalog.text,
  report_subject pg_catalog.text,
  culprit_code pg_catalog.bool,
  culprit_tool pg_catalog.bool,
  culprit_harness pg_catalog.bool,
  comment pg_catalog.text,
  misc pg_catalog.jsonb COMPRESSION lz4,
  categories ciprov.testpath[],
  PRIMARY KEY (id, version)
);
COMMENT ON TABLE ciprov.issues IS 'kcidb issues: a known problem, one row per (id, version); the highest version is current';
COMMENT ON COLUMN ciprov.issues._timestamp IS 'Time of the last change to this row';
COMMENT ON COLUMN ciprov.issues.id IS 'Issue id, "<origin>:<id given by the origin>"';
COMMENT ON COLUMN ciprov.issues.version IS 'Modification version of the issue';
COMMENT ON COLUMN ciprov.issues.origin IS 'CI system that submitted the issue';
COMMENT ON COLUMN ciprov.issues.report_url IS 'URL of a report describing the issue';
COMMENT ON COLUMN ciprov.issues.report_subject IS 'Subject of that report';
COMMENT ON COLUMN ciprov.issues.culprit_code IS 'culprit.code: the built or tested code is responsible';
COMMENT ON COLUMN ciprov.issues.culprit_tool IS 'culprit.tool: the tool (compiler, test, analyzer) is responsible';
COMMENT ON COLUMN ciprov.issues.culprit_harness IS 'culprit.harness: the harness running the build or test is responsible';
COMMENT ON COLUMN ciprov.issues.comment IS 'Human-readable comment about the issue';
COMMENT ON COLUMN ciprov.issues.misc IS 'Free-form extra data about the issue';
COMMENT ON COLUMN ciprov.issues.categories IS 'Paths of the categories the issue belongs to';

CREATE TABLE ciprov.incidents (
  _timestamp pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now(),
  id pg_catalog.text PRIMARY KEY,
  origin pg_catalog.text NOT NULL,
  issue_id pg_catalog.text NOT NULL,
  issue_version pg_catalog.int4 NOT NULL,
  build_id pg_catalog.text,
  test_id pg_catalog.text,
  present pg_catalog.bool,
  comment pg_catalog.text,
  misc pg_catalog.jsonb COMPRESSION lz4
);
COMMENT ON TABLE ciprov.incidents IS 'kcidb incidents: an issue found present (or absent) in a build or test; one row per incident id';
COMMENT ON COLUMN ciprov.incidents._timestamp IS 'Time of the last change to this row';
COMMENT ON COLUMN ciprov.incidents.id IS 'Incident id, "<origin>:<id given by the origin>"';
COMMENT ON COLUMN ciprov.incidents.origin IS 'CI system that submitted the incident';
COMMENT ON COLUMN ciprov.incidents.issue_id IS 'Id of the issue';
COMMENT ON COLUMN ciprov.incidents.issue_version IS 'Version of the issue';
COMMENT ON COLUMN ciprov.incidents.build_id IS 'Id of the build showing (or missing) the issue';
COMMENT ON COLUMN ciprov.incidents.test_id IS 'Id of the test showing (or missing) the issue';
COMMENT ON COLUMN ciprov.incidents.present IS 'True if the issue occurred, false if it was absent';
COMMENT ON COLUMN ciprov.incidents.comment IS 'Human-readable comment about the incident';
COMMENT ON COLUMN ciprov.incidents.misc IS 'Free-form extra data about the incident';

-- Parent lookups: a checkout's builds, a build's tests and incidents, an
-- issue's and a test's incidents.
CREATE INDEX builds_checkout_id ON ciprov.builds (checkout_id);
COMMENT ON INDEX ciprov.builds_checkout_id IS 'The builds of a checkout';
CREATE INDEX tests_build_id ON ciprov.tests (build_id);
COMMENT ON INDEX ciprov.tests_build_id IS 'The tests of a build';
CREATE INDEX incidents_issue ON ciprov.incidents (issue_id, issue_version);
COMMENT ON INDEX ciprov.incidents_issue IS 'The incidents of an issue (version)';
CREATE INDEX incidents_test_id ON ciprov.incidents (test_id);
COMMENT ON INDEX ciprov.incidents_test_id IS 'The incidents of a test';
CREATE INDEX incidents_build_id ON ciprov.incidents (build_id);
COMMENT ON INDEX ciprov.incidents_build_id IS 'The incidents of a build';
CREATE INDEX checkouts_start_time ON ciprov.checkouts (start_time);
COMMENT ON INDEX ciprov.checkouts_start_time IS 'Checkouts by start time, the dashboard''s tree listings';

-- pg_dump keeps the rows of extension tables only when they are registered.
SELECT pg_catalog.pg_extension_config_dump('ciprov.checkouts', '');
SELECT pg_catalog.pg_extension_config_dump('ciprov.builds', '');
SELECT pg_catalog.pg_extension_config_dump('ciprov.tests', '');
SELECT pg_catalog.pg_extension_config_dump('ciprov.issues', '');
SELECT pg_catalog.pg_extension_config_dump('ciprov.incidents', '');
