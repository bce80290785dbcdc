#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <openssl/hmac.h>
#include <zlib.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "webrtc/ice/stun_responder.h"
#include "webrtc/rtp/stun_username.h"

using namespace ocop::webrtc;

namespace {

const std::string kPassword = "0123456789abcdefghijklmn";

// Checks captured as Chromium sends them (tests/fuzz/corpus/stun_fuzz/).
std::vector<uint8_t> seed(const std::string& name) {
  std::ifstream in(std::string(OCOP_SOURCE_DIR) + "/tests/fuzz/corpus/stun_fuzz/" + name, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

sockaddr_storage loopback(uint16_t port) {
  sockaddr_storage a{};
  auto* in = reinterpret_cast<sockaddr_in*>(&a);
  in->sin_family = AF_INET;
  in->sin_port = htons(port);
  in->sin_addr.s_addr = htonl(0x7f000001);
  return a;
}

std::optional<ice::StunResponder::Answer> answer(ice::StunResponder& r, const std::vector<uint8_t>& msg) {
  const auto from = loopback(50000);
  return r.answer(msg.data(), msg.size(), from, sizeof(sockaddr_in),
                  [](std::string_view u) -> const std::string* { return u == "abcd" ? &kPassword : nullptr; });
}

// The attribute of `type` in a STUN message, or empty.
std::vector<uint8_t> attribute(const std::vector<uint8_t>& m, uint16_t type, size_t* at_out = nullptr) {
  size_t at = 20;
  while (at + 4 <= m.size()) {
    const uint16_t t = static_cast<uint16_t>((m[at] << 8) | m[at + 1]);
    const size_t len = static_cast<size_t>((m[at + 2] << 8) | m[at + 3]);
    if (t == type) {
      if (at_out) *at_out = at;
      return {m.begin() + static_cast<long>(at + 4), m.begin() + static_cast<long>(at + 4 + len)};
    }
    at += 4 + ((len + 3) & ~size_t{3});
  }
  return {};
}

}  // namespace

SCENARIO("a browser's check for one of our viewers is answered, authenticated", "[ice][stun]") {
  ice::StunResponder responder;
  const auto req = seed("chrome_check_use_candidate");
  CHECK(rtp::stun_local_ufrag(req.data(), req.size()) == "abcd");
  auto a = answer(responder, req);
  REQUIRE(a);
  CHECK(a->local_ufrag == "abcd");
  CHECK(a->use_candidate);
  const auto& res = a->response;
  REQUIRE(res.size() >= 20);
  CHECK(res[0] == 0x01);  // Binding success response
  CHECK(res[1] == 0x01);
  CHECK(std::equal(req.begin() + 8, req.begin() + 20, res.begin() + 8));  // same transaction id

  THEN("XOR-MAPPED-ADDRESS names where the check came from") {
    const auto x = attribute(res, 0x0020);
    REQUIRE(x.size() == 8);
    CHECK(x[1] == 0x01);
    CHECK(((x[2] << 8) | x[3]) == (50000 ^ 0x2112));
    CHECK(x[4] == (127 ^ 0x21));
    CHECK(x[7] == (1 ^ 0x42));
  }
  THEN("MESSAGE-INTEGRITY is keyed with our password (RFC 8489 §14.5)") {
    size_t at = 0;
    const auto mac = attribute(res, 0x0008, &at);
    REQUIRE(mac.size() == 20);
    std::vector<uint8_t> covered(res.begin(), res.begin() + static_cast<long>(at));
    const uint16_t len = static_cast<uint16_t>(at + 24 - 20);
    covered[2] = static_cast<uint8_t>(len >> 8);
    covered[3] = static_cast<uint8_t>(len);
    unsigned char out[20];
    unsigned int n = 0;
    HMAC(EVP_sha1(), kPassword.data(), static_cast<int>(kPassword.size()), covered.data(), covered.size(), out, &n);
    CHECK(std::equal(mac.begin(), mac.end(), out));
  }
  THEN("FINGERPRINT closes the message") {
    size_t at = 0;
    const auto fp = attribute(res, 0x8028, &at);
    REQUIRE(fp.size() == 4);
    CHECK(at + 8 == res.size());
    const uint32_t crc = static_cast<uint32_t>(crc32(0, res.data(), static_cast<uInt>(at))) ^ 0x5354554e;
    CHECK(((uint32_t(fp[0]) << 24) | (fp[1] << 16) | (fp[2] << 8) | fp[3]) == crc);
  }
}

SCENARIO("consent checks without USE-CANDIDATE are answered too", "[ice][stun]") {
  ice::StunResponder responder;
  auto a = answer(responder, seed("chrome_check_consent"));
  REQUIRE(a);
  CHECK_FALSE(a->use_candidate);
}

SCENARIO("checks that are not ours, or not authentic, get no answer", "[ice][stun]") {
  ice::StunResponder responder;
  CHECK_FALSE(answer(responder, seed("wrong_password")));
  CHECK_FALSE(answer(responder, seed("unknown_ufrag")));
  CHECK_FALSE(answer(responder, seed("no_integrity")));
  const auto unknown = seed("unknown_ufrag");
  CHECK(rtp::stun_local_ufrag(unknown.data(), unknown.size()) == "zzzz");

  auto truncated = seed("chrome_check_use_candidate");
  truncated.resize(truncated.size() - 10);
  CHECK_FALSE(answer(responder, truncated));
  CHECK(rtp::stun_local_ufrag(truncated.data(), 19).empty());

  std::vector<uint8_t> rtp_like = {0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
  CHECK_FALSE(answer(responder, rtp_like));
  CHECK(rtp::stun_local_ufrag(rtp_like.data(), rtp_like.size()).empty());
}

SCENARIO("a USERNAME attribute that overruns the message is not read", "[ice][stun]") {
  auto m = seed("chrome_check_use_candidate");
  // USERNAME is the first attribute: claim it is longer than the message.
  m[22] = 0x7f;
  m[23] = 0xff;
  CHECK(rtp::stun_local_ufrag(m.data(), m.size()).empty());
}

SCENARIO("keepalive Binding indications are told from checks and from noise", "[ice][stun][keepalive]") {
  // libnice's keepalive: a bare indication with a FINGERPRINT.
  std::vector<uint8_t> ind = {0x00, 0x11, 0x00, 0x08, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3, 4, 5, 6,
                              7,    8,    9,    10,   11,   12,   0x80, 0x28, 0x00, 0x04, 0xde, 0xad, 0xbe, 0xef};
  CHECK(rtp::is_binding_indication(ind.data(), ind.size()));
  CHECK_FALSE(rtp::is_binding_indication(ind.data(), ind.size() - 1));  // body overruns
  CHECK_FALSE(rtp::is_binding_indication(ind.data(), 19));
  auto request = seed("chrome_check_consent");
  CHECK_FALSE(rtp::is_binding_indication(request.data(), request.size()));
  auto bad_cookie = ind;
  bad_cookie[5] = 0x13;
  CHECK_FALSE(rtp::is_binding_indication(bad_cookie.data(), bad_cookie.size()));
  auto odd_length = ind;
  odd_length[3] = 0x07;
  CHECK_FALSE(rtp::is_binding_indication(odd_length.data(), odd_length.size()));
}
