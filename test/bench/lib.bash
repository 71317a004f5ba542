# Sourced by the SQL benchmarks test/bench/*.sh (scripts/bench.sh runs only
# *.sh, so this file is not run as a benchmark of its own).

# psql that stops at the first error and prints no banner or notices.
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# A scratch directory removed on exit, readable by the server account (the
# server reads files the benchmark writes there).
bench_tmpdir() {
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  chmod a+rx "$tmp"
}

# Milliseconds of one statement: run REPEAT+1 times in one session (the
# first run warms the backend: library load, catalog caches), keep the best.
time_ms() {
  local args=(-c 'SET search_path = public, ciprov' -c '\timing on')
  for _ in $(seq $((${REPEAT:-3} + 1))); do args+=(-c "$1"); done
  psql "${args[@]}" | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p' | tail -n +2 | sort -g | head -1
}
