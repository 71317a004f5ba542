#!/usr/bin/env bash
# make bench: every benchmark, each side by side with its baseline.
#   1. Google Benchmark programs built by CMake from test/bench/*.cpp
#   2. SQL benchmarks test/bench/*.sh, each run against a fresh database with
#      the extension (PGHOST/PGPORT/PGUSER/PGDATABASE exported) on a private
#      cluster started from the staged install.
# Output is also kept in build/bench.log. BENCH_FILTER=regex picks benchmarks.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
filter=${BENCH_FILTER:-.}

bash scripts/bootstrap.sh
mkdir -p build
exec > >(tee build/bench.log) 2>&1
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), $(date -u +%F)"

cpp_benches=()
for src in test/bench/*.cpp; do
  [ -e "$src" ] || continue
  name=$(basename "$src" .cpp)
  [[ $name =~ $filter ]] && cpp_benches+=("$name")
done
if [ ${#cpp_benches[@]} -gt 0 ]; then  # (built only when one is picked)
  cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/bench -j "$JOBS" >/dev/null
fi
for name in "${cpp_benches[@]}"; do
  log "$name (Google Benchmark)"
  "build/bench/$name" --benchmark_min_time=0.2
done

make -s -j "$JOBS" >/dev/null
scratch=$(scratch_dir)
bin=$(stage_install "$scratch/stage")
data="$scratch/bench-cluster/data"
sock="$scratch/bench-sock"
rm -rf "$scratch/bench-cluster"
cluster_start "$bin" "$data" "$sock" "${CIPROV_BENCH_PORT:-55433}"
# glibc gives the top of its heap back to the kernel whenever more than
# trim_threshold (128 kB at first) is free there. A PL/pgSQL timing loop
# keeps each run's result rows (SPI) and frees them, so, depending only on
# where the heap's top happened to sit, a session could give memory back
# and fault it in again on every run: a tree_summary call took 44 instead
# of 33 microseconds, 28% of it in the kernel (brk, page faults). Raised
# for the bench cluster, both sides of every comparison alike.
as_server env GLIBC_TUNABLES=glibc.malloc.trim_threshold=268435456 "$bin/pg_ctl" -D "$data" -w -l "$data/server.log" restart \
  -o "-p ${CIPROV_BENCH_PORT:-55433} -k $sock -c listen_addresses='' -c fsync=off -c shared_buffers=2GB -c work_mem=256MB -c maintenance_work_mem=1GB -c max_wal_size=8GB -c synchronous_commit=off" >/dev/null
trap 'cluster_stop "$bin" "$data"' EXIT
export PGHOST=$sock PGPORT=${CIPROV_BENCH_PORT:-55433} PGUSER=postgres CIPROV_BINDIR=$bin

for script in test/bench/*.sh; do
  [ -e "$script" ] || continue
  name=$(basename "$script" .sh)
  [[ $name =~ $filter ]] || continue
  db="bench_${name//[^a-zA-Z0-9]/_}"
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  psql -X -q -d "$db" -c "CREATE EXTENSION ciprov"
  log "$name"
  PGDATABASE=$db bash "$script"
  psql -X -q -d postgres -c "DROP DATABASE $db"
done
