#!/usr/bin/env bash
# Hub benchmark: websocket fan-out and orders, 1,000 / 5,000 / 10,000 clients
# in one room. Usage: bench/hub/run.sh [--clients 1000,5000,10000] [--chat-seconds 30] ...
# (every option of bench/hub/run.mjs). Builds the server into build-bench/
# (RelWithDebInfo) if it is missing and the C client every time.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Both the server and the client hold one descriptor per connection; they
# inherit this limit. Without privilege, the hard limit is as far as we get.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

BUILD=${OCOPLIVE_BENCH_BUILD:-build-bench}
if [ ! -x "$BUILD/ocoplive" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$BUILD" --target ocoplive -j"$(nproc)"
fi
mkdir -p "$BUILD"
gcc -O2 -Wall -Wextra -o "$BUILD/hubload" bench/hub/hubload.c bench/hub/wsclient.c bench/hub/measure.c

exec node bench/hub/run.mjs --bin "$BUILD/ocoplive" --client "$BUILD/hubload" "$@"
