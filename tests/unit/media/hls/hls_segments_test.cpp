#include <catch2/catch.hpp>

#include "media/hls/segments.h"

using namespace ocop::media;

namespace {

constexpr uint64_t kMs = 1000000;

std::optional<HlsSegment> push(HlsCutter& c, const std::string& bytes, bool key, uint64_t ms) {
  return c.push(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), key, ms * kMs);
}

HlsSegment seg(double duration, const std::string& bytes = "x") {
  return HlsSegment{duration, std::make_shared<const std::string>(bytes)};
}

}  // namespace

SCENARIO("the cutter starts at a keyframe and cuts at the first keyframe past the target", "[hls]") {
  HlsCutter c(1.0);
  c.set_header("H");
  CHECK_FALSE(push(c, "a", false, 0));  // before any keyframe: dropped
  CHECK_FALSE(push(c, "K1", true, 100));
  CHECK_FALSE(push(c, "d", false, 133));
  CHECK_FALSE(push(c, "K2", true, 600));  // a keyframe before the target stays in the segment
  auto done = push(c, "K3", true, 1100);
  REQUIRE(done);
  CHECK(*done->bytes == "HK1dK2");
  CHECK(done->duration == Approx(1.0));
  CHECK_FALSE(push(c, "e", false, 1133));
  done = push(c, "K4", true, 3100);
  REQUIRE(done);
  CHECK(*done->bytes == "HK3e");
  CHECK(done->duration == Approx(2.0));  // a 2 s GOP makes 2 s segments
}

SCENARIO("a segment that grows without a keyframe is dropped, not kept", "[hls]") {
  HlsCutter c(1.0, 10);
  CHECK_FALSE(push(c, "K", true, 0));
  CHECK_FALSE(push(c, "12345678", false, 10));
  CHECK_FALSE(push(c, "more", false, 20));  // over 10 bytes
  CHECK(c.dropped() == 1);
  CHECK_FALSE(push(c, "after", false, 30));  // waits for the next keyframe
  CHECK_FALSE(push(c, "K", true, 2000));
  CHECK_FALSE(push(c, "d", false, 2010));
  auto done = push(c, "K", true, 3000);
  REQUIRE(done);
  CHECK(*done->bytes == "Kd");
}

SCENARIO("the window lists the newest segments and serves a few more", "[hls]") {
  HlsWindow w("7-", 1, 3);
  CHECK(w.playlist().empty());
  for (int i = 0; i < 6; ++i) w.add(seg(1.0, "s" + std::to_string(i)));
  const std::string p = w.playlist();
  CHECK(p.rfind("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES\n"
                "#EXT-X-MEDIA-SEQUENCE:3\n", 0) == 0);
  CHECK(p.find("#EXTINF:1.000,\n7-3.ts\n#EXTINF:1.000,\n7-4.ts\n#EXTINF:1.000,\n7-5.ts\n") != std::string::npos);
  CHECK(p.find("7-2.ts") == std::string::npos);
  REQUIRE(w.segment("7-2.ts"));  // left the list, still fetchable
  CHECK(*w.segment("7-2.ts") == "s2");
  CHECK(*w.segment("7-5.ts") == "s5");
  for (const char* bad : {"7-6.ts", "8-5.ts", "7-05.ts", "7-5", "7-.ts", "7-5.ts.ts", "7--5.ts", "7-99999999999999999.ts",
                          "", "7-5x.ts"}) {
    INFO(bad);
    CHECK_FALSE(w.segment(bad));
  }
}

SCENARIO("old segments are freed and the target duration covers the longest one", "[hls]") {
  HlsWindow w("1-", 1, 2);
  for (int i = 0; i < 20; ++i) w.add(seg(i == 10 ? 2.4 : 1.0));
  CHECK(w.size() == 6);  // listed 2 + 4 kept
  CHECK_FALSE(w.segment("1-13.ts"));
  CHECK(w.segment("1-14.ts"));
  // Rounded to the nearest integer (RFC 8216), and never lowered afterwards.
  CHECK(w.playlist().find("#EXT-X-TARGETDURATION:2\n") != std::string::npos);
}

SCENARIO("a restarted pipeline is marked as a discontinuity and counted once it leaves", "[hls]") {
  HlsWindow w("1-", 1, 2);
  w.add(seg(1.0), true);  // the first segment breaks from nothing
  w.add(seg(1.0));
  w.add(seg(1.0), true);
  std::string p = w.playlist();
  CHECK(p.find("#EXT-X-MEDIA-SEQUENCE:1\n") != std::string::npos);
  CHECK(p.find("#EXTINF:1.000,\n1-1.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:1.000,\n1-2.ts\n") != std::string::npos);
  CHECK(p.find("DISCONTINUITY-SEQUENCE") == std::string::npos);
  w.add(seg(1.0));
  w.add(seg(1.0));
  p = w.playlist();
  CHECK(p.find("#EXT-X-DISCONTINUITY-SEQUENCE:1\n") != std::string::npos);
  CHECK(p.find("#EXT-X-DISCONTINUITY\n") == std::string::npos);
}
