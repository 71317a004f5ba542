-- ciprov.kcidb_query: the stored kcidb objects back as a v5.3 I/O document,
-- shaped exactly as a submission (nested environment/number/culprit objects,
-- absent fields omitted), so that submitting the result changes nothing.

CREATE FUNCTION ciprov.jsonb_strip_top_nulls(obj pg_catalog.jsonb)
RETURNS pg_catalog.jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT pg_catalog.jsonb_object_agg(e.key, e.value)
        FROM pg_catalog.jsonb_each(obj) AS e
        WHERE pg_catalog.jsonb_typeof(e.value) OPERATOR(pg_catalog.<>) 'null');
COMMENT ON FUNCTION ciprov.jsonb_strip_top_nulls(pg_catalog.jsonb) IS
  'The object without its null-valued keys (top level only, so nulls inside misc stay); NULL when no key is left';

CREATE FUNCTION ciprov.kcidb_query(ids pg_catalog.jsonb,
                                   children pg_catalog.bool DEFAULT false,
                                   parents pg_catalog.bool DEFAULT false)
RETURNS pg_catalog.jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
  checkout_ids pg_catalog.text[];
  build_ids pg_catalog.text[];
  test_ids pg_catalog.text[];
  incident_ids pg_catalog.text[];
  issue_keys pg_catalog.jsonb;  -- array of [id, version]; [[id, v]] <@ issue_keys tests membership
  result pg_catalog.jsonb;
