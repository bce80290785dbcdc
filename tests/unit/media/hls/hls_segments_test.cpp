#include <catch2/catch.hpp>

#include "media/hls/segments.h"

using namespace ocop::media;

namespace {

constexpr uint64_t kMs = 1000000;

std::optional<HlsSegment> push(HlsCutter& c, const std::string& bytes, bool key, uint64_t ms) {
  return c.push(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), key, ms * kMs).segment;
}

HlsCut seg(double duration, const std::string& bytes = "x") {
  HlsCut cut;
  cut.segment = HlsSegment{duration, std::make_shared<const std::string>(bytes)};
  return cut;
}

HlsCut part(double duration, bool independent, const std::string& bytes) {
  HlsCut cut;
  cut.part = HlsPart{duration, independent, std::make_shared<const std::string>(bytes)};
  return cut;
}

// A 188-byte TS packet; `starts` sets payload_unit_start_indicator (a PES begins in it).
std::string packet(char fill, bool starts) {
  std::string p(188, fill);
  p[0] = 0x47;
  p[1] = starts ? 0x41 : 0x01;
  return p;
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
  HlsCutter c(1.0, 0, 10);
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

SCENARIO("with parts, the cutter splits a segment where a PES starts, each part at least 85 % of the target", "[hls]") {
  HlsCutter c(1.0, 0.4);
  c.set_header("H");
  auto push_packet = [&c](char fill, bool starts, bool key, uint64_t ms) {
    const std::string p = packet(fill, starts);
    return c.push(reinterpret_cast<const uint8_t*>(p.data()), p.size(), key, ms * kMs);
  };
  CHECK_FALSE(push_packet('k', true, true, 0));
  std::vector<HlsPart> parts;
  // 30 fps video: a PES starts every 33 ms, the rest of each frame follows in packets without the flag.
  for (uint64_t ms = 33; ms < 1000; ms += 33) {
    HlsCut cut = push_packet('v', true, false, ms);
    CHECK_FALSE(cut.segment);
    if (cut.part) parts.push_back(*cut.part);
    CHECK_FALSE(push_packet('c', false, false, ms));  // never cut inside a PES
  }
  HlsCut end = push_packet('k', true, true, 1000);
  REQUIRE(end.segment);
  REQUIRE(end.part);  // the last part ends with the segment
  parts.push_back(*end.part);
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].independent);
  CHECK_FALSE(parts[1].independent);
  double sum = 0;
  std::string joined;
  for (size_t i = 0; i < parts.size(); ++i) {
    INFO("part " << i << ": " << parts[i].duration << " s");
    if (i + 1 < parts.size()) CHECK(parts[i].duration >= 0.34);
    CHECK(parts[i].duration <= 0.4);
    CHECK(parts[i].bytes->size() % 188 == (i == 0 ? 1 : 0));  // the header "H" leads the first
    sum += parts[i].duration;
    joined += *parts[i].bytes;
  }
  CHECK(sum == Approx(end.segment->duration));
  CHECK(joined == *end.segment->bytes);  // the parts are the segment, byte for byte
  CHECK(joined[0] == 'H');
}

SCENARIO("part times follow the newest PTS: audio and B-frames run behind it", "[hls]") {
  HlsCutter c(1.0, 0.2);
  const std::string k = packet('k', true), a = packet('a', true);
  auto push = [&c](const std::string& p, bool key, uint64_t ms) {
    return c.push(reinterpret_cast<const uint8_t*>(p.data()), p.size(), key, ms == UINT64_MAX ? ms : ms * kMs);
  };
  push(k, true, 100);
  CHECK_FALSE(push(a, false, 150).part);
  CHECK_FALSE(push(a, false, 60).part);  // behind: the part is still 50 ms long
  HlsCut cut = push(a, false, 290);
  REQUIRE(cut.part);
  CHECK(cut.part->duration == Approx(0.19));
  CHECK_FALSE(push(a, false, UINT64_MAX).part);  // no time: never a cut
}

