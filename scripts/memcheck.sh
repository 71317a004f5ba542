#!/usr/bin/env bash
# make memcheck: the pg_regress suites (all, or those named as arguments)
# against a server run under valgrind memcheck, every backend followed.
# The module runs where the unit tests' sanitizers cannot look: inside
# PostgreSQL, on its memory. Debian's server is not built for valgrind, so
# PostgreSQL's own reports (WAL padding and the like) are many and not
# ours: the run fails only on a report whose own stack has a ciprov frame
# (scripts/memcheck_filter.py); scripts/memcheck.supp silences RE2's
# deliberate reads of uninitialised memory. Slow: 20 to 30 times the
# normal run.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

bash scripts/bootstrap.sh valgrind
make -s -j "$JOBS" >/dev/null
scratch=$(scratch_dir)/memcheck
bin=$(stage_install "$(scratch_dir)/stage")
data=$scratch/data sock=$scratch/sock logs=$scratch/valgrind port=${CIPROV_MEMCHECK_PORT:-55434}
rm -rf "$scratch"
cluster_init "$bin" "$data" "$sock"
mkdir -p "$logs"
if is_root; then chown postgres "$logs"; fi
log "server under valgrind (reports in $logs)"
as_server valgrind --quiet --trace-children=yes --track-origins=yes --num-callers=30 --error-limit=no \
  --suppressions="$ROOT/scripts/memcheck.supp" \
  --log-file="$logs/vg.%p.log" "$bin/postgres" -D "$data" -p "$port" -k "$sock" -c listen_addresses='' \
  -c fsync=off -c max_prepared_transactions=10 -c jit=off >"$scratch/server.log" 2>&1 &
trap 'as_server "$bin/pg_ctl" -D "$data" -m fast -w -t 600 stop >/dev/null 2>&1 || true' EXIT
for _ in $(seq 300); do "$(bindir)/pg_isready" -q -h "$sock" -p "$port" && break; sleep 1; done
"$(bindir)/pg_isready" -q -h "$sock" -p "$port" || { cat "$scratch/server.log"; die "the server did not start"; }

suites=("$@")
[ ${#suites[@]} -gt 0 ] || mapfile -t suites < <(regress_suites)
mkdir -p "$scratch/out"
regress=ok
PGHOST=$sock PGPORT=$port PGUSER=postgres run_regress "$scratch/out" ciprov_memcheck "${suites[@]}" || regress=FAILED
as_server "$bin/pg_ctl" -D "$data" -m fast -w -t 600 stop >/dev/null; trap - EXIT

python3 scripts/memcheck_filter.py "$logs" || regress=FAILED
[ "$regress" = ok ]
