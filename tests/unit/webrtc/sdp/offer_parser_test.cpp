#include <catch2/catch.hpp>

#include <string>

#include "browser_offers.h"
#include "webrtc/sdp/offer.h"

using namespace ocop::webrtc::sdp;
using test::crlf;

namespace {

const Codec* find_codec(const MediaSection& m, int pt) {
  for (const auto& c : m.codecs) {
    if (c.payload_type == pt) return &c;
  }
  return nullptr;
}

std::vector<int> pts_of(const MediaSection& m) {
  std::vector<int> pts;
  for (const auto& c : m.codecs) pts.push_back(c.payload_type);
  return pts;
}

// A one-line summary of everything parse_offer extracts, to compare two
// parses of the same offer written differently.
std::string summary(const Offer& o) {
  std::string s = std::string(o.bundle ? "B" : "-") + (o.has_fingerprint ? "F" : "-") + o.ice_ufrag;
  for (const auto& m : o.media) {
    s += "|" + m.kind + "," + m.mid + "," + m.direction + (m.rejected ? ",rej" : "");
    for (const auto& c : m.codecs) {
      s += ";" + std::to_string(c.payload_type) + ":" + c.encoding + "/" + std::to_string(c.clock_rate) + "/" +
           std::to_string(c.channels) + (c.rtx_for ? "rtx" + std::to_string(*c.rtx_for) : "");
      for (const auto& [k, v] : c.fmtp) s += "," + k + "=" + v;
      for (const auto& fb : c.rtcp_fb) s += ",fb " + fb;
    }
  }
  return s;
}

std::string parse_error(std::string_view text, const Limits& limits = {}) {
  auto r = parse_offer(text, limits);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "invalid");
  return r.error().message;
}

// A minimal valid offer around one media block (LF; CRLF via crlf()).
std::string offer_around(const std::string& media) { return "v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nt=0 0\n" + media; }

const std::string kVideoH264 =
    "m=video 9 UDP/TLS/RTP/SAVPF 102\n"
    "a=mid:0\n"
    "a=recvonly\n"
    "a=rtpmap:102 H264/90000\n"
    "a=fmtp:102 packetization-mode=1;profile-level-id=42e01f\n";

}  // namespace

