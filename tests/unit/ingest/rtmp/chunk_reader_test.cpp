#include <catch2/catch.hpp>

#include "ingest/rtmp/chunk_reader.h"
#include "ingest/rtmp/chunk_writer.h"
#include "rtmp_test_client.h"

using namespace ocop::rtmp;
using test::bytes_of;
using test::hex_bytes;

namespace {

struct Parsed {
  std::vector<Message> messages;
  std::string error;  // empty when all input parsed
};

Parsed parse_all(ChunkReader& reader, std::string_view bytes) {
  Parsed out;
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t used = 0;
    auto p = reader.parse(bytes_of(bytes) + pos, bytes.size() - pos, &used);
    if (!p) {
      out.error = p.error().message;
      return out;
    }
    pos += used;
    if (*p == ChunkReader::Progress::kMessage) out.messages.push_back(reader.take_message());
  }
  return out;
}

constexpr uint8_t kAudio = 8;
constexpr uint8_t kVideo = 9;

std::string header(uint8_t fmt, uint32_t csid, uint32_t ts, uint32_t len = 0, uint8_t type = 0, uint32_t sid = 0,
                   bool ext = false) {
  std::string out;
  append_chunk_header(out, fmt, csid, ts, len, type, sid, ext);
  return out;
}

}  // namespace

SCENARIO("the four chunk header types (RTMP spec §5.3.1.2)", "[rtmp][chunk]") {
  ChunkReader reader;
  GIVEN("a type 0 header") {
    std::string bytes = hex_bytes({0x04, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x03, 0x08, 0x01, 0x00, 0x00, 0x00}) + "abc";
    auto r = parse_all(reader, bytes);
    THEN("it carries absolute timestamp, length, type and a little-endian stream id") {
      REQUIRE(r.error.empty());
      REQUIRE(r.messages.size() == 1);
      CHECK(r.messages[0].chunk_stream_id == 4);
      CHECK(r.messages[0].timestamp == 1000);
      CHECK(r.messages[0].type_id == kAudio);
      CHECK(r.messages[0].stream_id == 1);
      CHECK(r.messages[0].payload == "abc");
    }
  }
  GIVEN("type 1, 2 and 3 headers following a type 0") {
    std::string bytes = header(0, 6, 1000, 2, kVideo, 1) + "v0" +
                        header(1, 6, 33, 3, kAudio) + "a01" +  // new length and type, delta 33
                        header(2, 6, 20) + "a02" +             // same length/type, delta 20
                        header(3, 6, 0) + "a03" +              // everything repeated, delta 20 again
                        header(3, 6, 0) + "a04";
    auto r = parse_all(reader, bytes);
    REQUIRE(r.error.empty());
    REQUIRE(r.messages.size() == 5);
    THEN("timestamps add the deltas and the omitted fields are inherited") {
      CHECK(r.messages[0].timestamp == 1000);
      CHECK(r.messages[1].timestamp == 1033);
      CHECK(r.messages[1].type_id == kAudio);
      CHECK(r.messages[2].timestamp == 1053);
      CHECK(r.messages[3].timestamp == 1073);
      CHECK(r.messages[4].timestamp == 1093);
      CHECK(r.messages[4].payload == "a04");
      CHECK(r.messages[4].stream_id == 1);
    }
  }
  GIVEN("a type 3 header right after a type 0 one") {
    std::string bytes = header(0, 5, 40, 1, kAudio, 1) + "x" + header(3, 5, 0) + "y";
    auto r = parse_all(reader, bytes);
    THEN("the type 0 timestamp serves as the delta (§5.3.1.2.4)") {
      REQUIRE(r.messages.size() == 2);
      CHECK(r.messages[1].timestamp == 80);
    }
  }
  GIVEN("a chunk stream that starts with a type 1 header") {
    auto r = parse_all(reader, header(1, 9, 10, 1, kAudio) + "x");
    THEN("there is no header to inherit from: error") {
      CHECK_THAT(r.error, Catch::Contains("starts with fmt 1"));
    }
  }
  GIVEN("a new type 0 header in the middle of a message") {
    auto r = parse_all(reader, header(0, 4, 0, 200, kVideo, 1) + std::string(128, 'a') + header(0, 4, 0, 1, kVideo, 1));
    THEN("it is an error") { CHECK_THAT(r.error, Catch::Contains("before the previous message ended")); }
  }
  GIVEN("a zero-length message") {
    auto r = parse_all(reader, header(0, 4, 7, 0, 18, 1) + header(3, 4, 0));
    THEN("it completes on its header alone") {
      REQUIRE(r.messages.size() == 2);
      CHECK(r.messages[0].payload.empty());
      CHECK(r.messages[1].timestamp == 14);
    }
  }
}

