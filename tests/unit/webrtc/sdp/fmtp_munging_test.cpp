#include <catch2/catch.hpp>

#include <string>

#include "browser_offers.h"
#include "webrtc/sdp/offer.h"

using namespace ocop::webrtc::sdp;
using test::crlf;

namespace {

// An answer webrtcbin (GStreamer 1.22) wrote for the Chrome offer, from the
// WHEP prototype's logs (one candidate kept): no profile-level-id, and
// level-asymmetry-allowed=1 twice.
std::string webrtcbin_answer() {
  return crlf(R"sdp(v=0
o=- 6218611614016001615 2 IN IP4 0.0.0.0
s=-
t=0 0
a=group:BUNDLE 0 1
m=video 9 UDP/TLS/RTP/SAVPF 108
c=IN IP4 0.0.0.0
a=ice-ufrag:5W/I4p02qSy6j4YLlJ/s0BcASK+TYya7
a=ice-pwd:/uD3BVLC4d0+Cpf4LySlhIJSPnPeZRSH
a=mid:0
a=rtcp-mux
a=setup:active
a=rtpmap:108 H264/90000
a=rtcp-fb:108 nack pli
a=rtcp-fb:108 ccm fir
a=rtcp-fb:108 transport-cc
a=fmtp:108 packetization-mode=1;level-asymmetry-allowed=1;level-asymmetry-allowed=1
a=sendonly
a=fingerprint:sha-256 AA:37:5F:8A:F6:1C:0E:E3:A8:38:38:94:E4:F9:63:73:9C:4D:58:AD:5C:69:DE:F0:D7:6B:4E:EE:CE:2D:7E:FE
a=candidate:1 1 UDP 2015364095 127.0.0.1 56729 typ host
m=audio 9 UDP/TLS/RTP/SAVPF 111
c=IN IP4 0.0.0.0
a=ice-ufrag:5W/I4p02qSy6j4YLlJ/s0BcASK+TYya7
a=ice-pwd:/uD3BVLC4d0+Cpf4LySlhIJSPnPeZRSH
a=mid:1
a=rtcp-mux
a=setup:active
a=rtpmap:111 OPUS/48000/2
a=rtcp-fb:111 transport-cc
a=fmtp:111 minptime=10;useinbandfec=1
a=sendonly
a=fingerprint:sha-256 AA:37:5F:8A:F6:1C:0E:E3:A8:38:38:94:E4:F9:63:73:9C:4D:58:AD:5C:69:DE:F0:D7:6B:4E:EE:CE:2D:7E:FE
)sdp");
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  size_t pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

}  // namespace

SCENARIO("ensure_fmtp_param adds a parameter to an existing fmtp line", "[sdp][munging]") {
  const std::string answer = webrtcbin_answer();
  const std::string out = ensure_fmtp_param(answer, 108, "profile-level-id", "42e01f");
  SECTION("appended after the existing parameters; nothing else changes, CRLF included") {
    CHECK(out == replaced(answer, "level-asymmetry-allowed=1;level-asymmetry-allowed=1\r\n",
                          "level-asymmetry-allowed=1;level-asymmetry-allowed=1;profile-level-id=42e01f\r\n"));
  }
  SECTION("the result parses, and the codec now has the parameter") {
    auto r = parse_offer(out);
    REQUIRE(r.ok());
    CHECK(r->media[0].codecs[0].fmtp_value("profile-level-id") == "42e01f");
    CHECK(r->media[0].codecs[0].fmtp_value("packetization-mode") == "1");
  }
  SECTION("a second call changes nothing") {
    CHECK(ensure_fmtp_param(out, 108, "profile-level-id", "42e01f") == out);
  }
  SECTION("a key already there with the same value leaves the text byte for byte") {
    CHECK(ensure_fmtp_param(answer, 108, "packetization-mode", "1") == answer);
    CHECK(ensure_fmtp_param(answer, 108, "PACKETIZATION-MODE", "1") == answer);
  }
  SECTION("a key there with another value gets the value asked for") {
    CHECK(ensure_fmtp_param(answer, 108, "packetization-mode", "0") ==
          replaced(answer, "a=fmtp:108 packetization-mode=1;", "a=fmtp:108 packetization-mode=0;"));
    CHECK(ensure_fmtp_param(answer, 111, "useinbandfec", "0") ==
          replaced(answer, "minptime=10;useinbandfec=1", "minptime=10;useinbandfec=0"));
  }
  SECTION("other payload types' lines are untouched") {
    std::string opus = ensure_fmtp_param(answer, 111, "stereo", "1");
    CHECK(opus == replaced(answer, "useinbandfec=1\r\n", "useinbandfec=1;stereo=1\r\n"));
    // pt 10 must not match "a=fmtp:108" by prefix.
    CHECK(ensure_fmtp_param(answer, 10, "x", "1") == answer);
  }
}

SCENARIO("ensure_fmtp_param inserts an fmtp line after the rtpmap when there is none", "[sdp][munging]") {
  const std::string answer = webrtcbin_answer();
  const std::string without = replaced(answer, "a=fmtp:108 packetization-mode=1;level-asymmetry-allowed=1;"
                                               "level-asymmetry-allowed=1\r\n",
                                       "");
  SECTION("CRLF, right after a=rtpmap:108") {
    std::string out = ensure_fmtp_param(without, 108, "packetization-mode", "1");
    CHECK(out == replaced(without, "a=rtpmap:108 H264/90000\r\n",
                          "a=rtpmap:108 H264/90000\r\na=fmtp:108 packetization-mode=1\r\n"));
    auto r = parse_offer(out);
    REQUIRE(r.ok());
    CHECK(r->media[0].codecs[0].fmtp_value("packetization-mode") == "1");
  }
  SECTION("LF documents get LF") {
    std::string lf = "v=0\nm=video 9 RTP/AVP 96\na=rtpmap:96 H264/90000\na=sendonly\n";
    CHECK(ensure_fmtp_param(lf, 96, "packetization-mode", "1") ==
          "v=0\nm=video 9 RTP/AVP 96\na=rtpmap:96 H264/90000\na=fmtp:96 packetization-mode=1\na=sendonly\n");
  }
  SECTION("an rtpmap on the last line without an ending: the document's first ending is used") {
    std::string last = "v=0\r\nm=video 9 RTP/AVP 96\r\na=rtpmap:96 H264/90000";
    CHECK(ensure_fmtp_param(last, 96, "packetization-mode", "1") ==
          "v=0\r\nm=video 9 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1");
    std::string last_lf = "v=0\nm=video 9 RTP/AVP 96\na=rtpmap:96 H264/90000";
    CHECK(ensure_fmtp_param(last_lf, 96, "packetization-mode", "1") ==
          "v=0\nm=video 9 RTP/AVP 96\na=rtpmap:96 H264/90000\na=fmtp:96 packetization-mode=1");
  }
  SECTION("every section that maps the pt gets one; a section without it gets none") {
    std::string two = "v=0\nm=video 9 RTP/AVP 96\na=rtpmap:96 H264/90000\nm=audio 9 RTP/AVP 0\n"
                      "m=video 9 RTP/AVP 96\na=rtpmap:96 H264/90000\na=fmtp:96 a=1\n";
    CHECK(ensure_fmtp_param(two, 96, "b", "2") ==
          "v=0\nm=video 9 RTP/AVP 96\na=rtpmap:96 H264/90000\na=fmtp:96 b=2\nm=audio 9 RTP/AVP 0\n"
          "m=video 9 RTP/AVP 96\na=rtpmap:96 H264/90000\na=fmtp:96 a=1;b=2\n");
  }
  SECTION("no rtpmap and no fmtp for the pt: unchanged") {
    CHECK(ensure_fmtp_param(without, 96, "packetization-mode", "1") == without);
  }
}

SCENARIO("ensure_fmtp_param edge cases", "[sdp][munging]") {
  SECTION("an fmtp line before its rtpmap (Firefox's order) is the one edited") {
    std::string offer = test::firefox_like_offer();
    std::string out = ensure_fmtp_param(offer, 97, "packetization-mode", "0");
    CHECK(out == replaced(offer, "a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1\r\n",
                          "a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=0\r\n"));
  }
  SECTION("of two fmtp lines for one pt (which parse_offer refuses) only the first is edited") {
    CHECK(ensure_fmtp_param("m=video 9 RTP/AVP 96\na=fmtp:96 a=1\na=fmtp:96 b=2\n", 96, "k", "v") ==
          "m=video 9 RTP/AVP 96\na=fmtp:96 a=1;k=v\na=fmtp:96 b=2\n");
  }
  SECTION("an fmtp line without parameters, or ending in ';'") {
    CHECK(ensure_fmtp_param("a=fmtp:96\n", 96, "k", "v") == "a=fmtp:96 k=v\n");
    CHECK(ensure_fmtp_param("a=fmtp:96 \n", 96, "k", "v") == "a=fmtp:96 k=v\n");
    CHECK(ensure_fmtp_param("a=fmtp:96 a=1;\n", 96, "k", "v") == "a=fmtp:96 a=1;k=v\n");
    CHECK(ensure_fmtp_param("a=fmtp:96 k\n", 96, "k", "v") == "a=fmtp:96 k=v\n");
  }
  SECTION("keys and values that could break the line are refused: the input comes back") {
    const std::string answer = webrtcbin_answer();
    CHECK(ensure_fmtp_param(answer, 108, "", "1") == answer);
    CHECK(ensure_fmtp_param(answer, 108, "a b", "1") == answer);
    CHECK(ensure_fmtp_param(answer, 108, "a=b", "1") == answer);
    CHECK(ensure_fmtp_param(answer, 108, "x", "1;y=2") == answer);
    CHECK(ensure_fmtp_param(answer, 108, "x", "1\r\na=inject") == answer);
    CHECK(ensure_fmtp_param(answer, 128, "x", "1") == answer);
    CHECK(ensure_fmtp_param(answer, -1, "x", "1") == answer);
  }
}

SCENARIO("dedupe_fmtp_params keeps the first of each parameter", "[sdp][munging][dedupe]") {
  const std::string answer = webrtcbin_answer();
  SECTION("webrtcbin's repeated level-asymmetry-allowed") {
    std::string out = dedupe_fmtp_params(answer);
    CHECK(out == replaced(answer, "packetization-mode=1;level-asymmetry-allowed=1;level-asymmetry-allowed=1\r\n",
                          "packetization-mode=1;level-asymmetry-allowed=1\r\n"));
    CHECK(dedupe_fmtp_params(out) == out);
  }
  SECTION("the first value wins, keys compare without case, blank pieces go with the duplicates") {
    CHECK(dedupe_fmtp_params("a=fmtp:96 a=1; b=2 ;;A=3;b=4\r\nm=x\r\n") == "a=fmtp:96 a=1;b=2\r\nm=x\r\n");
    CHECK(dedupe_fmtp_params("a=fmtp:96 apt=1;APT=2\n") == "a=fmtp:96 apt=1\n");
  }
  SECTION("lines without duplicates stay byte for byte, spaces and all") {
    std::string odd = "a=fmtp:96 a=1; b=2 ;;\na=fmtp:97 apt=96\n";
    CHECK(dedupe_fmtp_params(odd) == odd);
    CHECK(dedupe_fmtp_params(test::chrome_156_offer()) == test::chrome_156_offer());
  }
  SECTION("only a=fmtp lines are touched") {
    std::string other = "a=rtcp-fb:96 nack\na=rtcp-fb:96 nack\na=x:a=1;a=1\n";
    CHECK(dedupe_fmtp_params(other) == other);
  }
}
