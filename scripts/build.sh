#!/usr/bin/env bash
# Configures and builds the server and its tests into build/ (warnings are errors).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCOPLIVE_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
