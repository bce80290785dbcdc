#include <catch2/catch.hpp>

#include <vector>

#include "hex.h"
#include "webrtc/rtp/packet.h"

using namespace ocop::webrtc::rtp;
using test::hex;

namespace {

Kind kind_of(const std::vector<uint8_t>& b) { return classify(b.data(), b.size()); }

std::optional<RtpHeader> parsed(const std::vector<uint8_t>& b) { return parse_rtp(b.data(), b.size()); }

bool keyframe(const std::vector<uint8_t>& b) { return h264_keyframe_start(b.data(), b.size()); }

// V=2, marker, PT 96, seq 0x1234, ts 0xdeadbeef, SSRC 0x11223344.
const std::vector<uint8_t> kFixedHeader = hex("80e01234 deadbeef 11223344");

// The same header with P, X and CC=2: two CSRCs, a one-byte-header
// extension (RFC 8285, 0xBEDE) of one word, 5 payload bytes (an FU-A start
// of an IDR), 3 bytes of padding.
const std::vector<uint8_t> kFullPacket = hex(
    "b2e01234 deadbeef 11223344"
    "0000aaaa 0000bbbb"
    "bede0001 10ff0000"
    "7c85aabb cc"
    "000003");

}  // namespace

SCENARIO("datagrams on the shared port are told apart by their first bytes (RFC 7983)", "[rtp][classify]") {
  GIVEN("a STUN binding request header") {
    auto b = hex("00010000 2112a442 0102030405060708090a0b0c");
    CHECK(kind_of(b) == Kind::kStun);
    b.pop_back();
    CHECK(kind_of(b) == Kind::kUnknown);
  }
  GIVEN("a DTLS 1.2 handshake record header (ClientHello)") {
    auto b = hex("16fefd 0000 000000000000 0096");
    CHECK(kind_of(b) == Kind::kDtls);
    b.pop_back();
    CHECK(kind_of(b) == Kind::kUnknown);
  }
  GIVEN("RTP and RTCP, split by the second byte (RFC 5761 §4)") {
    CHECK(kind_of(kFixedHeader) == Kind::kRtp);
    CHECK(kind_of(hex("8060 0001 00000000 00000001")) == Kind::kRtp);           // PT 96, no marker
    CHECK(kind_of(hex("80df 0001 00000000 00000001")) == Kind::kRtcp);          // 223: RTCP range
    CHECK(kind_of(hex("80c0 0001 00000000 00000001")) == Kind::kRtcp);          // 192
    CHECK(kind_of(hex("80bf 0001 00000000 00000001")) == Kind::kRtp);           // 191: PT 63 + marker
    CHECK(kind_of(hex("81c90001 00000001")) == Kind::kRtcp);                    // an empty RR, 8 bytes
    CHECK(kind_of(hex("81c90001 000000")) == Kind::kUnknown);                   // 7 bytes
    CHECK(kind_of(hex("80e01234 deadbeef 112233")) == Kind::kUnknown);          // 11 bytes of RTP
  }
  GIVEN("ranges we do not serve and tiny inputs") {
    CHECK(kind_of(hex("10000000 00000000 00000000 00000000 00000000")) == Kind::kUnknown);  // ZRTP
    CHECK(kind_of(hex("40000004 00000000 00000000")) == Kind::kUnknown);                     // TURN channel
    CHECK(kind_of(hex("ff000000 00000000 00000000")) == Kind::kUnknown);
    CHECK(kind_of(hex("80")) == Kind::kUnknown);
    CHECK(kind_of({}) == Kind::kUnknown);
    CHECK(classify(nullptr, 20) == Kind::kUnknown);
  }
}

SCENARIO("RTP headers parse with CSRCs, extensions and padding (RFC 3550 §5.1)", "[rtp][parse]") {
  GIVEN("a bare fixed header") {
    auto h = parsed(kFixedHeader);
    REQUIRE(h);
    CHECK(h->payload_type == 96);
    CHECK(h->marker);
    CHECK(h->seq == 0x1234);
    CHECK(h->timestamp == 0xdeadbeef);
    CHECK(h->ssrc == 0x11223344);
    CHECK(h->header_size == 12);
    CHECK(h->payload_size == 0);
  }
  GIVEN("CSRCs, an extension and padding") {
    auto h = parsed(kFullPacket);
    REQUIRE(h);
    CHECK(h->header_size == 28);
    CHECK(h->payload_size == 5);
    CHECK(h->payload_type == 96);
    CHECK(h264_keyframe_start(kFullPacket.data() + h->header_size, h->payload_size));
  }
  GIVEN("padding that is the whole payload") {
    auto h = parsed(hex("a0601234 deadbeef 11223344 00000004"));
    REQUIRE(h);
    CHECK(h->payload_size == 0);
    CHECK_FALSE(h->marker);
  }
}

