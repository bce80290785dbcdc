#include <catch2/catch.hpp>

#include "ingest/rtmp/flv.h"
#include "rtmp_test_client.h"

using namespace ocop::rtmp;
using namespace ocop::rtmp::test;

SCENARIO("FLV framing for appsrc ! flvdemux (FLV spec Annex E)", "[rtmp][flv]") {
  SECTION("file header with audio and video, then PreviousTagSize0") {
    CHECK(flv_file_header(true, true) == hex_bytes({'F', 'L', 'V', 1, 0x05, 0, 0, 0, 9, 0, 0, 0, 0}));
    CHECK(flv_file_header(false, true)[4] == 0x01);
    CHECK(flv_file_header(true, false)[4] == 0x04);
  }
  SECTION("a video tag: type, size, timestamp with its upper byte last, stream 0, body, back-pointer") {
    std::string tag = flv_tag(MediaKind::kVideo, 0x12345678, "abc");
    CHECK(tag == hex_bytes({9, 0, 0, 3, 0x34, 0x56, 0x78, 0x12, 0, 0, 0}) + "abc" + hex_bytes({0, 0, 0, 14}));
  }
  SECTION("audio and script tag types") {
    CHECK(flv_tag(MediaKind::kAudio, 0, "")[0] == 8);
    CHECK(flv_tag(MediaKind::kData, 0, "x")[0] == 18);
  }
}

SCENARIO("video tag inspection", "[rtmp][flv]") {
  SECTION("AVC sequence header on a keyframe") {
    auto info = parse_video_tag(hex_bytes({0x17, 0x00, 0, 0, 0, 0x01, 0x64}));
    REQUIRE(info.has_value());
    CHECK(info->keyframe);
    CHECK(info->sequence_header);
    CHECK(info->codec_id == kVideoCodecAvc);
  }
  SECTION("AVC inter frame with a composition time (B-frames)") {
    auto info = parse_video_tag(hex_bytes({0x27, 0x01, 0x00, 0x00, 0x42, 0, 0, 0, 1}));
    REQUIRE(info.has_value());
    CHECK_FALSE(info->keyframe);
    CHECK_FALSE(info->sequence_header);
    CHECK(info->composition_time_ms == 66);
  }
  SECTION("a negative composition time is sign-extended") {
    auto info = parse_video_tag(hex_bytes({0x27, 0x01, 0xff, 0xff, 0xdf}));
    REQUIRE(info.has_value());
    CHECK(info->composition_time_ms == -33);
  }
  SECTION("Enhanced RTMP HEVC coded frames") {
    auto info = parse_video_tag(hex_bytes({0x91, 'h', 'v', 'c', '1', 0, 0, 0x21}));
    REQUIRE(info.has_value());
    CHECK(info->keyframe);
    CHECK(info->fourcc == "hvc1");
    CHECK(info->codec_id == kVideoCodecHevc);
    CHECK(info->composition_time_ms == 33);
  }
  SECTION("too short for its codec") {
    CHECK_FALSE(parse_video_tag("").has_value());
    CHECK_FALSE(parse_video_tag(hex_bytes({0x17, 0x01})).has_value());
    CHECK_FALSE(parse_video_tag(hex_bytes({0x90, 'a', 'v'})).has_value());
  }
}

SCENARIO("audio tag inspection", "[rtmp][flv]") {
  auto config = parse_audio_tag(hex_bytes({0xaf, 0x00, 0x11, 0x90}));
  REQUIRE(config.has_value());
  CHECK(config->codec_id == kAudioCodecAac);
  CHECK(config->sequence_header);
  CHECK(config->rate_hz == 44100);
  CHECK(config->channels == 2);
  auto frame = parse_audio_tag(hex_bytes({0xaf, 0x01, 0x21}));
  REQUIRE(frame.has_value());
  CHECK_FALSE(frame->sequence_header);
  CHECK_FALSE(parse_audio_tag(hex_bytes({0xaf})).has_value());
}

SCENARIO("onMetaData becomes a flat map", "[rtmp][flv]") {
  std::string body = amf({str("onMetaData"),
                          amf0::Value::make_ecma_array({{"duration", num(0)},
                                                        {"width", num(320)},
                                                        {"height", num(240)},
                                                        {"framerate", num(15)},
                                                        {"videodatarate", num(292.96875)},
                                                        {"videocodecid", num(7)},
                                                        {"audiocodecid", num(10)},
                                                        {"stereo", amf0::Value::make_boolean(false)},
                                                        {"encoder", str("Lavf59.27.100")},
                                                        {"nested", amf0::Value::make_object({{"x", num(1)}})}})});
  auto md = parse_metadata(body);
  REQUIRE(md.ok());
  CHECK(metadata_number(*md, "width") == 320.0);
  CHECK(metadata_number(*md, "framerate") == 15.0);
  CHECK(metadata_number(*md, "videocodecid") == 7.0);
  CHECK(metadata_string(*md, "encoder") == "Lavf59.27.100");
  CHECK(std::get<bool>(md->at("stereo")) == false);
  CHECK(md->count("nested") == 0);
  CHECK_FALSE(metadata_number(*md, "encoder").has_value());

  SECTION("with the @setDataFrame prefix too") {
    auto prefixed = parse_metadata(amf({str("@setDataFrame")}) + body);
    REQUIRE(prefixed.ok());
    CHECK(prefixed->size() == md->size());
  }
  SECTION("other data messages and garbage are errors") {
    CHECK_FALSE(parse_metadata(amf({str("onCuePoint"), amf0::Value::make_object()})).ok());
    CHECK_FALSE(parse_metadata(body.substr(0, body.size() - 2)).ok());
  }
}
