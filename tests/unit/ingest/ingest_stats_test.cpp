#include <catch2/catch.hpp>

#include <string>

#include "ingest/ingest_stats.h"

using namespace ocop;

namespace {
// FLV VIDEODATA for AVC: frame type, codec 7, AVCPacketType, composition time.
std::string avc(bool key, int packet_type, int cts, size_t size = 100) {
  std::string b;
  b.push_back(static_cast<char>((key ? 0x10 : 0x20) | 7));
  b.push_back(static_cast<char>(packet_type));
  b.push_back(static_cast<char>((cts >> 16) & 0xff));
  b.push_back(static_cast<char>((cts >> 8) & 0xff));
  b.push_back(static_cast<char>(cts & 0xff));
  b.resize(size, 'x');
  return b;
}
std::string aac() { return std::string("\xAF\x01", 2) + std::string(50, 'a'); }
}  // namespace

SCENARIO("ingest figures come from the tags", "[ingest][stats]") {
  ingest::IngestStats s;
  int64_t now = 10'000;
  s.on_tag(rtmp::MediaKind::kVideo, 0, avc(true, 0, 0), now);  // sequence header: not a frame
  for (int i = 0; i < 90; ++i) {
    const bool key = i % 30 == 0;
    s.on_tag(rtmp::MediaKind::kVideo, static_cast<uint32_t>(i * 33), avc(key, 1, 0, 2000), now);
    s.on_tag(rtmp::MediaKind::kAudio, static_cast<uint32_t>(i * 33), aac(), now);
    now += 33;
  }
  auto f = s.figures(now);
  CHECK(f.video_codec == "h264");
  CHECK(f.audio_codec == "aac");
  CHECK(f.fps == Approx(30).margin(1.5));
  CHECK(f.keyframe_interval_s == Approx(0.99).margin(0.05));
  CHECK_FALSE(f.bframes);
  // (2000 + 15 + 52 + 15) bytes per 33 ms ~ 505 kbit/s
  CHECK(f.bitrate_bps == Approx(505'000).epsilon(0.1));

  WHEN("a frame carries a composition time offset") {
    s.on_tag(rtmp::MediaKind::kVideo, 3000, avc(false, 1, 66), now);
    THEN("B-frames are reported") { CHECK(s.figures(now).bframes); }
  }
  WHEN("nothing arrives for longer than the window") {
    auto later = s.figures(now + 10'000);
    THEN("the rates fall to zero") {
      CHECK(later.bitrate_bps == 0);
      CHECK(later.fps == 0);
    }
  }
}
