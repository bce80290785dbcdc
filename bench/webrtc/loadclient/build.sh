#!/bin/sh
# Builds whep_load into build-bench/ (out of tree). Debian 12 packages:
# g++ pkg-config libnice-dev libssl-dev libsrtp2-dev nlohmann-json3-dev.
# One compile job at a time, niced: the benchmark machine is shared.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
out=${WHEP_LOAD_OUT:-$repo/build-bench}
mkdir -p "$out/whep_load.o"
flags="-std=c++17 -O2 -g -Wall -Wextra"
deps="nice libsrtp2 openssl"
cflags=$(pkg-config --cflags $deps)
objs=""
for src in "$here"/*.cpp; do
  obj="$out/whep_load.o/$(basename "$src" .cpp).o"
  # Rebuild an object when its source or any header is newer.
  if [ ! -f "$obj" ] || [ -n "$(find "$src" "$here"/*.h -newer "$obj" 2>/dev/null | head -n 1)" ]; then
    echo "c++ $(basename "$src")" >&2
    nice -n 10 g++ $flags $cflags -c "$src" -o "$obj"
  fi
  objs="$objs $obj"
done
nice -n 10 g++ -o "$out/whep_load" $objs $(pkg-config --libs $deps)
echo "$out/whep_load"