SCENARIO("messages longer than the chunk size span chunks", "[rtmp][chunk]") {
  ChunkReader reader;
  std::string payload(300, '\0');
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i);
  std::string bytes = header(0, 4, 0, 300, kVideo, 1) + payload.substr(0, 128) + header(3, 4, 0) +
                      payload.substr(128, 128) + header(3, 4, 0) + payload.substr(256);
  auto r = parse_all(reader, bytes);
  REQUIRE(r.error.empty());
  REQUIRE(r.messages.size() == 1);
  CHECK(r.messages[0].payload == payload);
  CHECK(reader.pending_bytes() == 0);
}

SCENARIO("extended timestamps (RTMP spec §5.3.1.3)", "[rtmp][chunk]") {
  ChunkReader reader;
  constexpr uint32_t kBig = 0x01020304;  // > 0xffffff: needs the extended field
  GIVEN("a type 0 header with an extended timestamp and continuation chunks repeating it, as ffmpeg sends") {
    std::string bytes = header(0, 4, kBig, 200, kVideo, 1, true) + std::string(128, 'a') +
                        header(3, 4, kBig, 0, 0, 0, true) + std::string(72, 'b');
    auto r = parse_all(reader, bytes);
    THEN("the 4-byte timestamp is used and the repeats are not payload") {
      REQUIRE(r.error.empty());
      REQUIRE(r.messages.size() == 1);
      CHECK(r.messages[0].timestamp == kBig);
      CHECK(r.messages[0].payload == std::string(128, 'a') + std::string(72, 'b'));
    }
  }
  GIVEN("a type 3 header starting a new message after an extended type 0") {
    std::string bytes = header(0, 4, kBig, 1, kAudio, 1, true) + "x" + header(3, 4, kBig, 0, 0, 0, true) + "y";
    auto r = parse_all(reader, bytes);
    THEN("it carries the extended field too and adds it as the delta") {
      REQUIRE(r.messages.size() == 2);
      CHECK(r.messages[1].timestamp == kBig * 2);
      CHECK(r.messages[1].payload == "y");
    }
  }
  GIVEN("a type 1 header with an extended delta") {
    std::string bytes = header(0, 4, 10, 1, kAudio, 1) + "x" + header(1, 4, 0x01000000, 1, kAudio, 0, true) + "y" +
                        header(2, 4, 5) + "z";
    auto r = parse_all(reader, bytes);
    THEN("the delta is extended and later headers without it are plain again") {
      REQUIRE(r.messages.size() == 3);
      CHECK(r.messages[1].timestamp == 10 + 0x01000000);
      CHECK(r.messages[2].timestamp == 15 + 0x01000000);
    }
  }
  GIVEN("timestamps that pass 2^32") {
    std::string bytes = header(0, 4, 0xfffffff0u, 1, kAudio, 1, true) + "x" + header(2, 4, 0x20) + "y";
    auto r = parse_all(reader, bytes);
    THEN("they wrap around (§5.1.1)") {
      REQUIRE(r.messages.size() == 2);
      CHECK(r.messages[1].timestamp == 0x10);
    }
  }
}

