#!/usr/bin/env bash
# Builds, then drives headless Chromium (phone-sized, 390x844 at 2x) through
# every page of a demo market with three booths live from ffmpeg, writing the
# PNGs (and the live room's JPEGs) into docs/screenshots/. The test suite
# itself never writes there.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
OCOPLIVE_BIN="$PWD/build/ocoplive" OCOPLIVE_SOURCE_DIR="$PWD" node tests/e2e/screenshots.mjs
# The phone live room (portrait and landscape streams, deal, chat, swipe) and
# the embed come from their browser tests, which capture each state on request.
OCOPLIVE_BIN="$PWD/build/ocoplive" OCOPLIVE_SOURCE_DIR="$PWD" OCOPLIVE_SHOTS="$PWD/docs/screenshots" \
  node --test tests/e2e/live_room.test.mjs tests/e2e/embed.test.mjs tests/e2e/seller_setup.test.mjs \
  tests/e2e/ocop_review.test.mjs tests/e2e/my_orders.test.mjs tests/e2e/market_setup.test.mjs
