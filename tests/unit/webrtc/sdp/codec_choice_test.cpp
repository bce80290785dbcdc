#include <catch2/catch.hpp>

#include <string>

#include "browser_offers.h"
#include "webrtc/sdp/offer.h"

using namespace ocop::webrtc::sdp;

namespace {

Offer parsed(const std::string& text) {
  auto r = parse_offer(text);
  INFO(text);
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::string choice_error(const Offer& offer) {
  auto r = choose_codecs(offer);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "invalid");
  return r.error().message;
}

// One H.264 payload type line pair: rtpmap and fmtp.
std::string h264(int pt, const std::string& fmtp) {
  std::string s = "a=rtpmap:" + std::to_string(pt) + " H264/90000\n";
  if (!fmtp.empty()) s += "a=fmtp:" + std::to_string(pt) + " " + fmtp + "\n";
  return s;
}

std::string video(const std::string& pts, const std::string& attrs, const std::string& direction = "recvonly",
                  int port = 9) {
  return "m=video " + std::to_string(port) + " UDP/TLS/RTP/SAVPF " + pts + "\na=mid:v\na=" + direction + "\n" + attrs;
}

std::string audio(const std::string& rtpmap = "opus/48000/2", const std::string& direction = "recvonly",
                  int port = 9, const std::string& mid = "a") {
  return "m=audio " + std::to_string(port) + " UDP/TLS/RTP/SAVPF 111 0\na=mid:" + mid + "\na=" + direction +
         "\na=rtpmap:111 " + rtpmap + "\na=rtpmap:0 PCMU/8000\n";
}

const std::string kHead = "v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nt=0 0\n";
const std::string kGoodVideo = video("102", h264(102, "packetization-mode=1;profile-level-id=42e01f"));

}  // namespace

SCENARIO("each browser's offer gets H.264 packetization-mode 1 and Opus", "[sdp][choice]") {
  SECTION("Chrome 156: 108 (42e01f), not the 42001f it lists first") {
    Offer offer = parsed(test::chrome_156_offer());
    auto r = choose_codecs(offer);
    REQUIRE(r.ok());
    CHECK(r->video_pt == 108);
    CHECK(r->audio_pt == 111);
    CHECK(r->video_mid == "0");
    CHECK(r->audio_mid == "1");
    // The pointers lead into the offer itself.
    REQUIRE(r->video);
    REQUIRE(r->audio);
    CHECK(r->video >= offer.media[0].codecs.data());
    CHECK(r->video < offer.media[0].codecs.data() + offer.media[0].codecs.size());
    CHECK(r->video->payload_type == 108);
    CHECK(r->video->fmtp_value("profile-level-id") == "42e01f");
    CHECK(r->audio == &offer.media[1].codecs[0]);
  }
  SECTION("Firefox-like: 126, Opus at 109") {
    auto r = choose_codecs(parsed(test::firefox_like_offer()));
    REQUIRE(r.ok());
    CHECK(r->video_pt == 126);
    CHECK(r->audio_pt == 109);
    CHECK(r->video_mid == "0");
    CHECK(r->audio_mid == "1");
  }
  SECTION("Safari-like: 98 (42e01f), not the High profile 640c1f it prefers") {
    auto r = choose_codecs(parsed(test::safari_like_offer()));
    REQUIRE(r.ok());
    CHECK(r->video_pt == 98);
    CHECK(r->audio_pt == 111);
  }
}

