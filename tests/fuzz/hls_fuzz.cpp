// libFuzzer target over live HLS: arbitrary muxer output (packets, keyframe
// flags, times running backwards or unknown) through the cutter into the
// window, and arbitrary names asked of it. Nothing may crash or grow without
// bound, and a segment's parts must always be its bytes, in order.
#include <cstddef>
#include <cstdint>
#include <string>

#include "media/hls/segments.h"

using ocop::media::HlsCut;
using ocop::media::HlsCutter;
using ocop::media::HlsWindow;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const bool parts = data[0] & 1;
  HlsCutter cutter(1.0, parts ? 0.2 : 0, 1u << 16);
  cutter.set_header("HDR");
  HlsWindow window("3-", 1, 3, parts ? 0.2 : 0);
  std::string joined;  // this segment's parts so far
  uint64_t t = 0;
  size_t i = 1;
  while (i < size) {
    const uint8_t control = data[i++];
    const size_t len = std::min<size_t>(size - i, 188);
    std::string packet(reinterpret_cast<const char*>(data + i), len);
    i += len;
    if (len == 188 && (control & 2)) {
      packet[0] = 0x47;
      packet[1] = static_cast<char>(packet[1] | 0x40);
    }
    const uint64_t step = (control >> 3) * 20'000'000ull;  // 0..620 ms
    t = (control & 4) ? t - std::min(t, step) : t + step;
    const uint64_t pts = (control & 0x80) && (control & 0x40) ? UINT64_MAX : t;
    HlsCut cut = cutter.push(reinterpret_cast<const uint8_t*>(packet.data()), packet.size(), control & 1, pts);
    if (cut.part) {
      if (cut.part->duration < 0) __builtin_trap();
      joined += *cut.part->bytes;
    }
    if (cut.segment) {
      if (parts && joined != *cut.segment->bytes) __builtin_trap();
      joined.clear();
    }
    if (cut.dropped) joined.clear();
    window.add(std::move(cut), control == 0xff);
    if (window.size() > 3 + 4) __builtin_trap();
  }
  (void)window.playlist();
  const std::string name(reinterpret_cast<const char*>(data + 1), std::min<size_t>(size - 1, 40));
  (void)window.segment(name);
  (void)window.segment("3-" + name);
  (void)window.has(data[1], data[size - 1]);
  return 0;
}