SCENARIO("the window lists the parts of the newest segments and of the one still growing", "[hls]") {
  HlsWindow w("7-", 1, 3, 0.4);
  w.add(part(0.4, true, "a0"));
  w.add(part(0.4, false, "a1"));
  CHECK(w.playlist().empty());  // nothing until the first whole segment
  CHECK(*w.segment("7-0p1.ts") == "a1");  // but a part is fetchable as soon as it is cut
  CHECK(w.has(0, 1));
  CHECK_FALSE(w.has(0, 2));
  CHECK_FALSE(w.has(0));
  HlsCut done = part(0.2, false, "a2");
  done.segment = HlsSegment{1.0, std::make_shared<const std::string>("a0a1a2")};
  w.add(std::move(done));
  // Finished, but listed only with the next segment's first part: until then
  // players see it grow, and have all its parts before its EXTINF.
  CHECK(w.playlist().empty());
  CHECK(w.has(0, 2));
  CHECK_FALSE(w.has(0));
  CHECK(*w.segment("7-0.ts") == "a0a1a2");
  w.add(part(0.4, true, "b0"));
  CHECK(w.has(0));
  CHECK(w.has(0, 7));  // a later part of a finished segment: that segment is whole
  CHECK(w.playlist().find("#EXTINF:1.000,\n7-0.ts\n#EXT-X-PART:DURATION=0.400,URI=\"7-1p0.ts\",INDEPENDENT=YES\n") !=
        std::string::npos);
  w.add(seg(1.0, "s1"));
  for (int i = 2; i < 6; ++i) {
    w.add(part(0.4, true, "p"));
    w.add(seg(1.0, "s" + std::to_string(i)));
  }
  w.add(part(0.35, true, "g0"));
  const std::string p = w.playlist();
  INFO(p);
  CHECK(p.find("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.200\n#EXT-X-PART-INF:PART-TARGET=0.400\n") !=
        std::string::npos);
  // Segments 3-5 listed; parts only for the newest three segments (3, 4, 5) and for 6, still growing.
  CHECK(p.find("#EXT-X-PART:DURATION=0.400,URI=\"7-2p0.ts\"") == std::string::npos);
  CHECK(p.find("#EXT-X-PART:DURATION=0.400,URI=\"7-5p0.ts\",INDEPENDENT=YES\n#EXTINF:1.000,\n7-5.ts\n"
               "#EXT-X-PART:DURATION=0.350,URI=\"7-6p0.ts\",INDEPENDENT=YES\n") != std::string::npos);
  CHECK(p.rfind("7-6p0.ts\",INDEPENDENT=YES\n") == p.size() - 26);
  CHECK(*w.segment("7-6p0.ts") == "g0");
  CHECK(*w.segment("7-0p2.ts") == "a2");  // kept while its segment is kept
  CHECK(w.has(6, 0));
  CHECK_FALSE(w.has(6, 1));
  CHECK_FALSE(w.has(7, 0));
  for (const char* bad : {"7-6p1.ts", "7-6.ts", "7-5p.ts", "7-5p01.ts", "7-p0.ts", "7-5p0p0.ts", "7-5q0.ts", "7-5p-1.ts",
                          "7-5p9999999999999999.ts"}) {
    INFO(bad);
    CHECK_FALSE(w.segment(bad));
  }
}

SCENARIO("a restart drops the parts its pipeline left unfinished and marks the break before the new ones", "[hls]") {
  HlsWindow w("1-", 1, 3, 0.4);
  w.add(part(0.4, true, "a"));
  w.add(seg(1.0));
  w.add(part(0.4, true, "orphan"));
  w.add(part(0.4, true, "new"), true);  // the new pipeline's first cut
  CHECK_FALSE(w.segment("1-1p1.ts"));
  CHECK(*w.segment("1-1p0.ts") == "new");
  std::string p = w.playlist();
  CHECK(p.find("#EXT-X-DISCONTINUITY\n#EXT-X-PART:DURATION=0.400,URI=\"1-1p0.ts\",INDEPENDENT=YES\n") != std::string::npos);
  w.add(seg(1.0));
  p = w.playlist();
  CHECK(p.find("1-0.ts\n#EXT-X-DISCONTINUITY\n#EXT-X-PART:DURATION=0.400,URI=\"1-1p0.ts\"") != std::string::npos);
  HlsCut dropped;
  dropped.dropped = true;
  w.add(part(0.4, true, "x"));
  w.add(std::move(dropped));
  CHECK_FALSE(w.segment("1-2p0.ts"));
}
