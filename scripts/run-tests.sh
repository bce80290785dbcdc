#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: install what is missing, build,
# and run every test (unit, integration, browser) plus a short fuzzing pass.
# Tests bind only to 127.0.0.1 on free ports and write only to temp dirs.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
./scripts/install-deps.sh
./scripts/build.sh
echo "== unit, integration and browser tests"
(cd build && ctest --output-on-failure -j2 --timeout 900)
echo "== fuzzing"
./scripts/fuzz.sh "${OCOPLIVE_FUZZ_SECONDS:-30}"
echo "== all tests passed in $(( $(date +%s) - start )) s"