SCENARIO("a real Chrome 156 offer parses into its sections and codecs", "[sdp][parse][chrome]") {
  const std::string text = test::chrome_156_offer();
  REQUIRE(text.find("\r\n") != std::string::npos);  // the fixture is CRLF, as Chrome sends it
  auto r = parse_offer(text);
  REQUIRE(r.ok());
  const Offer& offer = *r;
  CHECK(offer.bundle);
  CHECK(offer.ice_ufrag == "1VV+");
  CHECK(offer.has_fingerprint);
  REQUIRE(offer.media.size() == 2);

  SECTION("video: recvonly, mid 0, 34 payload types in m-line order") {
    const MediaSection& v = offer.media[0];
    CHECK(v.kind == "video");
    CHECK(v.mid == "0");
    CHECK(v.direction == "recvonly");
    CHECK_FALSE(v.rejected);
    CHECK(pts_of(v) == std::vector<int>{96, 97, 98, 99, 100, 101, 35, 36, 37, 38, 102, 103, 104, 107, 108, 109, 114,
                                        115, 116, 117, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 118, 119, 120, 49});
  }
  SECTION("H.264 pt 108 carries its rtpmap, fmtp in order and feedback in order") {
    const Codec* c = find_codec(offer.media[0], 108);
    REQUIRE(c);
    CHECK(c->encoding == "H264");
    CHECK(c->clock_rate == 90000);
    CHECK(c->channels == 0);
    CHECK(c->fmtp == std::vector<std::pair<std::string, std::string>>{
                         {"level-asymmetry-allowed", "1"}, {"packetization-mode", "1"}, {"profile-level-id", "42e01f"}});
    CHECK(c->rtcp_fb == std::vector<std::string>{"goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"});
    CHECK_FALSE(c->rtx_for);
    CHECK(c->fmtp_value("PROFILE-LEVEL-ID") == "42e01f");
    CHECK(c->fmtp_value("sprop-parameter-sets").empty());
  }
  SECTION("rtx pts point at their codec through apt") {
    const Codec* rtx = find_codec(offer.media[0], 109);
    REQUIRE(rtx);
    CHECK(rtx->encoding == "rtx");
    CHECK(rtx->rtx_for == 108);
    CHECK(find_codec(offer.media[0], 36)->rtx_for == 35);
    CHECK_FALSE(find_codec(offer.media[0], 120)->rtx_for);  // ulpfec
  }
  SECTION("audio: Opus at 111 with two channels; red's fmtp is a bare value") {
    const MediaSection& a = offer.media[1];
    CHECK(a.kind == "audio");
    CHECK(a.mid == "1");
    CHECK(a.direction == "recvonly");
    CHECK(pts_of(a) == std::vector<int>{111, 63, 9, 0, 8, 13, 110, 126});
    const Codec* opus = find_codec(a, 111);
    REQUIRE(opus);
    CHECK(opus->encoding == "opus");
    CHECK(opus->clock_rate == 48000);
    CHECK(opus->channels == 2);
    CHECK(opus->fmtp_value("useinbandfec") == "1");
    CHECK(opus->rtcp_fb == std::vector<std::string>{"transport-cc"});
    const Codec* red = find_codec(a, 63);
    REQUIRE(red);
    CHECK(red->channels == 2);
    CHECK(red->fmtp == std::vector<std::pair<std::string, std::string>>{{"111/111", ""}});
  }
  SECTION("the same offer with LF endings, or mixed endings, parses the same") {
    std::string lf = text;
    std::string mixed;
    for (size_t pos; (pos = lf.find("\r\n")) != std::string::npos;) lf.erase(pos, 1);
    size_t line = 0;
    for (char c : text) {
      // Drop the CR of every third line.
      if (c == '\r' && line++ % 3 == 0) continue;
      mixed += c;
    }
    REQUIRE(lf.find('\r') == std::string::npos);
    auto from_lf = parse_offer(lf);
    auto from_mixed = parse_offer(mixed);
    REQUIRE(from_lf.ok());
    REQUIRE(from_mixed.ok());
    CHECK(summary(*from_lf) == summary(offer));
    CHECK(summary(*from_mixed) == summary(offer));
  }
}

SCENARIO("a Firefox-like offer: fmtp before rtpmap, session-level fingerprint", "[sdp][parse][firefox]") {
  auto r = parse_offer(test::firefox_like_offer());
  REQUIRE(r.ok());
  const Offer& offer = *r;
  CHECK(offer.has_fingerprint);
  CHECK(offer.ice_ufrag == "9c1f3e7a");
  REQUIRE(offer.media.size() == 2);
  const MediaSection& v = offer.media[0];
  CHECK(pts_of(v) == std::vector<int>{120, 124, 121, 125, 126, 127, 97, 98, 105, 106, 103, 104, 123, 122, 119});
  const Codec* h264 = find_codec(v, 126);
  REQUIRE(h264);
  CHECK(h264->encoding == "H264");
  CHECK(h264->fmtp_value("packetization-mode") == "1");
  CHECK(find_codec(v, 97)->fmtp_value("packetization-mode").empty());
  CHECK(find_codec(v, 127)->rtx_for == 126);
  CHECK(find_codec(v, 119)->rtx_for == 122);  // rtx of red
  const Codec* dtmf = find_codec(offer.media[1], 101);
  REQUIRE(dtmf);
  CHECK(dtmf->channels == 1);
  CHECK(dtmf->fmtp == std::vector<std::pair<std::string, std::string>>{{"0-15", ""}});
}