SCENARIO("H.264 preference: 42e01f, then 42e0xx, then 42xxxx, then any with packetization-mode 1",
         "[sdp][choice][h264]") {
  // Each row removes the previous winner; m-line order is the reverse of
  // our preference, so a chooser that took the first H.264 would fail.
  const std::string f4 = h264(41, "packetization-mode=1;profile-level-id=f4001f");
  const std::string main = h264(116, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f");
  const std::string baseline = h264(102, "packetization-mode=1;profile-level-id=42001f");
  const std::string cb_other_level = h264(100, "packetization-mode=1;profile-level-id=42e034");
  const std::string cb = h264(108, "packetization-mode=1;profile-level-id=42e01f");
  const std::string cb_mode0 = h264(114, "packetization-mode=0;profile-level-id=42e01f");
  auto pick = [&](const std::string& pts, const std::string& attrs) {
    auto r = choose_codecs(parsed(kHead + video(pts, attrs)));
    REQUIRE(r.ok());
    return r->video_pt;
  };
  CHECK(pick("114 41 116 102 100 108", cb_mode0 + f4 + main + baseline + cb_other_level + cb) == 108);
  CHECK(pick("114 41 116 102 100", cb_mode0 + f4 + main + baseline + cb_other_level) == 100);
  CHECK(pick("114 41 116 102", cb_mode0 + f4 + main + baseline) == 102);
  CHECK(pick("114 41 116", cb_mode0 + f4 + main) == 41);  // ties keep the browser's order
  CHECK(pick("114 116", cb_mode0 + main) == 116);
  SECTION("profile-level-id compares without case; absent means Baseline 42000a (RFC 6184 §8.1)") {
    CHECK(pick("116 102", main + h264(102, "packetization-mode=1;profile-level-id=42E01F")) == 102);
    CHECK(pick("116 102", main + h264(102, "packetization-mode=1")) == 102);
    CHECK(pick("102 116", h264(102, "packetization-mode=1;profile-level-id=42e01") + main) == 116);
    CHECK(pick("102 116", h264(102, "packetization-mode=1;profile-level-id=42e0zz") + main) == 116);
  }
  SECTION("encoding names compare without case; the clock rate must be 90000") {
    CHECK(pick("96 102", "a=rtpmap:96 h264/90000\na=fmtp:96 packetization-mode=1;profile-level-id=42e01f\n" +
                             h264(102, "packetization-mode=1;profile-level-id=4d001f")) == 96);
    CHECK(pick("96 102", "a=rtpmap:96 H264/48000\na=fmtp:96 packetization-mode=1;profile-level-id=42e01f\n" +
                             h264(102, "packetization-mode=1;profile-level-id=4d001f")) == 102);
  }
  SECTION("without packetization-mode=1 there is no usable H.264") {
    CHECK(choice_error(parsed(kHead + video("114 97", cb_mode0 + h264(97, "profile-level-id=42e01f")))) ==
          "offer has no H.264 video (packetization-mode=1)");
  }
}

SCENARIO("rtx payload types are never chosen", "[sdp][choice][rtx]") {
  SECTION("from a parsed offer: rtx listed before its H.264") {
    auto r = choose_codecs(parsed(kHead + video("109 108", "a=rtpmap:109 rtx/90000\na=fmtp:109 apt=108\n" +
                                                                h264(108, "packetization-mode=1;profile-level-id=42e01f"))));
    REQUIRE(r.ok());
    CHECK(r->video_pt == 108);
  }
  SECTION("even a codec that claims to be H.264 but repairs another pt") {
    Offer offer;
    MediaSection m;
    m.kind = "video";
    m.direction = "recvonly";
    Codec fake;
    fake.payload_type = 97;
    fake.encoding = "H264";
    fake.clock_rate = 90000;
    fake.fmtp = {{"packetization-mode", "1"}, {"profile-level-id", "42e01f"}};
    fake.rtx_for = 96;
    Codec real = fake;
    real.payload_type = 96;
    real.rtx_for.reset();
    real.fmtp[1].second = "42001f";
    m.codecs = {fake, real};
    offer.media.push_back(m);
    auto r = choose_codecs(offer);
    REQUIRE(r.ok());
    CHECK(r->video_pt == 96);
  }
}

SCENARIO("offers without video, without audio, or without either", "[sdp][choice]") {
  SECTION("only VP8 and VP9 video is refused") {
    Offer offer = parsed(kHead + video("96 97 98", "a=rtpmap:96 VP8/90000\na=rtpmap:97 rtx/90000\na=fmtp:97 apt=96\n"
                                                   "a=rtpmap:98 VP9/90000\na=fmtp:98 profile-id=0\n") +
                         audio());
    CHECK(choice_error(offer) == "offer has no H.264 video (packetization-mode=1)");
  }
  SECTION("audio only is fine") {
    auto r = choose_codecs(parsed(kHead + audio()));
    REQUIRE(r.ok());
    CHECK(r->video_pt == -1);
    CHECK(r->video == nullptr);
    CHECK(r->audio_pt == 111);
    CHECK(r->audio_mid == "a");
  }
  SECTION("video only is fine") {
    auto r = choose_codecs(parsed(kHead + kGoodVideo));
    REQUIRE(r.ok());
    CHECK(r->video_pt == 102);
    CHECK(r->video_mid == "v");
    CHECK(r->audio_pt == -1);
    CHECK(r->audio == nullptr);
  }
  SECTION("audio without opus/48000/2 leaves audio out (RFC 7587 §7)") {
    for (const char* rtpmap : {"opus/48000", "opus/48000/1", "opus/16000/2", "PCMU/8000"}) {
      auto r = choose_codecs(parsed(kHead + kGoodVideo + audio(rtpmap)));
      REQUIRE(r.ok());
      CHECK(r->audio_pt == -1);
    }
    auto upper = choose_codecs(parsed(kHead + kGoodVideo + audio("OPUS/48000/2")));
    REQUIRE(upper.ok());
    CHECK(upper->audio_pt == 111);
  }
  SECTION("no media sections") {
    CHECK(choice_error(Offer{}) == "no media sections");
  }
  SECTION("nothing usable at all") {
    CHECK(choice_error(parsed(kHead + audio("PCMU/8000"))).find("offer has nothing we can send") == 0);
    Offer data_only = parsed(kHead + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\n");
    CHECK(choice_error(data_only).find("offer has nothing we can send") == 0);
  }
}

SCENARIO("only sections the viewer receives on and did not reject", "[sdp][choice][direction]") {
  SECTION("rejected (port 0) video is left out, not an error; its H.264 is not used") {
    auto r = choose_codecs(parsed(kHead + video("102", h264(102, "packetization-mode=1"), "recvonly", 0) + audio()));
    REQUIRE(r.ok());
    CHECK(r->video_pt == -1);
    CHECK(r->audio_pt == 111);
    auto vp8 = choose_codecs(parsed(kHead + video("96", "a=rtpmap:96 VP8/90000\n", "recvonly", 0) + audio()));
    REQUIRE(vp8.ok());
    CHECK(vp8->video_pt == -1);
  }
  SECTION("rejected audio is left out") {
    auto r = choose_codecs(parsed(kHead + kGoodVideo + audio("opus/48000/2", "recvonly", 0)));
    REQUIRE(r.ok());
    CHECK(r->audio_pt == -1);
  }
  SECTION("sendonly and inactive sections are left out; sendrecv is used") {
    for (const char* dir : {"sendonly", "inactive"}) {
      INFO(dir);
      auto r = choose_codecs(parsed(kHead + video("102", h264(102, "packetization-mode=1"), dir) +
                                    audio("opus/48000/2", dir, 9, "a1") + audio("opus/48000/2", "recvonly", 9, "a2")));
      REQUIRE(r.ok());
      CHECK(r->video_pt == -1);
      CHECK(r->audio_pt == 111);
      CHECK(r->audio_mid == "a2");
    }
    auto all_sendonly = parsed(kHead + video("102", h264(102, "packetization-mode=1"), "sendonly") +
                               audio("opus/48000/2", "sendonly"));
    CHECK(choice_error(all_sendonly).find("offer has nothing we can send") == 0);
    auto r = choose_codecs(parsed(kHead + video("102", h264(102, "packetization-mode=1"), "sendrecv") +
                                  audio("opus/48000/2", "sendrecv")));
    REQUIRE(r.ok());
    CHECK(r->video_pt == 102);
    CHECK(r->audio_pt == 111);
  }
  SECTION("with two usable sections of a kind, the first one is used") {
    std::string video2 = "m=video 9 UDP/TLS/RTP/SAVPF 104\na=mid:v2\na=recvonly\n" +
                         h264(104, "packetization-mode=1;profile-level-id=42e01f");
    auto r = choose_codecs(parsed(kHead + video("102", h264(102, "packetization-mode=1;profile-level-id=4d001f")) +
                                  video2 + audio("opus/48000/2", "recvonly", 9, "a1") +
                                  audio("opus/48000/2", "recvonly", 9, "a2")));
    REQUIRE(r.ok());
    CHECK(r->video_pt == 102);
    CHECK(r->video_mid == "v");
    CHECK(r->audio_mid == "a1");
  }
  SECTION("a second video section with H.264 serves when the first has none") {
    std::string second = "m=video 9 UDP/TLS/RTP/SAVPF 104\na=mid:v2\na=recvonly\n" + h264(104, "packetization-mode=1");
    auto r = choose_codecs(parsed(kHead + video("96", "a=rtpmap:96 VP8/90000\n") + second));
    REQUIRE(r.ok());
    CHECK(r->video_pt == 104);
    CHECK(r->video_mid == "v2");
  }
}
