#include <catch2/catch.hpp>

#include <cstring>

#include "ingest/rtmp/handshake.h"
#include "rtmp_test_client.h"

using namespace ocop::rtmp;
using test::bytes_of;

namespace {

struct Answer {
  std::string s0, s1, s2;
};

Answer run_c0c1(ServerHandshake& hs, const std::string& c1) {
  std::string c0c1 = "\x03" + c1;
  auto used = hs.feed(bytes_of(c0c1), c0c1.size());
  REQUIRE(used.ok());
  CHECK(*used == c0c1.size());
  std::string out = hs.take_output();
  REQUIRE(out.size() == 1 + 2 * kHandshakeSize);
  return {out.substr(0, 1), out.substr(1, kHandshakeSize), out.substr(1 + kHandshakeSize)};
}

bool digest_valid(const std::string& block, DigestScheme scheme, const uint8_t* key, size_t key_size) {
  auto* b = bytes_of(block);
  size_t pos = digest_offset(b, scheme);
  auto expected = block_digest(b, pos, key, key_size);
  return std::memcmp(expected.data(), b + pos, kDigestSize) == 0;
}

}  // namespace

SCENARIO("plain handshake (RTMP spec §5.2)", "[rtmp][handshake]") {
  ServerHandshake hs;
  std::string c1 = test::make_c1(false);
  GIVEN("C0+C1 from a plain client") {
    Answer a = run_c0c1(hs, c1);
    THEN("S0 is version 3, S1 has time and zero, S2 echoes C1") {
      CHECK(a.s0 == "\x03");
      CHECK(a.s1.substr(4, 4) == std::string(4, '\0'));
      CHECK(a.s2 == c1);
      CHECK_FALSE(hs.digest_used());
      CHECK(hs.state() == ServerHandshake::State::kWaitC2);
    }
    AND_WHEN("C2 arrives with the first chunk right behind it") {
      std::string c2 = a.s1 + "\x02rest";
      auto used = hs.feed(bytes_of(c2), c2.size());
      REQUIRE(used.ok());
      THEN("only C2 is consumed and the handshake is done") {
        CHECK(*used == kHandshakeSize);
        CHECK(hs.done());
        CHECK(hs.take_output().empty());
      }
    }
  }
  GIVEN("C0+C1 one byte at a time") {
    std::string c0c1 = "\x03" + c1;
    for (size_t i = 0; i + 1 < c0c1.size(); ++i) {
      auto used = hs.feed(bytes_of(c0c1) + i, 1);
      REQUIRE(used.ok());
      REQUIRE(*used == 1);
    }
    THEN("nothing is answered until the last byte") {
      CHECK(hs.take_output().empty());
      auto used = hs.feed(bytes_of(c0c1) + c0c1.size() - 1, 1);
      REQUIRE(used.ok());
      CHECK(hs.take_output().size() == 1 + 2 * kHandshakeSize);
    }
  }
  GIVEN("a C0 asking for RTMPE (version 6)") {
    std::string c0 = "\x06";
    auto used = hs.feed(bytes_of(c0), 1);
    THEN("it is refused at once") {
      REQUIRE_FALSE(used.ok());
      CHECK_THAT(used.error().message, Catch::Contains("version 6"));
    }
  }
}

SCENARIO("digest handshake for Flash Player 9 clients (ffmpeg, librtmp)", "[rtmp][handshake]") {
  for (DigestScheme scheme : {DigestScheme::kOffset8, DigestScheme::kOffset772}) {
    DYNAMIC_SECTION("client digest with offset bytes at " << (scheme == DigestScheme::kOffset8 ? 8 : 772)) {
      ServerHandshake hs;
      std::string c1 = test::make_c1(true, scheme);
      REQUIRE(digest_valid(c1, scheme, kFlashPlayerKey.data(), kFlashPlayerKeyC1Size));
      Answer a = run_c0c1(hs, c1);
      CHECK(hs.digest_used());
      THEN("S1 carries a version and a server digest in the client's scheme") {
        CHECK(a.s1.substr(4, 4) != std::string(4, '\0'));
        CHECK(digest_valid(a.s1, scheme, kFlashMediaServerKey.data(), kFlashMediaServerKeyS1Size));
      }
      THEN("S2 is signed with HMAC(HMAC(full FMS key, C1 digest), S2 minus its digest) as librtmp checks") {
        size_t c1_pos = digest_offset(bytes_of(c1), scheme);
        auto key = hmac_sha256(kFlashMediaServerKey.data(), kFlashMediaServerKey.size(), bytes_of(c1) + c1_pos,
                               kDigestSize);
        auto expected = hmac_sha256(key.data(), key.size(), bytes_of(a.s2), kHandshakeSize - kDigestSize);
        CHECK(std::memcmp(expected.data(), bytes_of(a.s2) + kHandshakeSize - kDigestSize, kDigestSize) == 0);
        CHECK(a.s2 != c1);
      }
    }
  }
  GIVEN("a C1 that announces a version but whose digest is wrong") {
    ServerHandshake hs;
    std::string c1 = test::make_c1(true, DigestScheme::kOffset8);
    c1[1000] = static_cast<char>(c1[1000] ^ 0x01);
    Answer a = run_c0c1(hs, c1);
    THEN("the server falls back to the plain echo") {
      CHECK_FALSE(hs.digest_used());
      CHECK(a.s2 == c1);
    }
  }
}

SCENARIO("HMAC-SHA256 matches RFC 4231", "[rtmp][handshake]") {
  // RFC 4231 test case 2.
  std::string key = "Jefe";
  std::string data = "what do ya want for nothing?";
  auto mac = hmac_sha256(bytes_of(key), key.size(), bytes_of(data), data.size());
  const uint8_t expected[32] = {0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24,
                                0x26, 0x08, 0x95, 0x75, 0xc7, 0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27,
                                0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43};
  CHECK(std::memcmp(mac.data(), expected, 32) == 0);
}
