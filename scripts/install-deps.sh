#!/usr/bin/env bash
# The single list of what OCOP Live needs on Debian 12 to build, run and test.
# Idempotent: installs only what is missing. Run as root (or with sudo available).
set -euo pipefail

APT_PACKAGES=(
  # build
  build-essential cmake pkg-config git ca-certificates
  # media
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-nice
  libnice-dev libsrtp2-dev
  # networking, storage, formats
  libwebsockets-dev libwebsockets-evlib-uv libuv1-dev libssl-dev libsqlite3-dev
  nlohmann-json3-dev libfmt-dev libqrencode-dev zlib1g-dev
  # product photos: decode, orient, strip and resize (libvips)
  libvips-dev
  # tests: unit tests, fuzzing, real publishers, browser, QR decoding (zbarimg)
  catch2 clang libclang-rt-14-dev ffmpeg zbar-tools
  nodejs npm chromium
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# nodejs from another source (e.g. nodesource) already brings npm.
if [[ " ${missing[*]} " == *" npm "* ]] && command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}")
fi
if [[ " ${missing[*]} " == *" nodejs "* ]] && command -v node >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}")
fi
read -r -a missing <<<"${missing[*]:-}"

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all Debian packages present"
fi

# npm packages pinned in package-lock.json: hls.js (served to the watch page)
# and the browser-test driver (never downloads a browser).
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ -f "$here/package-lock.json" ] && { [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/hls.js" ]; }; then
  echo "install-deps: npm ci"
  (cd "$here" && npm ci --no-audit --no-fund)
fi
# The watch page loads hls.js from our own origin, never from a CDN.
mkdir -p "$here/web-client/js/vendor"
cp -u "$here/node_modules/hls.js/dist/hls.light.min.js" "$here/web-client/js/vendor/hls.light.min.js"
