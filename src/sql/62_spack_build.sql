-- Spack builds as spack-monitor recorded them: a build of a stored node with
-- its environment, its phases and their output, the errors and warnings
-- parsed from that output, and the install manifest.

CREATE TABLE ciprov.spack_builds (
  id pg_catalog.int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  node pg_catalog.int8 NOT NULL REFERENCES ciprov.spack_nodes (id),
  status pg_catalog.text NOT NULL DEFAULT 'NOTRUN'
    CHECK (status IN ('NOTRUN', 'SUCCESS', 'FAILED', 'CANCELLED')),
  hostname pg_catalog.text,
  platform pg_catalog.text,
  kernel_version pg_catalog.text,
  host_os pg_catalog.text,
  host_target pg_catalog.text,
  spack_version pg_catalog.text,
  tags pg_catalog.text[] NOT NULL DEFAULT '{}',
  environment pg_catalog.jsonb NOT NULL DEFAULT '{}',
  started_at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
  finished_at pg_catalog.timestamptz,
  cancelled_by pg_catalog.int8 REFERENCES ciprov.spack_builds (id),
  CHECK ((status = 'NOTRUN') = (finished_at IS NULL))
);
COMMENT ON TABLE ciprov.spack_builds IS
  'Builds of stored Spack nodes: NOTRUN while unfinished, then SUCCESS, FAILED or CANCELLED';
COMMENT ON COLUMN ciprov.spack_builds.environment IS 'The build environment document as submitted';
COMMENT ON COLUMN ciprov.spack_builds.cancelled_by IS 'The failed build of a dependency that cancelled this one';
SELECT pg_catalog.pg_extension_config_dump('ciprov.spack_builds', '');
SELECT pg_catalog.pg_extension_config_dump('ciprov.spack_builds_id_seq', '');
COMMENT ON SEQUENCE ciprov.spack_builds_id_seq IS 'Identity of ciprov.spack_builds';
CREATE INDEX spack_builds_unfinished_idx ON ciprov.spack_builds (node) WHERE finished_at IS NULL;
COMMENT ON INDEX ciprov.spack_builds_unfinished_idx IS 'Unfinished builds by node, for cancellation';
CREATE INDEX spack_builds_node_idx ON ciprov.spack_builds (node);
COMMENT ON INDEX ciprov.spack_builds_node_idx IS 'Builds by node';

CREATE TABLE ciprov.spack_build_phases (
  id pg_catalog.int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  build pg_catalog.int8 NOT NULL REFERENCES ciprov.spack_builds (id) ON DELETE CASCADE,
  name pg_catalog.text NOT NULL CHECK (name <> ''),
  status pg_catalog.text NOT NULL CHECK (status IN ('NOTRUN', 'SUCCESS', 'FAILED', 'CANCELLED')),
  output pg_catalog.text,
  error pg_catalog.text,
  recorded_at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
  UNIQUE (build, name)
);
COMMENT ON TABLE ciprov.spack_build_phases IS 'Phases of a build (stage, configure, build, install, ...) with their output';
COMMENT ON COLUMN ciprov.spack_build_phases.error IS 'The first error line parsed from the output, if any';
SELECT pg_catalog.pg_extension_config_dump('ciprov.spack_build_phases', '');
SELECT pg_catalog.pg_extension_config_dump('ciprov.spack_build_phases_id_seq', '');
COMMENT ON SEQUENCE ciprov.spack_build_phases_id_seq IS 'Identity of ciprov.spack_build_phases';

CREATE TABLE ciprov.spack_build_events (
  phase pg_catalog.int8 NOT NULL REFERENCES ciprov.spack_build_phases (id) ON DELETE CASCADE,
  line_no pg_catalog.int4 NOT NULL,
  kind pg_catalog.text NOT NULL CHECK (kind IN ('error', 'warning')),
  source_file pg_catalog.text,
  source_line pg_catalog.int4,
  text pg_catalog.text NOT NULL,
  pre_context pg_catalog.text[] NOT NULL,
  post_context pg_catalog.text[] NOT NULL,
  PRIMARY KEY (phase, line_no)
);
COMMENT ON TABLE ciprov.spack_build_events IS
  'Errors and warnings parsed from phase output by the CTest-derived rules Spack uses, with context lines';
