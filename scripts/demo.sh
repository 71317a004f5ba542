#!/usr/bin/env bash
# make demo / make demo-stop.
#
# start: install missing Debian packages, build and install the extension,
# start a private PostgreSQL 15 cluster (its own data directory, port and
# socket directory under .demo/; never a system cluster), create database
# "ciprov" with the extension, run every demo/*.sql showcase, and print the
# psql command that connects. Safe to run again: the cluster is reused and
# the extension recreated with fresh example data.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

PORT=${CIPROV_DEMO_PORT:-5499}
BIN=$(bindir)

# The cluster lives under the checkout unless the server account cannot
# reach it there (a checkout in a private home directory, run as root).
demo_home="$ROOT/.demo"
if is_root && ! runuser -u postgres -- test -x "$ROOT"; then
  demo_home="$(scratch_dir)/demo"
fi
DATA="$demo_home/data"
SOCK="$demo_home/sock"

case "${1:-start}" in
  stop)
    cluster_stop "$BIN" "$DATA"
    log "demo cluster stopped"
    exit 0
    ;;
  start) ;;
  *) die "usage: $0 start|stop" ;;
esac

bash scripts/bootstrap.sh
log "building and installing the extension"
make -s -j "$JOBS" >/dev/null
as_root make -s install >/dev/null

log "starting the demo cluster in $demo_home (port $PORT)"
mkdir -p "$demo_home"
is_root && chown postgres "$demo_home"
cluster_start "$BIN" "$DATA" "$SOCK" "$PORT"

psql_demo() { psql -X -h "$SOCK" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 "$@"; }
psql_demo -d postgres -qAt -c "SELECT 1 FROM pg_database WHERE datname = 'ciprov'" | grep -q 1 ||
  psql_demo -d postgres -q -c "CREATE DATABASE ciprov"
psql_demo -d ciprov -q -c "SET client_min_messages = warning" -c "DROP EXTENSION IF EXISTS ciprov CASCADE" -c "CREATE EXTENSION ciprov"

for f in demo/*.sql; do
  log "$f"
  psql_demo -d ciprov -f "$f"
done

echo
log "the demo cluster is running; connect with:"
echo "  psql -h $SOCK -p $PORT -U postgres ciprov"
echo "stop it with: make demo-stop"
