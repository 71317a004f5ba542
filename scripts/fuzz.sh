#!/usr/bin/env bash
# Builds the libFuzzer targets (test/fuzz/*.cpp) with clang-14, ASan and
# UBSan, and runs each for SECONDS (first argument), starting from its seed
# corpus in test/fuzz/corpus/<target>/. Prints "fuzz-result NAME ok|FAILED".
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
seconds=${1:-60}

cmake -S . -B build/fuzz -DCIPROV_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/fuzz -j "$JOBS" >build/fuzz-build.log 2>&1 || { cat build/fuzz-build.log; exit 1; }

status=0
for src in test/fuzz/*.cpp; do
  name=$(basename "$src" .cpp)
  corpus=build/fuzz/corpus/$name
  mkdir -p "$corpus"
  seeds=test/fuzz/corpus/$name
  [ -d "$seeds" ] || seeds=
  if build/fuzz/"$name" -max_total_time="$seconds" -print_final_stats=0 \
      -artifact_prefix=build/fuzz/"$name"- "$corpus" $seeds >build/fuzz/"$name".log 2>&1; then
    echo "fuzz-result $name ok"
  else
    tail -40 build/fuzz/"$name".log
    echo "fuzz-result $name FAILED"
    status=1
  fi
done
exit $status