SCENARIO("sections, directions and transports", "[sdp][parse]") {
  SECTION("port 0 rejects a section, unless it is bundle-only (RFC 8843 §6)") {
    auto r = parse_offer(offer_around("m=video 0 UDP/TLS/RTP/SAVPF 102\na=rtpmap:102 H264/90000\n"
                                      "m=audio 0 UDP/TLS/RTP/SAVPF 111\na=bundle-only\n"
                                      "m=audio 9 UDP/TLS/RTP/SAVPF 111\n"));
    REQUIRE(r.ok());
    CHECK(r->media[0].rejected);
    CHECK_FALSE(r->media[1].rejected);
    CHECK_FALSE(r->media[2].rejected);
  }
  SECTION("direction defaults to sendrecv, or to the session-level one (RFC 8866 §6.7)") {
    auto plain = parse_offer(offer_around("m=audio 9 RTP/AVP 0\nm=audio 9 RTP/AVP 0\na=inactive\n"));
    REQUIRE(plain.ok());
    CHECK(plain->media[0].direction == "sendrecv");
    CHECK(plain->media[1].direction == "inactive");
    auto session = parse_offer("v=0\na=sendonly\nm=audio 9 RTP/AVP 0\nm=audio 9 RTP/AVP 0\na=recvonly\n");
    REQUIRE(session.ok());
    CHECK(session->media[0].direction == "sendonly");
    CHECK(session->media[1].direction == "recvonly");
  }
  SECTION("two directions in one section are refused") {
    CHECK(parse_error(offer_around("m=audio 9 RTP/AVP 0\na=recvonly\na=sendonly\n")) ==
          "line 7: a second direction attribute (a=sendonly)");
  }
  SECTION("a data channel section has no payload types") {
    auto r = parse_offer(offer_around(kVideoH264 + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\na=mid:2\n"
                                                   "a=sctp-port:5000\n"));
    REQUIRE(r.ok());
    REQUIRE(r->media.size() == 2);
    CHECK(r->media[1].kind == "application");
    CHECK(r->media[1].mid == "2");
    CHECK(r->media[1].codecs.empty());
  }
  SECTION("a=rtcp-fb:* applies to every payload type of its section (RFC 4585 §4.2)") {
    auto r = parse_offer(offer_around("m=video 9 RTP/AVPF 96 97\na=rtcp-fb:96 nack\na=rtcp-fb:* ccm fir\n"
                                      "m=video 9 RTP/AVPF 98\n"));
    REQUIRE(r.ok());
    CHECK(r->media[0].codecs[0].rtcp_fb == std::vector<std::string>{"nack", "ccm fir"});
    CHECK(r->media[0].codecs[1].rtcp_fb == std::vector<std::string>{"ccm fir"});
    CHECK(r->media[1].codecs[0].rtcp_fb.empty());
  }
  SECTION("BUNDLE counts only as a session-level group") {
    auto with = parse_offer(offer_around("a=group:BUNDLE 0\n" + kVideoH264));
    auto lipsync = parse_offer(offer_around("a=group:LS 0\n" + kVideoH264));
    auto in_media = parse_offer(offer_around(kVideoH264 + "a=group:BUNDLE 0\n"));
    REQUIRE(with.ok());
    REQUIRE(lipsync.ok());
    REQUIRE(in_media.ok());
    CHECK(with->bundle);
    CHECK_FALSE(lipsync->bundle);
    CHECK_FALSE(in_media->bundle);
  }
  SECTION("the first a=mid of a section wins") {
    auto r = parse_offer(offer_around(kVideoH264 + "a=mid:later\n"));
    REQUIRE(r.ok());
    CHECK(r->media[0].mid == "0");
  }
  SECTION("the first ice-ufrag wins, wherever it is") {
    auto r = parse_offer(offer_around("a=ice-ufrag:session\n" + kVideoH264 + "a=ice-ufrag:media\n"));
    REQUIRE(r.ok());
    CHECK(r->ice_ufrag == "session");
    CHECK_FALSE(r->has_fingerprint);
  }
}

SCENARIO("blank lines after v=0 are skipped (hand-written offers end with one)", "[sdp][parse]") {
  auto r = parse_offer("v=0\r\n\r\nm=audio 9 RTP/AVP 0\n\na=recvonly\n\n");
  REQUIRE(r.ok());
  CHECK(r->media[0].direction == "recvonly");
}

SCENARIO("lines we do not need are ignored", "[sdp][parse]") {
  auto r = parse_offer(offer_around("b=AS:500\nx=made-up type letter\na=x-custom:1 2 3\na=extmap-allow-mixed\n" +
                                    kVideoH264 + "a=rtpmap:99 VP8/90000\na=fmtp:99 max-fs=1\na=rtcp-fb:99 nack\n"));
  REQUIRE(r.ok());
  REQUIRE(r->media.size() == 1);
  // pt 99 is not on the m-line: its attributes describe nothing we could send.
  CHECK(pts_of(r->media[0]) == std::vector<int>{102});
  CHECK(r->media[0].codecs[0].rtcp_fb.empty());
}

