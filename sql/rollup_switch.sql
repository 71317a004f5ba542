-- Rollup maintenance can be switched off for a bulk load and back on;
-- switching on rebuilds, so the rollups are exact again.
\set SHOW_CONTEXT never
SET TimeZone = 'UTC';
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;
SELECT ciprov.rollup_enabled() AS enabled_by_default;

SELECT ciprov.rollup_disable();
SELECT ciprov.rollup_enabled() AS enabled_after_disable;
\set doc `cat examples/rollup/1-revision-a.json`
SELECT ciprov.kcidb_submit(:'doc');
-- nothing was counted while off: the checkout is listed without its builds and tests
SELECT tree_name, checkout_id, builds, tests FROM ciprov.tree_listing('demo', '2026-01-01');
SELECT count(*) > 0 AS stale FROM ciprov.rollup_check();

SELECT ciprov.rollup_enable();
SELECT ciprov.rollup_enabled() AS enabled_after_enable;
SELECT count(*) AS differences FROM ciprov.rollup_check();
SELECT tree_name, checkout_id, builds, boots, tests FROM ciprov.tree_listing('demo', '2026-01-01');

-- maintenance goes on after re-enabling
\set doc `cat examples/rollup/2-revision-a-again.json`
SELECT ciprov.kcidb_submit(:'doc');
SELECT count(*) AS differences FROM ciprov.rollup_check();
TRUNCATE ciprov.checkouts, ciprov.builds, ciprov.tests, ciprov.issues, ciprov.incidents;