SCENARIO("Set Chunk Size applies from the next chunk", "[rtmp][chunk]") {
  ChunkReader reader;
  std::string first = header(0, 4, 0, 200, kVideo, 1) + std::string(128, 'a') + header(3, 4, 0) + std::string(72, 'a');
  auto r1 = parse_all(reader, first);
  REQUIRE(r1.messages.size() == 1);
  REQUIRE(reader.set_chunk_size(4096).ok());
  auto r2 = parse_all(reader, header(0, 4, 0, 4000, kVideo, 1) + std::string(4000, 'b'));
  THEN("a 4000-byte message is a single chunk now") {
    REQUIRE(r2.error.empty());
    REQUIRE(r2.messages.size() == 1);
    CHECK(r2.messages[0].payload.size() == 4000);
  }
  THEN("0, the reserved top bit and sizes above the cap are errors") {
    CHECK_FALSE(reader.set_chunk_size(0).ok());
    CHECK_FALSE(reader.set_chunk_size(0x80000000u).ok());
    CHECK_FALSE(reader.set_chunk_size((1u << 24) + 1).ok());
    CHECK(reader.set_chunk_size(1u << 24).ok());
  }
}

SCENARIO("interleaved chunk streams reassemble independently", "[rtmp][chunk]") {
  ChunkReader reader;
  std::string video(250, 'v'), audio(150, 'a');
  std::string bytes = header(0, 6, 0, 250, kVideo, 1) + video.substr(0, 128) +  //
                      header(0, 4, 0, 150, kAudio, 1) + audio.substr(0, 128) +   //
                      header(3, 6, 0) + video.substr(128) +                       //
                      header(3, 4, 0) + audio.substr(128);
  auto r = parse_all(reader, bytes);
  REQUIRE(r.error.empty());
  REQUIRE(r.messages.size() == 2);
  CHECK(r.messages[0].type_id == kVideo);
  CHECK(r.messages[0].payload == video);
  CHECK(r.messages[1].type_id == kAudio);
  CHECK(r.messages[1].payload == audio);
}

SCENARIO("2- and 3-byte basic headers (RTMP spec §5.3.1.1)", "[rtmp][chunk]") {
  ChunkReader reader;
  SECTION("csid 64 and 319 use the 2-byte form") {
    CHECK(header(0, 64, 0, 0, kAudio, 1).substr(0, 2) == hex_bytes({0x00, 0x00}));
    CHECK(header(3, 319, 0).substr(0, 2) == hex_bytes({0xc0, 0xff}));
  }
  SECTION("csid 320 and 65599 use the 3-byte form, low byte first") {
    CHECK(header(3, 320, 0).substr(0, 3) == hex_bytes({0xc1, 0x00, 0x01}));
    CHECK(header(3, 65599, 0).substr(0, 3) == hex_bytes({0xc1, 0xff, 0xff}));
  }
  SECTION("the reader decodes each form") {
    std::string bytes;
    for (uint32_t csid : {63u, 64u, 319u, 320u, 1000u, 65599u}) bytes += header(0, csid, csid, 1, kAudio, 1) + "p";
    auto r = parse_all(reader, bytes);
    REQUIRE(r.error.empty());
    REQUIRE(r.messages.size() == 6);
    CHECK(r.messages[1].chunk_stream_id == 64);
    CHECK(r.messages[3].chunk_stream_id == 320);
    CHECK(r.messages[4].chunk_stream_id == 1000);
    CHECK(r.messages[5].chunk_stream_id == 65599);
    CHECK(r.messages[5].timestamp == 65599);
  }
}

SCENARIO("Abort drops a partly received message (RTMP spec §5.4.2)", "[rtmp][chunk]") {
  ChunkReader reader;
  auto r1 = parse_all(reader, header(0, 4, 0, 200, kVideo, 1) + std::string(128, 'a'));
  CHECK(r1.messages.empty());
  CHECK(reader.pending_bytes() == 128);
  reader.abort(4);
  CHECK(reader.pending_bytes() == 0);
  auto r2 = parse_all(reader, header(0, 4, 0, 2, kVideo, 1) + "ok");
  THEN("the chunk stream accepts a fresh message") {
    REQUIRE(r2.error.empty());
    REQUIRE(r2.messages.size() == 1);
    CHECK(r2.messages[0].payload == "ok");
  }
}