SCENARIO("malformed offers are refused with a message naming the line", "[sdp][parse][errors]") {
  SECTION("missing or wrong v=0") {
    CHECK(parse_error("") == "offer must start with \"v=0\"");
    CHECK(parse_error("v=1\nm=audio 9 RTP/AVP 0\n") == "offer must start with \"v=0\"");
    CHECK(parse_error("o=- 1 2 IN IP4 0.0.0.0\nv=0\nm=audio 9 RTP/AVP 0\n") == "offer must start with \"v=0\"");
    CHECK(parse_error("\nv=0\nm=audio 9 RTP/AVP 0\n") == "offer must start with \"v=0\"");
    CHECK(parse_error("\xEF\xBB\xBFv=0\nm=audio 9 RTP/AVP 0\n") == "offer must start with \"v=0\"");
  }
  SECTION("no media sections") {
    CHECK(parse_error("v=0\r\n") == "no media sections");
    CHECK(parse_error(crlf(offer_around("a=group:BUNDLE 0\n"))) == "no media sections");
  }
  SECTION("garbage") {
    CHECK(parse_error("v=0\nhello world\n") == "line 2: expected <type>=<value>");
    CHECK(parse_error("v=0\nM=video 9 RTP/AVP 96\n") == "line 2: expected <type>=<value>");
    CHECK(parse_error("v=0\n=0\n") == "line 2: expected <type>=<value>");
    CHECK(parse_error(std::string("v=0\na=mid:0\0x\n", 14)) == "line 2: control character in line");
    CHECK(parse_error("v=0\r\na=mid:0\rm=audio 9 RTP/AVP 0\r\n") == "line 2: control character in line");
    CHECK(parse_error("{\"sdp\":\"v=0\"}") == "offer must start with \"v=0\"");
  }
  SECTION("a second session description") {
    CHECK(parse_error(offer_around(kVideoH264 + "v=0\n" + kVideoH264)) ==
          "line 10: a second session description (v=) is not allowed");
  }
  SECTION("bad m= lines") {
    CHECK(parse_error("v=0\nm=video 9 UDP/TLS/RTP/SAVPF\n") == "line 2: m= line needs <media> <port> <proto> <fmt>...");
    CHECK(parse_error("v=0\nm=video nine RTP/AVP 96\n") == "line 2: bad port in m= line");
    CHECK(parse_error("v=0\nm=video 65536 RTP/AVP 96\n") == "line 2: bad port in m= line");
    CHECK(parse_error("v=0\nm=video 9 RTP/AVP 96 128\n") == "line 2: bad payload type \"128\" in m= line");
    CHECK(parse_error("v=0\nm=video 9 RTP/AVP 96 -1\n") == "line 2: bad payload type \"-1\" in m= line");
    CHECK(parse_error("v=0\nm=video 9 RTP/AVP 96 97 96\n") == "line 2: payload type 96 listed twice");
    CHECK(parse_offer("v=0\nm=video 9/2 RTP/AVP 96\n").ok());  // RFC 8866 §5.14 port/count
  }
  SECTION("bad or repeated rtpmap and fmtp") {
    CHECK(parse_error("v=0\nm=video 9 RTP/AVP 96\na=rtpmap:96 H264\n") ==
          "line 3: bad a=rtpmap (expected <pt> <encoding>/<clock rate>[/<channels>])");
    CHECK(parse_error("v=0\nm=video 9 RTP/AVP 96\na=rtpmap:96 H264/ninety\n").find("line 3: bad a=rtpmap") == 0);
    CHECK(parse_error("v=0\nm=video 9 RTP/AVP 96\na=rtpmap:96 /90000\n").find("line 3: bad a=rtpmap") == 0);
    CHECK(parse_error("v=0\nm=audio 9 RTP/AVP 96\na=rtpmap:96 opus/48000/2/1\n").find("line 3: bad a=rtpmap") == 0);
    CHECK(parse_error("v=0\nm=video 9 RTP/AVP 96\na=rtpmap:1000 H264/90000\n").find("line 3: bad a=rtpmap") == 0);
    CHECK(parse_error("v=0\nm=video 9 RTP/AVP 96\na=rtpmap:96 H264/90000\na=rtpmap:96 VP8/90000\n") ==
          "line 4: a second a=rtpmap for payload type 96");
    CHECK(parse_error("v=0\nm=video 9 RTP/AVP 96\na=fmtp:96x a=1\n") == "line 3: bad a=fmtp (expected <pt> <parameters>)");
    CHECK(parse_error("v=0\nm=video 9 RTP/AVP 96\na=fmtp:96 a=1\na=fmtp:96 b=2\n") ==
          "line 4: a second a=fmtp for payload type 96");
    CHECK(parse_error("v=0\nm=video 9 RTP/AVP 96\na=rtcp-fb:96\n") == "line 3: bad a=rtcp-fb (expected <pt> <feedback>)");
  }
}

