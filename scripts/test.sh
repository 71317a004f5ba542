#!/usr/bin/env bash
# make test: bootstrap, build, then every test, ending with "N passed, N failed".
#
#   1. C++ unit tests (GoogleTest through CMake/ctest), then once more
#      built with clang under ASan and UBSan
#   2. pg_regress suites (sql/, expected/), isolation specs
#      (test/isolation/) and shell tests (test/sh/*.sh, for pg_dump and
#      the like; exit 0 passes) against a temporary cluster that runs the extension
#      from a staged install (the system installation is not touched)
#   3. a short smoke run of every libFuzzer target (test/fuzz/)
#
# Environment: FUZZ_SMOKE_SECONDS (default 5), SKIP_FUZZ=1, SKIP_UNIT=1.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

bash scripts/bootstrap.sh
mkdir -p build

passed=0
failed=0
failures=()
count() {  # count NAME STATUS
  if [ "$2" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$1"); fi
}

# --- 1. unit tests ---------------------------------------------------------
if [ "${SKIP_UNIT:-0}" != 1 ]; then
  log "C++ unit tests"
  cmake -S . -B build/cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build/cmake -j "$JOBS" >build/cmake-build.log 2>&1 || { cat build/cmake-build.log; die "unit test build failed"; }
  ( cd build/cmake && ctest --output-on-failure -j "$JOBS" ) | tee build/ctest.log | grep -vE '^\s+Start|Test +#[0-9]+: .* Passed' || true
  ctest_pass=$(grep -cE 'Test +#[0-9]+: .* +Passed' build/ctest.log || true)
  # (ctest writes "....***Failed": no space before the marker)
  ctest_fail=$(grep -cE 'Test +#[0-9]+: .*(\*\*\*Failed|\*\*\*Exception|\*\*\*Timeout|\*\*\*Not Run| Failed| Not Run)' build/ctest.log || true)
  passed=$((passed + ctest_pass)); failed=$((failed + ctest_fail))
  [ "$ctest_fail" -eq 0 ] || failures+=("ctest ($ctest_fail)")

  # The same tests again, built with clang under ASan and UBSan: a read
  # past a buffer or of a dead temporary fails here even when its test
  # passes above. Counted as one.
  log "C++ unit tests under ASan and UBSan"
  cmake -S . -B build/cmake-sanitize -DCIPROV_SANITIZE=ON -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCMAKE_BUILD_TYPE=Debug >/dev/null
  if cmake --build build/cmake-sanitize -j "$JOBS" >build/cmake-sanitize.log 2>&1 &&
     build/cmake-sanitize/ciprov_unit_tests_sanitized >build/unit-sanitized.log 2>&1; then
    echo "unit tests under ASan and UBSan: $(grep -E '^\[  PASSED  \]' build/unit-sanitized.log)"
    count unit-sanitized ok
  else
    tail -60 build/cmake-sanitize.log build/unit-sanitized.log 2>/dev/null
    count unit-sanitized FAILED
  fi
fi

# --- 2. SQL suites ---------------------------------------------------------
log "building the extension"
make -s -j "$JOBS" >/dev/null
scratch=$(scratch_dir)
bin=$(stage_install "$scratch/stage")
pgbin=$(bindir)
data="$scratch/test-cluster/data"
sock="$scratch/test-sock"
port=${CIPROV_TEST_PORT:-55432}
rm -rf "$scratch/test-cluster"
cluster_start "$bin" "$data" "$sock" "$port"
trap 'cluster_stop "$bin" "$data"' EXIT
export PGHOST=$sock PGPORT=$port PGUSER=postgres

pgxs_dir=$(dirname "$("$PG_CONFIG" --pgxs)")/..
regress_suites=$(regress_suites)
rm -rf results output_iso regression.diffs regression.out build/regress.log build/isolation.log build/shell.log
if [ -n "$regress_suites" ]; then
  log "pg_regress suites"
  # shellcheck disable=SC2086
  run_regress . ciprov_regression $regress_suites | tee build/regress.log || true
  if [ -f regression.diffs ]; then cp regression.diffs build/regress.diffs; fi
fi

iso_specs=$(find test/isolation/specs -maxdepth 1 -name "*.spec" -printf "%f\n" 2>/dev/null | sed "s/[.]spec$//" | sort || true)
if [ -n "$iso_specs" ]; then
  log "isolation specs"
  mkdir -p output_iso
  # shellcheck disable=SC2086
  "$pgxs_dir/test/isolation/pg_isolation_regress" --bindir="$pgbin" --inputdir=test/isolation \
    --outputdir=output_iso --dbname=ciprov_isolation --load-extension=ciprov $iso_specs | tee build/isolation.log || true
fi

shell_tests=$(find test/sh -maxdepth 1 -name "*.sh" 2>/dev/null | sort || true)
if [ -n "$shell_tests" ]; then
  log "shell tests"
  export CIPROV_BINDIR=$bin
  : >build/shell.log
  for t in $shell_tests; do
    name=$(basename "$t" .sh)
    if bash "$t" >"build/sh-$name.log" 2>&1; then
      echo "test $name ... ok" | tee -a build/shell.log
    else
      echo "test $name ... FAILED" | tee -a build/shell.log
      tail -30 "build/sh-$name.log"
    fi
  done
fi

# Every suite counts: one without an "ok" line failed, even when pg_regress
# stopped before reaching it (a missing expected file aborts the run).
suite_status() {  # suite_status LOG NAME
  if grep -qE "^ *(test )?$2 +\.\.\. +ok" "$1" 2>/dev/null; then echo ok; else echo FAILED; fi
}
for name in $regress_suites; do count "$name" "$(suite_status build/regress.log "$name")"; done
for name in $iso_specs; do count "isolation:$name" "$(suite_status build/isolation.log "$name")"; done
for t in $shell_tests; do
  name=$(basename "$t" .sh)
  count "sh:$name" "$(suite_status build/shell.log "$name")"
done
for diffs in regression.diffs output_iso/regression.diffs; do
  if [ -s "$diffs" ]; then log "$diffs"; cat "$diffs"; fi
done
cluster_stop "$bin" "$data"; trap - EXIT

# --- 3. fuzz smoke ---------------------------------------------------------
if [ "${SKIP_FUZZ:-0}" != 1 ] && ls test/fuzz/*.cpp >/dev/null 2>&1; then
  log "fuzz targets (${FUZZ_SMOKE_SECONDS:-5} s each)"
  if bash scripts/fuzz.sh "${FUZZ_SMOKE_SECONDS:-5}" >build/fuzz.log 2>&1; then :; fi
  while read -r name status; do count "fuzz:$name" "$status"; done < <(sed -nE 's/^fuzz-result ([^ ]+) (ok|FAILED)$/\1 \2/p' build/fuzz.log)
  grep -q '^fuzz-result' build/fuzz.log || { cat build/fuzz.log; count fuzz-build FAILED; }
fi

echo
if [ "$failed" -gt 0 ]; then
  echo "failed: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