SELECT pg_catalog.pg_extension_config_dump('ciprov.spack_build_events', '');

CREATE TABLE ciprov.spack_build_files (
  build pg_catalog.int8 NOT NULL REFERENCES ciprov.spack_builds (id) ON DELETE CASCADE,
  path pg_catalog.text NOT NULL,
  type pg_catalog.text,
  mode pg_catalog.int8,
  owner pg_catalog.int8,
  "group" pg_catalog.int8,
  hash pg_catalog.text,
  PRIMARY KEY (build, path)
);
COMMENT ON TABLE ciprov.spack_build_files IS 'Install manifest of a build: one row per installed path';
SELECT pg_catalog.pg_extension_config_dump('ciprov.spack_build_files', '');

CREATE FUNCTION ciprov.spack_parse_log(output pg_catalog.text, context pg_catalog.int4 DEFAULT 6)
RETURNS TABLE (kind pg_catalog.text, line_no pg_catalog.int4, source_file pg_catalog.text,
               source_line pg_catalog.int4, text pg_catalog.text,
               pre_context pg_catalog.text[], post_context pg_catalog.text[])
AS 'MODULE_PATHNAME', 'ciprov_spack_parse_log'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ciprov.spack_parse_log(pg_catalog.text, pg_catalog.int4) IS
  'Errors and warnings in build output, found as Spack''s CTest-derived log parser finds them, with context lines (default 6)';

CREATE FUNCTION ciprov.spack_build_start(hash pg_catalog.text, environment pg_catalog.jsonb)
RETURNS pg_catalog.int8
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  node_id int8;
  env jsonb := coalesce(environment, '{}');
  key text;
  build_id int8;
BEGIN
  SELECT n.id INTO node_id FROM ciprov.spack_nodes n WHERE n.hash = spack_build_start.hash;
  IF node_id IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('no Spack node has hash %s', to_json(hash));
  END IF;
  IF jsonb_typeof(env) <> 'object' THEN
    RAISE EXCEPTION USING ERRCODE = '22023',
      MESSAGE = format('invalid build environment at "/": expected an object, found %s', jsonb_typeof(env));
  END IF;
  FOREACH key IN ARRAY ARRAY['hostname', 'platform', 'kernel_version', 'host_os', 'host_target', 'spack_version'] LOOP
    IF env ? key AND jsonb_typeof(env -> key) NOT IN ('string', 'null') THEN
      RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = format('invalid build environment at "/%s": expected a string, found %s', key, jsonb_typeof(env -> key));
    END IF;
  END LOOP;
  IF env ? 'tags' AND (jsonb_typeof(env -> 'tags') <> 'array'
      OR EXISTS (SELECT 1 FROM jsonb_array_elements(env -> 'tags') t WHERE jsonb_typeof(t) <> 'string')) THEN
    RAISE EXCEPTION USING ERRCODE = '22023',
      MESSAGE = 'invalid build environment at "/tags": expected an array of strings';
  END IF;
  INSERT INTO ciprov.spack_builds (node, hostname, platform, kernel_version, host_os, host_target,
                                   spack_version, tags, environment)
  VALUES (node_id, env ->> 'hostname', env ->> 'platform', env ->> 'kernel_version', env ->> 'host_os',
          env ->> 'host_target', env ->> 'spack_version',
          coalesce(ARRAY(SELECT jsonb_array_elements_text(env -> 'tags')), '{}'), env)
  RETURNING id INTO build_id;
  RETURN build_id;
END;
$$;
COMMENT ON FUNCTION ciprov.spack_build_start(pg_catalog.text, pg_catalog.jsonb) IS
  'Starts a build (status NOTRUN) of a stored node with its environment (hostname, platform, kernel_version, host_os, host_target, spack_version, tags); returns the build id';