BEGIN
  SELECT pg_catalog.array_agg(x) INTO checkout_ids FROM pg_catalog.jsonb_array_elements_text(COALESCE(ids OPERATOR(pg_catalog.->) 'checkouts', '[]')) x;
  SELECT pg_catalog.array_agg(x) INTO build_ids FROM pg_catalog.jsonb_array_elements_text(COALESCE(ids OPERATOR(pg_catalog.->) 'builds', '[]')) x;
  SELECT pg_catalog.array_agg(x) INTO test_ids FROM pg_catalog.jsonb_array_elements_text(COALESCE(ids OPERATOR(pg_catalog.->) 'tests', '[]')) x;
  SELECT pg_catalog.array_agg(x) INTO incident_ids FROM pg_catalog.jsonb_array_elements_text(COALESCE(ids OPERATOR(pg_catalog.->) 'incidents', '[]')) x;
  -- An issue is named by its id (every version) or by [id, version].
  SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(i.id, i.version)), '[]') INTO issue_keys
  FROM ciprov.issues i
  WHERE EXISTS (SELECT 1 FROM pg_catalog.jsonb_array_elements(COALESCE(ids OPERATOR(pg_catalog.->) 'issues', '[]')) k
                WHERE (pg_catalog.jsonb_typeof(k) OPERATOR(pg_catalog.=) 'string' AND i.id OPERATOR(pg_catalog.=) (k OPERATOR(pg_catalog.#>>) '{}'))
                   OR (pg_catalog.jsonb_typeof(k) OPERATOR(pg_catalog.=) 'array'
                       AND i.id OPERATOR(pg_catalog.=) (k OPERATOR(pg_catalog.->>) 0)
                       AND i.version OPERATOR(pg_catalog.=) (k OPERATOR(pg_catalog.->>) 1)::pg_catalog.int4));

  IF children THEN
    -- Down the graph in its topological order: checkouts, builds, tests, incidents.
    build_ids := ARRAY(SELECT b.id FROM ciprov.builds b
                       WHERE b.id OPERATOR(pg_catalog.=) ANY (build_ids) OR b.checkout_id OPERATOR(pg_catalog.=) ANY (checkout_ids));
    test_ids := ARRAY(SELECT t.id FROM ciprov.tests t
                      WHERE t.id OPERATOR(pg_catalog.=) ANY (test_ids) OR t.build_id OPERATOR(pg_catalog.=) ANY (build_ids));
    incident_ids := ARRAY(SELECT n.id FROM ciprov.incidents n
                          WHERE n.id OPERATOR(pg_catalog.=) ANY (incident_ids)
                             OR n.build_id OPERATOR(pg_catalog.=) ANY (build_ids)
                             OR n.test_id OPERATOR(pg_catalog.=) ANY (test_ids)
                             OR pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_array(n.issue_id, n.issue_version)) OPERATOR(pg_catalog.<@) issue_keys);
  END IF;
  IF parents THEN
    -- Up the graph: incidents name issues, tests and builds; tests name builds; builds checkouts.
    SELECT COALESCE(pg_catalog.jsonb_agg(DISTINCT k), '[]') INTO issue_keys FROM (
      SELECT pg_catalog.jsonb_array_elements(issue_keys) AS k
      UNION SELECT pg_catalog.jsonb_build_array(n.issue_id, n.issue_version)
            FROM ciprov.incidents n WHERE n.id OPERATOR(pg_catalog.=) ANY (incident_ids)) s;
    test_ids := ARRAY(SELECT pg_catalog.unnest(test_ids)
                      UNION SELECT n.test_id FROM ciprov.incidents n
                            WHERE n.id OPERATOR(pg_catalog.=) ANY (incident_ids) AND n.test_id IS NOT NULL);
    build_ids := ARRAY(SELECT pg_catalog.unnest(build_ids)
                       UNION SELECT n.build_id FROM ciprov.incidents n
                             WHERE n.id OPERATOR(pg_catalog.=) ANY (incident_ids) AND n.build_id IS NOT NULL
                       UNION SELECT t.build_id FROM ciprov.tests t WHERE t.id OPERATOR(pg_catalog.=) ANY (test_ids));
    checkout_ids := ARRAY(SELECT pg_catalog.unnest(checkout_ids)
                          UNION SELECT b.checkout_id FROM ciprov.builds b WHERE b.id OPERATOR(pg_catalog.=) ANY (build_ids));
  END IF;

  SELECT pg_catalog.jsonb_build_object(
    'version', '{"major": 5, "minor": 3}'::pg_catalog.jsonb,
    'checkouts', COALESCE((SELECT pg_catalog.jsonb_agg(ciprov.jsonb_strip_top_nulls(pg_catalog.jsonb_build_object(
        '_timestamp', c._timestamp, 'id', c.id, 'origin', c.origin, 'tree_name', c.tree_name,
        'git_repository_url', c.git_repository_url, 'git_commit_hash', c.git_commit_hash,
        'git_commit_name', c.git_commit_name, 'git_repository_branch', c.git_repository_branch,
        'git_repository_branch_tip', c.git_repository_branch_tip, 'git_commit_tags', c.git_commit_tags,
        'git_commit_message', c.git_commit_message, 'patchset_files', c.patchset_files,
        'patchset_hash', c.patchset_hash, 'message_id', c.message_id, 'comment', c.comment,
        'start_time', c.start_time, 'origin_builds_finish_time', c.origin_builds_finish_time,
        'origin_tests_finish_time', c.origin_tests_finish_time, 'log_url', c.log_url,
        'log_excerpt', c.log_excerpt, 'valid', c.valid, 'misc', c.misc)) ORDER BY c.id)
      FROM ciprov.checkouts c WHERE c.id OPERATOR(pg_catalog.=) ANY (checkout_ids)), '[]'),
    'builds', COALESCE((SELECT pg_catalog.jsonb_agg(ciprov.jsonb_strip_top_nulls(pg_catalog.jsonb_build_object(
        '_timestamp', b._timestamp, 'checkout_id', b.checkout_id, 'id', b.id, 'origin', b.origin,
        'comment', b.comment, 'start_time', b.start_time, 'duration', b.duration,
        'architecture', b.architecture, 'command', b.command, 'compiler', b.compiler,
        'input_files', b.input_files, 'output_files', b.output_files, 'config_name', b.config_name,
        'config_url', b.config_url, 'log_url', b.log_url, 'log_excerpt', b.log_excerpt,
        'misc', b.misc, 'status', b.status)) ORDER BY b.id)
      FROM ciprov.builds b WHERE b.id OPERATOR(pg_catalog.=) ANY (build_ids)), '[]'),
    'tests', COALESCE((SELECT pg_catalog.jsonb_agg(ciprov.jsonb_strip_top_nulls(pg_catalog.jsonb_build_object(
        '_timestamp', t._timestamp, 'build_id', t.build_id, 'id', t.id, 'origin', t.origin,
        'environment', ciprov.jsonb_strip_top_nulls(pg_catalog.jsonb_build_object(
            'comment', t.environment_comment, 'misc', t.environment_misc,
            'compatible', t.environment_compatible)),
        'path', t.path::pg_catalog.text, 'comment', t.comment, 'log_url', t.log_url,
        'log_excerpt', t.log_excerpt, 'status', t.status,
        'number', ciprov.jsonb_strip_top_nulls(pg_catalog.jsonb_build_object(
            'value', t.number_value, 'unit', t.number_unit, 'prefix', t.number_prefix)),
        'start_time', t.start_time, 'duration', t.duration, 'output_files', t.output_files,
        'input_files', t.input_files, 'misc', t.misc)) ORDER BY t.id)
      FROM ciprov.tests t WHERE t.id OPERATOR(pg_catalog.=) ANY (test_ids)), '[]'),
    'issues', COALESCE((SELECT pg_catalog.jsonb_agg(ciprov.jsonb_strip_top_nulls(pg_catalog.jsonb_build_object(
        '_timestamp', i._timestamp, 'id', i.id, 'version', i.version, 'origin', i.origin,
        'report_url', i.report_url, 'report_subject', i.report_subject,
        'culprit', ciprov.jsonb_strip_top_nulls(pg_catalog.jsonb_build_object(
            'code', i.culprit_code, 'tool', i.culprit_tool, 'harness', i.culprit_harness)),
        'comment', i.comment, 'misc', i.misc, 'categories', i.categories::pg_catalog.text[])) ORDER BY i.id, i.version)
      FROM ciprov.issues i
      WHERE pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_array(i.id, i.version)) OPERATOR(pg_catalog.<@) issue_keys), '[]'),
    'incidents', COALESCE((SELECT pg_catalog.jsonb_agg(ciprov.jsonb_strip_top_nulls(pg_catalog.jsonb_build_object(
        '_timestamp', n._timestamp, 'id', n.id, 'origin', n.origin, 'issue_id', n.issue_id,
        'issue_version', n.issue_version, 'build_id', n.build_id, 'test_id', n.test_id,
        'present', n.present, 'comment', n.comment, 'misc', n.misc)) ORDER BY n.id)
      FROM ciprov.incidents n WHERE n.id OPERATOR(pg_catalog.=) ANY (incident_ids)), '[]'))
  INTO result;
  RETURN result;
END
$$;
COMMENT ON FUNCTION ciprov.kcidb_query(pg_catalog.jsonb, pg_catalog.bool, pg_catalog.bool) IS
  'The named kcidb objects ({"checkouts": [ids], "builds": [...], "tests": [...], "issues": [id or [id, version]], "incidents": [...]}) as a v5.3 I/O document, with all their descendants when children and all their ancestors when parents; submitting the result back changes nothing';
