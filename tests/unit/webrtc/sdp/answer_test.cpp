#include <catch2/catch.hpp>

#include <string>

#include "browser_offers.h"
#include "webrtc/sdp/answer.h"
#include "webrtc/sdp/offer.h"

using namespace ocop::webrtc::sdp;

namespace {

AnswerParams params() {
  AnswerParams p;
  p.ice_ufrag = "abcd1234";
  p.ice_pwd = "0123456789abcdefghijklmn";
  p.fingerprint_sha256 = "AA:BB:CC";
  p.candidates = {{"127.0.0.1", 8189, false}, {"127.0.0.1", 8190, true}};
  p.video_ssrc = 1111;
  p.audio_ssrc = 2222;
  p.session_id = 42;
  return p;
}

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

SCENARIO("a Chromium offer gets an ICE-lite, passive, send-only bundled answer", "[sdp][answer]") {
  auto offer = parse_offer(test::chrome_156_offer());
  REQUIRE(offer.ok());
  CHECK(offer->ice_pwd.size() >= 22);
  CHECK(offer->fingerprint.rfind("sha-256 ", 0) == 0);
  auto choice = choose_codecs(*offer);
  REQUIRE(choice.ok());
  auto answer = build_answer(*offer, *choice, params());
  REQUIRE(answer.ok());
  const std::string& a = *answer;
  INFO(a);
  CHECK(a.rfind("v=0\r\n", 0) == 0);
  CHECK(count(a, "a=ice-lite\r\n") == 1);
  CHECK(count(a, "a=group:BUNDLE 0 1\r\n") == 1);
  CHECK(count(a, "a=setup:passive\r\n") == 2);
  CHECK(count(a, "a=fingerprint:sha-256 AA:BB:CC\r\n") == 2);
  CHECK(count(a, "a=sendonly\r\n") == 2);
  CHECK(count(a, "a=rtcp-mux\r\n") == 2);
  // Candidates once, in the first bundled section; TCP below UDP.
  CHECK(count(a, "a=candidate:") == 2);
  CHECK(count(a, " udp 2130706431 127.0.0.1 8189 typ host\r\n") == 1);
  CHECK(count(a, " tcp 1526726399 127.0.0.1 8190 typ host tcptype passive\r\n") == 1);
  const std::string vpt = std::to_string(choice->video_pt);
  CHECK(count(a, "m=video 9 UDP/TLS/RTP/SAVPF " + vpt + "\r\n") == 1);
  CHECK(count(a, "a=rtpmap:" + vpt + " H264/90000\r\n") == 1);
  CHECK(count(a, "a=rtcp-fb:" + vpt + " nack\r\n") == 1);
  CHECK(count(a, "a=rtcp-fb:" + vpt + " nack pli\r\n") == 1);
  CHECK(count(a, "packetization-mode=1;profile-level-id=42e01f") == 1);
  CHECK(count(a, "a=ssrc:1111 cname:ocoplive\r\n") == 1);
  CHECK(count(a, "a=ssrc:2222 cname:ocoplive\r\n") == 1);
  CHECK(count(a, "a=rtpmap:" + std::to_string(choice->audio_pt) + " opus/48000/2\r\n") == 1);

  THEN("the answer reads back as a valid description with the same sections") {
    auto back = parse_offer(a);
    REQUIRE(back.ok());
    REQUIRE(back->media.size() == offer->media.size());
    for (size_t i = 0; i < back->media.size(); ++i) CHECK(back->media[i].mid == offer->media[i].mid);
    CHECK(back->ice_ufrag == "abcd1234");
  }
}

SCENARIO("sections we do not serve are rejected in place", "[sdp][answer]") {
  const std::string text = test::crlf(R"sdp(v=0
o=- 1 2 IN IP4 127.0.0.1
s=-
t=0 0
a=group:BUNDLE 0 1 2
a=ice-ufrag:abcd
a=ice-pwd:0123456789abcdefghijklmn
a=fingerprint:sha-256 11:22
m=video 9 UDP/TLS/RTP/SAVPF 96
a=mid:0
a=recvonly
a=rtpmap:96 H264/90000
a=fmtp:96 packetization-mode=1;profile-level-id=42e01f
m=application 9 UDP/DTLS/SCTP webrtc-datachannel
a=mid:1
m=audio 9 UDP/TLS/RTP/SAVPF 111
a=mid:2
a=recvonly
a=rtpmap:111 opus/48000/2
)sdp");
  auto offer = parse_offer(text);
  REQUIRE(offer.ok());
  auto choice = choose_codecs(*offer);
  REQUIRE(choice.ok());
  auto answer = build_answer(*offer, *choice, params());
  REQUIRE(answer.ok());
  INFO(*answer);
  CHECK(count(*answer, "m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\n") == 1);
  CHECK(count(*answer, "a=group:BUNDLE 0 2\r\n") == 1);
  const size_t video = answer->find("m=video");
  const size_t app = answer->find("m=application");
  const size_t audio = answer->find("m=audio");
  CHECK(video < app);
  CHECK(app < audio);
}

SCENARIO("offers a single transport cannot serve are refused", "[sdp][answer]") {
  const std::string base = R"sdp(v=0
o=- 1 2 IN IP4 127.0.0.1
s=-
t=0 0
a=ice-ufrag:abcd
a=ice-pwd:0123456789abcdefghijklmn
a=fingerprint:sha-256 11:22
m=video 9 UDP/TLS/RTP/SAVPF 96
a=mid:0
a=recvonly
a=rtpmap:96 H264/90000
a=fmtp:96 packetization-mode=1
m=audio 9 UDP/TLS/RTP/SAVPF 111
a=mid:1
a=recvonly
a=rtpmap:111 opus/48000/2
)sdp";
  auto offer = parse_offer(test::crlf(base));
  REQUIRE(offer.ok());
  auto choice = choose_codecs(*offer);
  REQUIRE(choice.ok());
  auto no_bundle = build_answer(*offer, *choice, params());
  REQUIRE_FALSE(no_bundle.ok());
  CHECK(no_bundle.error().message.find("BUNDLE") != std::string::npos);

  offer->bundle = true;
  offer->has_fingerprint = false;
  CHECK_FALSE(build_answer(*offer, *choice, params()).ok());
  offer->has_fingerprint = true;
  offer->ice_pwd.clear();
  CHECK_FALSE(build_answer(*offer, *choice, params()).ok());
  offer->ice_pwd = "0123456789abcdefghijklmn";
  AnswerParams bad = params();
  bad.ice_ufrag = "a b";
  CHECK_FALSE(build_answer(*offer, *choice, bad).ok());
  CHECK(build_answer(*offer, *choice, params()).ok());
}
