#include <catch2/catch.hpp>

#include <string>

#include "ingest/rtmp/flv.h"
#include "ingest/rtmp/flv_gate.h"

using namespace ocop::rtmp;

namespace {
std::string video(uint8_t frame_byte, uint8_t packet_type, size_t payload = 100) {
  std::string body{static_cast<char>(frame_byte), static_cast<char>(packet_type), 0, 0, 0};
  body.append(payload, 'x');
  return flv_tag(MediaKind::kVideo, 0, body);
}
std::string audio(uint8_t packet_type) { return flv_tag(MediaKind::kAudio, 0, std::string{'\xaf', static_cast<char>(packet_type), 1, 2}); }
const std::string kKey = video(0x17, 1), kInter = video(0x27, 1), kAvcConfig = video(0x17, 0, 30);
}  // namespace

SCENARIO("FLV units are told apart from their bytes", "[ingest][flv][gate]") {
  CHECK(flv_tag_kind(flv_file_header(true, true)).config);
  CHECK(flv_tag_kind(kKey).keyframe);
  CHECK_FALSE(flv_tag_kind(kKey).config);
  CHECK_FALSE(flv_tag_kind(kInter).keyframe);
  CHECK(flv_tag_kind(kAvcConfig).config);
  CHECK(flv_tag_kind(audio(0)).config);
  CHECK_FALSE(flv_tag_kind(audio(1)).config);
  CHECK(flv_tag_kind(flv_tag(MediaKind::kData, 0, "\x02\x00\x0aonMetaData")).config);
  CHECK_FALSE(flv_tag_kind("").video);
  CHECK_FALSE(flv_tag_kind(std::string("\x09\x00", 2)).video);  // too short to read
}

SCENARIO("Past its bound the ingest queue drops until half empty and a keyframe", "[ingest][flv][gate]") {
  FlvGate gate(1000);
  CHECK(gate.admit(kKey, 0));
  CHECK(gate.admit(kInter, 999));
  WHEN("the queue reaches the bound") {
    CHECK_FALSE(gate.admit(kInter, 1000));
    CHECK(gate.dropping());
    CHECK(gate.episodes() == 1);
    THEN("codec configuration still passes; media waits for a keyframe with room") {
      CHECK(gate.admit(kAvcConfig, 5000));
      CHECK(gate.admit(audio(0), 5000));
      CHECK_FALSE(gate.admit(audio(1), 400));
      CHECK_FALSE(gate.admit(kInter, 400));
      CHECK_FALSE(gate.admit(kKey, 600));  // not drained enough
      CHECK(gate.admit(kKey, 500));
      CHECK_FALSE(gate.dropping());
      CHECK(gate.admit(kInter, 510));
      CHECK(gate.dropped_units() == 4);
      CHECK(gate.dropped_bytes() == kInter.size() * 2 + audio(1).size() + kKey.size());
    }
  }
}
