#!/usr/bin/env bash
# Regenerates tests/fuzz/corpus/rtmp_fuzz/ from real publishers talking to our
# ServerSession (tools/rtmp_capture.cpp), and doubles as the end-to-end check
# that our replies satisfy them: each run must reach the media phase.
#
# Needs: ffmpeg, gst-launch-1.0 with rtmp2sink and rtmpsink, python3, and
# ocop_rtmp built in BUILD (default build-rtmp). Usage, from the repo root:
#   tests/fuzz/tools/regen_rtmp_corpus.sh [BUILD]
# Crash regressions (crash-*) in the corpus are kept; the other seeds are
# replaced.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
build=${1:-$root/build-rtmp}
corpus=$root/tests/fuzz/corpus/rtmp_fuzz
work=$(mktemp -d)
tool=$work/rtmp_capture
keep_bytes=24576  # long captures are cut: the fuzzer needs the protocol, not minutes of video

g++ -std=c++20 -O1 -I"$root/src" "$root/tests/fuzz/tools/rtmp_capture.cpp" \
  "$build/libocop_rtmp.a" "$build/libocop_common.a" -lcrypto -lfmt -o "$tool"

http_pid=
cleanup() {
  [[ -n $http_pid ]] && kill "$http_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# capture NAME MODE CLIENT...: runs the capture server on a free port, then
# the client with @PORT@ replaced; prints the server's summary.
capture() {
  local name=$1 mode=$2
  shift 2
  local fifo=$work/$name.out
  "$tool" 0 "$work/$name" $mode >"$fifo" 2>&1 &
  local server_pid=$!
  local port=
  for _ in $(seq 50); do
    port=$(sed -n 's/^listening \([0-9]*\)$/\1/p' "$fifo")
    [[ -n $port ]] && break
    sleep 0.1
  done
  local args=("${@//@PORT@/$port}")
  timeout 60 "${args[@]}" >"$work/$name.client.log" 2>&1 || true
  wait "$server_pid" || true
  echo "$name: $(grep '^summary' "$fifo")"
}

tiny_av=(-f lavfi -i testsrc2=size=64x48:rate=15 -f lavfi -i sine=frequency=440:sample_rate=48000 -t 0.5
  -c:v libx264 -preset veryfast -tune zerolatency -g 30 -b:v 100k -pix_fmt yuv420p -c:a aac -f flv)
full_av=(-re -f lavfi -i testsrc2=size=320x240:rate=15 -f lavfi -i sine=frequency=440:sample_rate=48000 -t 2
  -c:v libx264 -preset veryfast -tune zerolatency -g 30 -b:v 300k -pix_fmt yuv420p -c:a aac -f flv)
# gst_av SINK LOCATION: sets gst_args to the DESIGN.md §3 pipeline, tiny.
gst_av() {
  gst_args=(gst-launch-1.0 -q videotestsrc is-live=true num-buffers=8 ! video/x-raw,width=64,height=48,framerate=30/1
    ! x264enc tune=zerolatency key-int-max=30 ! h264parse ! flvmux name=m streamable=true ! "$1" "location=$2"
    audiotestsrc is-live=true num-buffers=8 ! audioconvert ! voaacenc ! aacparse ! m.)
}

# librtmp only signs its handshake (FP9) when it does SWF verification, which
# downloads the player: serve it a tiny uncompressed SWF locally.
mkdir -p "$work/www"
python3 -c "import struct,sys; sys.stdout.buffer.write(b'FWS\x09'+struct.pack('<I',108)+bytes(100))" >"$work/www/p.swf"
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$work/www" >"$work/http.log" 2>&1 &
http_pid=$!
http_port=
for _ in $(seq 50); do
  http_port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/http.log" | head -1)
  [[ -n $http_port ]] && break
  sleep 0.1
done

capture ffmpeg_publish_small "" ffmpeg -hide_banner -loglevel error "${tiny_av[@]}" rtmp://127.0.0.1:@PORT@/live/KEY?token=abc
capture ffmpeg_publish_head "" ffmpeg -hide_banner -loglevel error "${full_av[@]}" rtmp://127.0.0.1:@PORT@/live/KEY
capture ffmpeg_reject reject ffmpeg -hide_banner -loglevel error "${tiny_av[@]}" rtmp://127.0.0.1:@PORT@/live/WRONG
capture ffmpeg_play "" timeout 3 ffprobe -v error rtmp://127.0.0.1:@PORT@/live/KEY
gst_av rtmp2sink rtmp://127.0.0.1:@PORT@/live/KEY
capture rtmp2sink_publish "" "${gst_args[@]}"
gst_av rtmpsink "rtmp://127.0.0.1:@PORT@/live/KEY live=1"
capture librtmp_publish "" "${gst_args[@]}"
gst_av rtmpsink "rtmp://127.0.0.1:@PORT@/live/KEY live=1 swfUrl=http://127.0.0.1:$http_port/p.swf swfVfy=1"
capture librtmp_fp9_publish "" "${gst_args[@]}"

mkdir -p "$corpus"
find "$corpus" -type f ! -name 'crash-*' -delete
for bin in "$work"/*.bin; do
  head -c "$keep_bytes" "$bin" >"$corpus/$(basename "$bin" .bin)"
done
du -cb "$corpus"/* | tail -1
