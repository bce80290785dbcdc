// BoothFeed from RTP bytes as the payloaders make them: keyframe starts, the
// cached GOP a joining viewer starts from, the NACK history, one clock for
// both tracks, fan-out only to interested workers, and a new generation.
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "webrtc/fanout/booth_feed.h"

using namespace ocop::webrtc::fanout;

namespace {

constexpr uint32_t kVideoSsrc = 0xabc, kAudioSsrc = 0xdef;

std::vector<uint8_t> rtp(uint8_t pt, uint16_t seq, uint32_t ts, uint32_t ssrc, bool marker,
                         const std::vector<uint8_t>& payload) {
  std::vector<uint8_t> p(12 + payload.size());
  p[0] = 0x80;
  p[1] = static_cast<uint8_t>(pt | (marker ? 0x80 : 0));
  for (int i = 0; i < 2; ++i) p[2 + i] = static_cast<uint8_t>(seq >> (8 * (1 - i)));
  for (int i = 0; i < 4; ++i) p[4 + i] = static_cast<uint8_t>(ts >> (8 * (3 - i)));
  for (int i = 0; i < 4; ++i) p[8 + i] = static_cast<uint8_t>(ssrc >> (8 * (3 - i)));
  for (size_t i = 0; i < payload.size(); ++i) p[12 + i] = payload[i];
  return p;
}

// An H.264 access unit in packets: SPS, PPS, then an IDR (keyframe) or a
// non-IDR slice in FU-A fragments; the marker on the last.
struct Stream {
  BoothFeed& feed;
  uint16_t seq = 1000;
  uint32_t ts = 90000;
  void push(Track t, const std::vector<uint8_t>& p) { feed.push(t, p.data(), p.size()); }
  void frame(bool key) {
    if (key) {
      push(Track::kVideo, rtp(96, seq++, ts, kVideoSsrc, false, {0x67, 0x42, 0x00, 0x1f}));
      push(Track::kVideo, rtp(96, seq++, ts, kVideoSsrc, false, {0x68, 0xce, 0x3c, 0x80}));
    }
    const uint8_t nal = key ? 5 : 1;
    push(Track::kVideo, rtp(96, seq++, ts, kVideoSsrc, false, {0x7c, static_cast<uint8_t>(0x80 | nal), 1, 2}));
    push(Track::kVideo, rtp(96, seq++, ts, kVideoSsrc, true, {0x7c, static_cast<uint8_t>(0x40 | nal), 3, 4}));
    ts += 3000;
  }
};

}  // namespace

SCENARIO("a booth's packets, as a joining viewer and a NACK see them", "[fanout][feed]") {
  std::vector<std::pair<uint64_t, PacketPtr>> sent;
  BoothFeed feed(7, [&](uint64_t mask, const PacketPtr& p) { sent.emplace_back(mask, p); });
  Stream s{feed};

  WHEN("no keyframe has come yet") {
    s.frame(false);
    THEN("there is no GOP to start from") { CHECK(feed.gop_snapshot().empty()); }
  }
  WHEN("a keyframe and two frames after it arrive") {
    s.frame(false);
    const uint16_t key_seq = s.seq;
    s.frame(true);
    s.frame(false);
    s.frame(false);
    const auto gop = feed.gop_snapshot();
    THEN("the GOP starts at the keyframe's SPS and holds everything since") {
      REQUIRE(gop.size() == 8);
      CHECK(gop.front()->seq == key_seq);
      CHECK(gop.front()->keyframe_start);
      for (size_t i = 1; i < gop.size(); ++i) CHECK_FALSE(gop[i]->keyframe_start);
    }
    THEN("a NACKed packet is found by SSRC and sequence number, not by another SSRC") {
      auto p = feed.find(Track::kVideo, kVideoSsrc, key_seq + 2);
      REQUIRE(p);
      CHECK(p->bytes[12] == 0x7c);
      CHECK_FALSE(feed.find(Track::kVideo, kVideoSsrc + 1, key_seq + 2));
      CHECK_FALSE(feed.find(Track::kVideo, kVideoSsrc, static_cast<uint16_t>(s.seq + 5)));
    }
    THEN("nothing went to workers, since none is interested") { CHECK(sent.empty()); }
  }
  WHEN("a next keyframe comes") {
    s.frame(true);
    s.frame(false);
    const uint16_t second = s.seq;
    s.frame(true);
    THEN("the GOP restarts there") {
      const auto gop = feed.gop_snapshot();
      REQUIRE(gop.size() == 4);
      CHECK(gop.front()->seq == second);
    }
  }
  WHEN("workers 0 and 3 are interested, then 0 leaves") {
    feed.set_worker_interest(0, true);
    feed.set_worker_interest(3, true);
    s.frame(false);
    feed.set_worker_interest(0, false);
    s.frame(false);
    THEN("each packet was handed over once, with the mask of the moment") {
      REQUIRE(sent.size() == 4);
      CHECK(sent[0].first == 0b1001);
      CHECK(sent[3].first == 0b1000);
    }
  }
  WHEN("a new pipeline takes over") {
    s.frame(true);
    const auto before = feed.gop_snapshot();
    feed.new_generation();
    THEN("its cache, history and clock start afresh") {
      CHECK(feed.gop_snapshot().empty());
      CHECK_FALSE(feed.find(Track::kVideo, kVideoSsrc, before.front()->seq));
      s.frame(true);
      CHECK(feed.gop_snapshot().front()->generation == before.front()->generation + 1);
    }
  }
}

SCENARIO("both tracks map to one wall clock, across a timestamp wrap", "[fanout][feed][clock]") {
  std::vector<PacketPtr> seen;
  BoothFeed feed(1, [&](uint64_t, const PacketPtr& p) { seen.push_back(p); });
  feed.set_worker_interest(0, true);
  // Payloaders stamp running time x clock rate: media time 10 s on both.
  auto v = rtp(96, 1, 90000u * 10, kVideoSsrc, true, {0x65, 0});
  auto a = rtp(111, 1, 48000u * 10, kAudioSsrc, true, {0xfc});
  feed.push(Track::kVideo, v.data(), v.size());
  feed.push(Track::kAudio, a.data(), a.size());
  // Audio 20 ms later; video one frame later; then video past 2^32.
  a = rtp(111, 2, 48000u * 10 + 960, kAudioSsrc, true, {0xfc});
  feed.push(Track::kAudio, a.data(), a.size());
  v = rtp(96, 2, 90000u * 10 + 3000, kVideoSsrc, true, {0x41, 0});
  feed.push(Track::kVideo, v.data(), v.size());
  REQUIRE(seen.size() == 4);
  CHECK(seen[1]->ntp_unix_us == seen[0]->ntp_unix_us);
  CHECK(seen[2]->ntp_unix_us - seen[0]->ntp_unix_us == 20000);
  CHECK(seen[3]->ntp_unix_us - seen[0]->ntp_unix_us == 33333);

  v = rtp(96, 3, 0xffffff00u, kVideoSsrc, true, {0x41, 0});
  feed.push(Track::kVideo, v.data(), v.size());
  v = rtp(96, 4, 0x00000100u, kVideoSsrc, true, {0x41, 0});
  feed.push(Track::kVideo, v.data(), v.size());
  REQUIRE(seen.size() == 6);
  CHECK(seen[5]->ntp_unix_us - seen[4]->ntp_unix_us == 0x200 * 1000000ll / 90000);

  const std::vector<uint8_t> truncated = {0x80, 0x60, 0};
  feed.push(Track::kVideo, truncated.data(), truncated.size());
  CHECK(seen.size() == 6);
}