SCENARIO("chunk limits", "[rtmp][chunk][limits]") {
  GIVEN("a header declaring 16 MiB - 1 (the 24-bit maximum) with the default 8 MiB message limit") {
    ChunkReader reader;
    auto r = parse_all(reader, header(0, 4, 0, 0xffffff, kVideo, 1) + "x");
    THEN("it is an error before any payload is buffered") {
      CHECK_THAT(r.error, Catch::Contains("exceeds the limit"));
      CHECK(reader.pending_bytes() == 0);
    }
  }
  GIVEN("10,000 distinct chunk stream ids") {
    ChunkReader reader;
    std::string bytes;
    for (uint32_t csid = 3; csid < 10003; ++csid) bytes += header(0, csid, 0, 1, kAudio, 1) + "x";
    auto r = parse_all(reader, bytes);
    THEN("the 65th is refused") {
      CHECK_THAT(r.error, Catch::Contains("more than 64 chunk streams"));
      CHECK(r.messages.size() == 64);
      CHECK(reader.chunk_stream_count() == 64);
    }
  }
  GIVEN("many half-assembled messages") {
    ChunkReaderLimits limits;
    limits.max_pending_bytes = 1000;
    ChunkReader reader(limits);
    std::string bytes;
    for (uint32_t csid = 3; csid < 20; ++csid) bytes += header(0, csid, 0, 5000, kVideo, 1) + std::string(128, 'x');
    auto r = parse_all(reader, bytes);
    THEN("their sum is capped") {
      CHECK_THAT(r.error, Catch::Contains("half-assembled"));
      CHECK(reader.pending_bytes() <= 1000);
    }
  }
}

SCENARIO("the chunk reader gives the same messages whatever the input split", "[rtmp][chunk]") {
  std::string bytes = header(0, 4, 0xffffffu, 300, kVideo, 1, true) + std::string(128, 'a') +
                      header(3, 4, 0xffffffu, 0, 0, 0, true) + std::string(128, 'b') + header(0, 320, 9, 3, kAudio, 1) +
                      "aud" + header(3, 4, 0xffffffu, 0, 0, 0, true) + std::string(44, 'c');
  ChunkReader whole_reader;
  auto whole = parse_all(whole_reader, bytes);
  REQUIRE(whole.error.empty());
  REQUIRE(whole.messages.size() == 2);
  for (size_t step : {1u, 2u, 5u, 17u}) {
    ChunkReader reader;
    std::vector<Message> got;
    for (size_t pos = 0; pos < bytes.size(); pos += step) {
      auto r = parse_all(reader, std::string_view(bytes).substr(pos, step));
      REQUIRE(r.error.empty());
      for (auto& m : r.messages) got.push_back(std::move(m));
    }
    INFO("step " << step);
    REQUIRE(got.size() == whole.messages.size());
    for (size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].payload == whole.messages[i].payload);
      CHECK(got[i].timestamp == whole.messages[i].timestamp);
      CHECK(got[i].chunk_stream_id == whole.messages[i].chunk_stream_id);
    }
  }
}

SCENARIO("chunk writer output parses back", "[rtmp][chunk]") {
  ChunkWriter writer;
  writer.set_chunk_size(100);
  ChunkReader reader;
  REQUIRE(reader.set_chunk_size(100).ok());
  std::string bytes;
  std::string big(1000, 'z');
  writer.write(bytes, 3, 5, 20, 0, "small");
  writer.write(bytes, 500, 0x12345678, kVideo, 7, big);
  writer.write(bytes, 2, 0, 1, 0, "");
  auto r = parse_all(reader, bytes);
  REQUIRE(r.error.empty());
  REQUIRE(r.messages.size() == 3);
  CHECK(r.messages[0].payload == "small");
  CHECK(r.messages[1].payload == big);
  CHECK(r.messages[1].timestamp == 0x12345678);
  CHECK(r.messages[1].stream_id == 7);
  CHECK(r.messages[1].chunk_stream_id == 500);
  CHECK(r.messages[2].payload.empty());
}
