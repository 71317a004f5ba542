#!/usr/bin/env bash
# The kcidb tables are extension configuration tables
# (pg_extension_config_dump), so pg_dump keeps their rows and pg_restore
# brings them back: a database with submitted examples is dumped (-Fc),
# restored into a fresh database, and compared by row counts and a content
# checksum of every table. The restored database accepts submissions again.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=ciprov_sh_kcidb_dump
psql() { command psql -X -v ON_ERROR_STOP=1 -qAt "$@"; }
dump="${TMPDIR:-/tmp}/$db.$$.dump"
cleanup() {
  PGOPTIONS='-c client_min_messages=warning' psql -d postgres -c "DROP DATABASE IF EXISTS $db" \
    -c "DROP DATABASE IF EXISTS ${db}_restored" >/dev/null
  rm -f "$dump"
}
trap cleanup EXIT
cleanup
psql -d postgres -c "CREATE DATABASE $db"
psql -d "$db" -c "CREATE EXTENSION ciprov"
for f in examples/kcidb/*.json; do
  psql -d "$db" -v doc="$(cat "$f")" <<<"SELECT ciprov.kcidb_submit(:'doc')" >/dev/null
done

# Row counts and an order-independent checksum of every row of every table.
summary() {
  psql -d "$1" <<'SQL'
SELECT t, n, md5(string_agg(h, '' ORDER BY h)) FROM (
  SELECT 'checkouts' AS t, count(*) OVER () AS n, md5(c::text) AS h FROM ciprov.checkouts c
  UNION ALL SELECT 'builds', count(*) OVER (), md5(b::text) FROM ciprov.builds b
  UNION ALL SELECT 'tests', count(*) OVER (), md5(x::text) FROM ciprov.tests x
  UNION ALL SELECT 'issues', count(*) OVER (), md5(i::text) FROM ciprov.issues i
  UNION ALL SELECT 'incidents', count(*) OVER (), md5(n::text) FROM ciprov.incidents n) s
GROUP BY t, n ORDER BY t;
SQL
}
before=$(summary "$db")
echo "$before"
[ "$(echo "$before" | wc -l)" -eq 5 ] || { echo "expected rows in all five tables"; exit 1; }

"$CIPROV_BINDIR/pg_dump" -Fc -d "$db" -f "$dump"
psql -d postgres -c "CREATE DATABASE ${db}_restored"
"$CIPROV_BINDIR/pg_restore" -d "${db}_restored" "$dump"
after=$(summary "${db}_restored")
if [ "$before" != "$after" ]; then
  echo "restored tables differ:"; echo "$after"; exit 1
fi
# The restored database is a working kcidb: a merge still works.
out=$(psql -d "${db}_restored" -c "SELECT ciprov.kcidb_submit('{\"version\": {\"major\": 5, \"minor\": 3}, \"tests\": [{\"id\": \"demo:t1\", \"origin\": \"demo\", \"build_id\": \"demo:b1\", \"comment\": \"after restore\"}]}')" \
        -c "SELECT comment FROM ciprov.tests WHERE id = 'demo:t1'")
echo "$out"
[ "$(echo "$out" | tail -1)" = "after restore" ]
echo ok
