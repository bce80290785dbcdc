#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: install what is missing, build,
# and start OCOP Live with the demo market day on http://localhost:8080/.
# Extra arguments go to the server (e.g. --http-port 8081).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
exec ./build/ocoplive --demo "$@"