-- The unfinished build, locked; errors name the build when it is missing or done.
CREATE FUNCTION ciprov.spack_build_lock_unfinished(build pg_catalog.int8)
RETURNS ciprov.spack_builds
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  b ciprov.spack_builds;
BEGIN
  SELECT * INTO b FROM ciprov.spack_builds WHERE id = build FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('no Spack build has id %s', build);
  END IF;
  IF b.finished_at IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = format('Spack build %s is already finished (%s)', build, b.status);
  END IF;
  RETURN b;
END;
$$;
COMMENT ON FUNCTION ciprov.spack_build_lock_unfinished(pg_catalog.int8) IS
  'Internal: locks and returns an unfinished build; 22023 when missing, 55000 when finished';

CREATE FUNCTION ciprov.spack_build_phase(build pg_catalog.int8, phase pg_catalog.text, status pg_catalog.text,
                                         output pg_catalog.text)
RETURNS pg_catalog.int8
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  phase_id int8;
BEGIN
  IF phase IS NULL OR phase = '' THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'phase name must not be empty';
  END IF;
  IF status IS NULL OR status NOT IN ('SUCCESS', 'FAILED', 'CANCELLED', 'NOTRUN') THEN
    RAISE EXCEPTION USING ERRCODE = '22023',
      MESSAGE = format('invalid phase status %s', coalesce(to_json(status)::text, 'NULL')),
      DETAIL = 'Phase status is SUCCESS, FAILED, CANCELLED or NOTRUN.';
  END IF;
  PERFORM ciprov.spack_build_lock_unfinished(build);
  -- a phase reported again replaces the earlier report
  DELETE FROM ciprov.spack_build_phases p WHERE p.build = spack_build_phase.build AND p.name = phase;
  INSERT INTO ciprov.spack_build_phases (build, name, status, output)
  VALUES (build, phase, status, output) RETURNING id INTO phase_id;
  IF output IS NOT NULL THEN
    INSERT INTO ciprov.spack_build_events (phase, line_no, kind, source_file, source_line, text, pre_context, post_context)
    SELECT phase_id, e.line_no, e.kind, e.source_file, e.source_line, e.text, e.pre_context, e.post_context
    FROM ciprov.spack_parse_log(output) e;
    UPDATE ciprov.spack_build_phases p SET error = (
      SELECT e.text FROM ciprov.spack_build_events e WHERE e.phase = phase_id AND e.kind = 'error'
      ORDER BY e.line_no LIMIT 1)
    WHERE p.id = phase_id;
  END IF;
  RETURN phase_id;
END;
$$;
COMMENT ON FUNCTION ciprov.spack_build_phase(pg_catalog.int8, pg_catalog.text, pg_catalog.text, pg_catalog.text) IS
  'Records a phase of an unfinished build with its output, and the errors and warnings parsed from it; returns the phase id';

CREATE FUNCTION ciprov.spack_build_finish(build pg_catalog.int8, status pg_catalog.text)
RETURNS pg_catalog.int4
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  b ciprov.spack_builds;
  cancelled int4 := 0;
