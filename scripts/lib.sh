# Shared shell functions for the ciprov scripts (sourced, not run).
#
# Conventions:
#  * PostgreSQL 15 from Debian; PG_CONFIG may point elsewhere.
#  * initdb refuses to run as root, so as root every server command runs as
#    the unprivileged "postgres" account (runuser); otherwise as the caller.
#  * Tests never touch the system installation: the extension is installed
#    into a staged copy of the server tree (stage_install), which PostgreSQL
#    finds relative to its own binary.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_CONFIG=${PG_CONFIG:-pg_config}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command with root rights: directly as root, else through sudo.
as_root() {
  if is_root; then "$@"; else sudo "$@"; fi
}

# Runs a server command (initdb, pg_ctl) as the account that owns clusters.
as_server() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A private, world-traversable scratch directory for this checkout, outside
# the checkout so that the server account can read it even when the
# checkout lives under a private home directory.
scratch_dir() {
  local key
  key=$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)
  echo "${TMPDIR:-/tmp}/ciprov-$(id -u)-$key"
}

bindir() { "$PG_CONFIG" --bindir; }

# Copies the server tree into DIR and installs the extension there with
# DESTDIR; prints the staged bindir.
stage_install() {
  local stage=$1
  local pkglib share bin
  pkglib=$("$PG_CONFIG" --pkglibdir)
  share=$("$PG_CONFIG" --sharedir)
  bin=$("$PG_CONFIG" --bindir)
  mkdir -p "$stage$(dirname "$bin")" "$stage$(dirname "$share")" "$stage$(dirname "$pkglib")"
  # Copy only once; the extension files are refreshed by make install.
  [ -x "$stage$bin/postgres" ] || cp -a "$bin" "$stage$bin"
  [ -d "$stage$share/extension" ] || cp -a "$share" "$stage$(dirname "$share")/"
  [ -d "$stage$pkglib" ] || cp -a "$pkglib" "$stage$(dirname "$pkglib")/"
  make -C "$ROOT" -s install DESTDIR="$stage" >/dev/null
  chmod -R a+rX "$stage"
  echo "$stage$bin"
}

# cluster_start BINDIR DATADIR SOCKDIR PORT: initdb if needed, then start.
# Creates the cluster DATA (once) and the socket directory SOCK, owned by
# the server account.
cluster_init() {
  local bin=$1 data=$2 sock=$3
  mkdir -p "$(dirname "$data")" "$sock"
  if is_root; then chown postgres "$(dirname "$data")" "$sock"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    as_server "$bin/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
}

# The pg_regress suites (sql/*.sql), one name a line, in their run order.
regress_suites() { find "$ROOT/sql" -maxdepth 1 -name "*.sql" -printf "%f\n" | sed "s/[.]sql$//" | sort; }

# Runs pg_regress on SUITES... into OUTDIR, database DBNAME, against the
# server PGHOST/PGPORT name.
run_regress() {
  local outdir=$1 dbname=$2
  shift 2
  "$(dirname "$("$PG_CONFIG" --pgxs)")/../test/regress/pg_regress" --bindir="$(bindir)" --inputdir="$ROOT" \
    --outputdir="$outdir" --dbname="$dbname" --load-extension=ciprov "$@"
}

cluster_start() {
  local bin=$1 data=$2 sock=$3 port=$4
  cluster_init "$bin" "$data" "$sock"
  if ! as_server "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_server "$bin/pg_ctl" -D "$data" -w -l "$data/server.log" \
      -o "-p $port -k $sock -c listen_addresses='' -c fsync=off -c max_prepared_transactions=10" start >/dev/null
  fi
}

cluster_stop() {
  local bin=$1 data=$2
  if [ -f "$data/PG_VERSION" ]; then
    as_server "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
