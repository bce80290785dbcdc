#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, replays each committed corpus
# (every crash ever found stays there as a regression seed), then fuzzes each
# target for a while. Usage: scripts/fuzz.sh [seconds per target, default 30;
# the RTMP target, which faces the open internet, gets twice that]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
jobs=$(nproc 2>/dev/null || echo 2)
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DOCOPLIVE_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$jobs"
for src in tests/fuzz/*_fuzz.cpp; do
  name=$(basename "$src" .cpp)
  corpus="tests/fuzz/corpus/$name"
  work=$(mktemp -d)
  [ -d "$corpus" ] && cp -r "$corpus"/. "$work"/ 2>/dev/null || true
  budget=$seconds
  [ "$name" = rtmp_fuzz ] && budget=$((seconds * 2))
  echo "fuzz: $name: replaying $(ls "$work" | wc -l) corpus inputs, then fuzzing ${budget}s"
  ./build-fuzz/"$name" -runs=0 "$work" 2>&1 | tail -n 1
  ./build-fuzz/"$name" -max_total_time="$budget" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$work/" -print_final_stats=1 "$work" 2>&1 | grep -E 'stat::number_of_executed_units|Done|ERROR|SUMMARY' || true
  if ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* >/dev/null 2>&1; then
    echo "fuzz: $name found a failing input:"; ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* 2>/dev/null
    exit 1
  fi
  rm -rf "$work"
done
