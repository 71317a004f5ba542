#!/usr/bin/env bash
# The extension installs into a fresh database, survives a hostile
# search_path, drops cleanly, and pg_dump/pg_restore recreate it.
set -euo pipefail
db=ciprov_sh_lifecycle
psql() { command psql -X -v ON_ERROR_STOP=1 -qAt "$@"; }
psql -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS ${db}_restored" \
  -c "CREATE DATABASE $db"

# A hostile search_path: a schema that shadows pg_catalog names. The install
# script schema-qualifies everything, so nothing here is picked up.
psql -d "$db" <<'SQL'
CREATE SCHEMA hostile;
CREATE FUNCTION hostile.lower(text) RETURNS text LANGUAGE sql AS $$ SELECT 'hijacked' $$;
SET search_path = hostile, pg_catalog;
CREATE EXTENSION ciprov;
SQL
[ "$(psql -d "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'ciprov'")" = 0.1 ]

"$CIPROV_BINDIR/pg_dump" -Fc -d "$db" -f "${TMPDIR:-/tmp}/$db.dump"
psql -d postgres -c "CREATE DATABASE ${db}_restored"
"$CIPROV_BINDIR/pg_restore" -d "${db}_restored" "${TMPDIR:-/tmp}/$db.dump"
[ "$(psql -d "${db}_restored" -c "SELECT ciprov.selftest_spin(0) >= 0")" = t ]

psql -d "$db" -c "DROP EXTENSION ciprov" -c "CREATE EXTENSION ciprov" -c "DROP EXTENSION ciprov CASCADE"
psql -d postgres -c "DROP DATABASE $db" -c "DROP DATABASE ${db}_restored"
rm -f "${TMPDIR:-/tmp}/$db.dump"
echo ok
