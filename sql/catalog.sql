-- Every object the extension creates carries a COMMENT, so that \dx+ and
-- \df+ serve as the reference. Lists the objects that lack one: none.
SELECT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid) AS missing_comment
FROM pg_catalog.pg_depend d
JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
WHERE e.extname = 'ciprov' AND d.deptype = 'e'
  -- array types and the row types of tables are implicit companions
  AND NOT (d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND EXISTS (
        SELECT 1 FROM pg_catalog.pg_type t
        WHERE t.oid = d.objid AND (t.typelem <> 0 AND t.typsubscript = 'pg_catalog.array_subscript_handler'::pg_catalog.regproc
                                   OR t.typrelid <> 0)))
  AND pg_catalog.obj_description(d.objid, (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = d.classid)) IS NULL
ORDER BY 1;

-- The schema has a comment too.
SELECT pg_catalog.obj_description('ciprov'::pg_catalog.regnamespace, 'pg_namespace') IS NOT NULL AS schema_documented;

-- The extension is not relocatable and lives in schema ciprov.
SELECT e.extname, e.extversion, e.extrelocatable, n.nspname
FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'ciprov';
