#!/usr/bin/env bash
# Builds, then drives headless Chromium (phone-sized, 390x844 at 2x) through
# every page of a demo market with three booths live from ffmpeg, writing the
# PNGs into docs/screenshots/. The test suite never writes there.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
OCOPLIVE_BIN="$PWD/build/ocoplive" OCOPLIVE_SOURCE_DIR="$PWD" node tests/e2e/screenshots.mjs