SCENARIO("limits bound what one offer can make us do", "[sdp][parse][limits]") {
  // Pads an offer with harmless attribute lines of `line_len` bytes
  // (ending excluded) up to `total` bytes.
  auto padded = [](size_t total, size_t line_len) {
    std::string s = crlf(offer_around(kVideoH264));
    const std::string head = "a=x-pad:";
    while (s.size() + 2 * (line_len + 2) <= total) s += head + std::string(line_len - head.size(), 'p') + "\r\n";
    s += head + std::string(total - s.size() - head.size() - 2, 'q') + "\r\n";
    return s;
  };

  SECTION("64 KiB passes, one byte more is refused before any line is read") {
    std::string at_limit = padded(64 * 1024, 2000);
    REQUIRE(at_limit.size() == 64 * 1024);
    CHECK(parse_offer(at_limit).ok());
    CHECK(parse_error(at_limit + "x") == "offer larger than 64 KiB");
    CHECK(parse_error(std::string(1 << 20, 'v')) == "offer larger than 64 KiB");
    Limits small;
    small.max_bytes = 1000;
    CHECK(parse_error(padded(1001, 100), small) == "offer larger than 1000 bytes");
  }
  SECTION("2000 lines pass, 2001 are refused") {
    std::string s = "v=0\n" + kVideoH264;
    size_t lines = 6;
    while (lines < 2000) {
      s += "a=x\n";
      ++lines;
    }
    CHECK(parse_offer(s).ok());
    CHECK(parse_error(s + "a=x\n") == "offer has more than 2000 lines");
  }
  SECTION("a line of 4096 bytes passes, 4097 is refused") {
    std::string ok_line = "a=x-long:" + std::string(4096 - 9, 'l');
    REQUIRE(ok_line.size() == 4096);
    CHECK(parse_offer(offer_around(kVideoH264 + ok_line + "\n")).ok());
    CHECK(parse_error(offer_around(kVideoH264 + ok_line + "l\n")) == "line 10: longer than 4096 bytes");
  }
  SECTION("10,000 m= lines are refused, by size, by line count or by section count") {
    std::string many = "v=0\r\n";
    for (int i = 0; i < 10000; ++i) many += "m=audio 9 RTP/AVP 0\r\n";
    CHECK(parse_error(many) == "offer larger than 64 KiB");
    Limits roomy;
    roomy.max_bytes = 1 << 20;
    CHECK(parse_error(many, roomy) == "more than 16 media sections");
    roomy.max_media = 100000;
    CHECK(parse_error(many, roomy) == "offer has more than 2000 lines");
    roomy.max_lines = 20000;
    auto all = parse_offer(many, roomy);
    REQUIRE(all.ok());
    CHECK(all->media.size() == 10000);
  }
  SECTION("16 media sections pass, 17 are refused") {
    std::string s = "v=0\n";
    for (int i = 0; i < 16; ++i) s += "m=audio 9 RTP/AVP 0\n";
    auto r = parse_offer(s);
    REQUIRE(r.ok());
    CHECK(r->media.size() == 16);
    CHECK(parse_error(s + "m=audio 9 RTP/AVP 0\n") == "more than 16 media sections");
  }
  SECTION("64 payload types in one m= line pass, 65 are refused") {
    std::string m = "m=video 9 RTP/AVP";
    for (int pt = 0; pt < 64; ++pt) m += " " + std::to_string(pt);
    auto r = parse_offer("v=0\n" + m + "\n");
    REQUIRE(r.ok());
    CHECK(r->media[0].codecs.size() == 64);
    CHECK(parse_error("v=0\n" + m + " 64\n") == "line 2: more than 64 formats on one m= line");
  }
}