SCENARIO("malformed RTP is refused, never read past its end", "[rtp][parse][malformed]") {
  CHECK_FALSE(parsed({}));
  CHECK_FALSE(parse_rtp(nullptr, 12));
  for (size_t n = 0; n < kFixedHeader.size(); ++n) {
    CHECK_FALSE(parse_rtp(kFixedHeader.data(), n));
  }
  // Every cut of the full packet lands inside the CSRCs, the extension or
  // turns the padding count into a payload byte.
  for (size_t n = 12; n < kFullPacket.size(); ++n) {
    INFO("cut at " << n);
    auto h = parse_rtp(kFullPacket.data(), n);
    if (h) CHECK(h->header_size + h->payload_size <= n);
  }
  CHECK_FALSE(parse_rtp(kFullPacket.data(), 20));                      // CSRCs fit, extension header does not
  CHECK_FALSE(parse_rtp(kFullPacket.data(), 27));                      // extension body cut
  CHECK_FALSE(parsed(hex("40e01234 deadbeef 11223344")));               // version 1
  CHECK_FALSE(parsed(hex("c0e01234 deadbeef 11223344")));               // version 3
  CHECK_FALSE(parsed(hex("8fe01234 deadbeef 11223344 00000001")));      // 15 CSRCs in 16 bytes
  CHECK_FALSE(parsed(hex("90e01234 deadbeef 11223344 bede0002 00000000")));  // extension says 2 words, has 1
  CHECK_FALSE(parsed(hex("a0e01234 deadbeef 11223344 aabbcc00")));      // padding count 0
  CHECK_FALSE(parsed(hex("a0e01234 deadbeef 11223344 aabbcc05")));      // padding longer than the payload
  CHECK_FALSE(parsed(hex("a0e01234 deadbeef 112233ff")));               // padding eats the header
}

SCENARIO("rewrite_rtp changes only what a viewer sees differently", "[rtp][rewrite]") {
  auto b = kFullPacket;
  rewrite_rtp(b.data(), 102, 7, 90000, 0xcafebabe);
  auto h = parsed(b);
  REQUIRE(h);
  CHECK(h->payload_type == 102);
  CHECK(h->marker);  // kept
  CHECK(h->seq == 7);
  CHECK(h->timestamp == 90000);
  CHECK(h->ssrc == 0xcafebabe);
  CHECK(h->header_size == 28);
  CHECK(h->payload_size == 5);
  CHECK(std::vector<uint8_t>(b.begin() + 12, b.end()) == std::vector<uint8_t>(kFullPacket.begin() + 12, kFullPacket.end()));
  CHECK(b[0] == kFullPacket[0]);

  GIVEN("a packet without the marker and a payload type above 127") {
    auto c = hex("80601234 deadbeef 11223344");
    rewrite_rtp(c.data(), 0xff, 0xffff, 0, 0);
    CHECK(c == hex("807fffff 00000000 00000000"));
  }
}

SCENARIO("H.264 payloads that start a keyframe (RFC 6184 §5)", "[rtp][h264]") {
  GIVEN("single NAL units") {
    CHECK(keyframe(hex("6742c01f")));      // SPS
    CHECK(keyframe(hex("65888400")));      // IDR slice
    CHECK_FALSE(keyframe(hex("68ce3c80")));  // PPS alone
    CHECK_FALSE(keyframe(hex("419a0000")));  // non-IDR slice
    CHECK_FALSE(keyframe(hex("06050000")));  // SEI
  }
  GIVEN("STAP-A aggregates, as Chrome and rtph264pay send SPS+PPS") {
    CHECK(keyframe(hex("78 0004 6742c01f 0004 68ce3c80")));
    CHECK(keyframe(hex("78 0002 0901 0003 658884")));   // AUD then IDR
    CHECK_FALSE(keyframe(hex("78 0004 68ce3c80 0002 419a")));
    CHECK_FALSE(keyframe(hex("78 0009 6742c01f")));      // size overruns the payload
    CHECK_FALSE(keyframe(hex("78 0000 0004 6742c01f")));  // empty NAL: malformed
    CHECK_FALSE(keyframe(hex("78")));
    CHECK_FALSE(keyframe(hex("78 00")));
  }
  GIVEN("FU-A fragments: only the start of an IDR or SPS counts") {
    CHECK(keyframe(hex("7c85aabb")));         // S=1, type 5
    CHECK(keyframe(hex("7c87")));             // S=1, type 7
    CHECK_FALSE(keyframe(hex("7c05aabb")));   // middle
    CHECK_FALSE(keyframe(hex("7c45aabb")));   // end
    CHECK_FALSE(keyframe(hex("7c81aabb")));   // start of a non-IDR slice
    CHECK_FALSE(keyframe(hex("7c")));
  }
  GIVEN("other or empty payloads") {
    CHECK_FALSE(keyframe({}));
    CHECK_FALSE(h264_keyframe_start(nullptr, 4));
    CHECK_FALSE(keyframe(hex("00")));         // NAL type 0, unspecified
    CHECK_FALSE(keyframe(hex("7985")));       // STAP-B: interleaved mode only
    CHECK_FALSE(keyframe(hex("7d85")));       // FU-B
  }
}