BEGIN
  IF status IS NULL OR status NOT IN ('SUCCESS', 'FAILED', 'CANCELLED') THEN
    RAISE EXCEPTION USING ERRCODE = '22023',
      MESSAGE = format('invalid final build status %s', coalesce(to_json(status)::text, 'NULL')),
      DETAIL = 'A build finishes as SUCCESS, FAILED or CANCELLED.';
  END IF;
  b := ciprov.spack_build_lock_unfinished(build);
  UPDATE ciprov.spack_builds SET status = spack_build_finish.status, finished_at = clock_timestamp()
  WHERE id = build;
  IF status = 'FAILED' THEN
    -- as spack-monitor did: the unfinished builds of every node that depends
    -- on the failed one (any dependency type, transitively) are cancelled;
    -- rows are locked in id order so concurrent finishes cannot deadlock
    WITH victims AS (
      SELECT v.id FROM ciprov.spack_builds v
      WHERE v.finished_at IS NULL AND v.id <> build
        AND v.node IN (SELECT t.node FROM ciprov.spack_traverse((SELECT n.hash FROM ciprov.spack_nodes n WHERE n.id = b.node),
                                                                NULL, NULL, true) t WHERE t.depth > 0)
      ORDER BY v.id FOR UPDATE)
    UPDATE ciprov.spack_builds v SET status = 'CANCELLED', finished_at = clock_timestamp(), cancelled_by = build
    FROM victims WHERE v.id = victims.id AND v.finished_at IS NULL;
    GET DIAGNOSTICS cancelled = ROW_COUNT;
  END IF;
  RETURN cancelled;
END;
$$;
COMMENT ON FUNCTION ciprov.spack_build_finish(pg_catalog.int8, pg_catalog.text) IS
  'Finishes a build as SUCCESS, FAILED or CANCELLED; a failure cancels the unfinished builds of its dependents. Returns the number cancelled';

CREATE FUNCTION ciprov.spack_build_files(build pg_catalog.int8, manifest pg_catalog.jsonb)
RETURNS pg_catalog.int4
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  entry record;
  field text;
  n int4;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM ciprov.spack_builds b WHERE b.id = spack_build_files.build) THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('no Spack build has id %s', build);
  END IF;
  IF jsonb_typeof(manifest) <> 'object' THEN
    RAISE EXCEPTION USING ERRCODE = '22023',
      MESSAGE = format('invalid install manifest at "/": expected an object, found %s', jsonb_typeof(manifest));
  END IF;
  -- validate everything before writing anything
  FOR entry IN SELECT key, value FROM jsonb_each(manifest) ORDER BY key LOOP
    IF jsonb_typeof(entry.value) <> 'object' THEN
      RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = format('invalid install manifest at "/%s": expected an object, found %s',
                         replace(replace(entry.key, '~', '~0'), '/', '~1'), jsonb_typeof(entry.value));
    END IF;
    FOREACH field IN ARRAY ARRAY['mode', 'owner', 'group'] LOOP
      IF entry.value ? field AND (jsonb_typeof(entry.value -> field) <> 'number'
          OR (entry.value ->> field) !~ '^[0-9]{1,10}$') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
          MESSAGE = format('invalid install manifest at "/%s/%s": expected a non-negative integer',
                           replace(replace(entry.key, '~', '~0'), '/', '~1'), field);
      END IF;
    END LOOP;
    FOREACH field IN ARRAY ARRAY['type', 'hash'] LOOP
      IF entry.value ? field AND jsonb_typeof(entry.value -> field) NOT IN ('string', 'null') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
          MESSAGE = format('invalid install manifest at "/%s/%s": expected a string',
                           replace(replace(entry.key, '~', '~0'), '/', '~1'), field);
      END IF;
    END LOOP;
  END LOOP;
  INSERT INTO ciprov.spack_build_files AS f (build, path, type, mode, owner, "group", hash)
  SELECT spack_build_files.build, m.key, m.value ->> 'type', (m.value ->> 'mode')::int8, (m.value ->> 'owner')::int8,
         (m.value ->> 'group')::int8, m.value ->> 'hash'
  FROM jsonb_each(manifest) m ORDER BY m.key
  ON CONFLICT ON CONSTRAINT spack_build_files_pkey DO UPDATE SET type = excluded.type, mode = excluded.mode, owner = excluded.owner,
    "group" = excluded."group", hash = excluded.hash;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END;
$$;
COMMENT ON FUNCTION ciprov.spack_build_files(pg_catalog.int8, pg_catalog.jsonb) IS
  'Stores the install manifest of a build ({path: {type, mode, owner, group, hash}}, as Spack''s install_manifest.json); returns the number of paths';
