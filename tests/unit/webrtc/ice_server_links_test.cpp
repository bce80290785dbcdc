#include <catch2/catch.hpp>

#include "webrtc/ice_server_links.h"

using namespace ocop::webrtc;

SCENARIO("a STUN server becomes an ice-server Link", "[webrtc][whep]") {
  auto l = stun_link("stun://stun.l.google.com:19302");
  REQUIRE(l.ok());
  CHECK(*l == "<stun:stun.l.google.com:19302>; rel=\"ice-server\"");
  CHECK(*stun_link("stun://127.0.0.1") == "<stun:127.0.0.1>; rel=\"ice-server\"");
  CHECK(*stun_link("stun://[2001:db8::1]:3478") == "<stun:[2001:db8::1]:3478>; rel=\"ice-server\"");
  for (const char* bad : {"", "stun:stun.example.vn:3478", "turn://stun.example.vn", "stun://", "stun://a.vn:0",
                          "stun://a.vn:70000", "stun://a.vn:x", "stun://a.vn/x", "stun://a.vn>; rel=x",
                          "stun://a.vn\r\nSet-Cookie: x=1", "stun://[::1"}) {
    INFO(bad);
    CHECK_FALSE(stun_link(bad).ok());
  }
}

SCENARIO("a TURN server becomes a Link with its credentials", "[webrtc][whep]") {
  auto l = turn_link("turn://ocop:s3cret@turn.example.vn:3478");
  REQUIRE(l.ok());
  CHECK(*l == "<turn:turn.example.vn:3478>; rel=\"ice-server\"; username=\"ocop\"; credential=\"s3cret\"");

  GIVEN("TLS and a transport") {
    CHECK(*turn_link("turns://u:p@turn.example.vn:5349?transport=tcp") ==
          "<turns:turn.example.vn:5349?transport=tcp>; rel=\"ice-server\"; username=\"u\"; credential=\"p\"");
  }
  GIVEN("percent-encoded credentials, as webrtcbin reads them") {
    CHECK(*turn_link("turn://user%40shop:p%3Aa%22ss%5C@10.0.0.1:3478") ==
          "<turn:10.0.0.1:3478>; rel=\"ice-server\"; username=\"user@shop\"; credential=\"p:a\\\"ss\\\\\"");
  }
  GIVEN("no credentials") {
    CHECK(*turn_link("turn://turn.example.vn:3478") == "<turn:turn.example.vn:3478>; rel=\"ice-server\"");
  }
  GIVEN("a user without a password") {
    CHECK(*turn_link("turn://u@turn.example.vn") == "<turn:turn.example.vn>; rel=\"ice-server\"; username=\"u\"; "
                                                    "credential=\"\"");
  }
  GIVEN("malformed URLs") {
    for (const char* bad : {"", "turn:u:p@turn.example.vn", "stun://turn.example.vn", "turn://u:p@",
                            "turn://u:p@turn.example.vn:3478?transport=sctp", "turn://u:p@turn.example.vn/x",
                            "turn://u:%zz@turn.example.vn", "turn://u:%0d%0aX-Evil: 1@turn.example.vn",
                            "turn://u:p@turn.example.vn:65536"}) {
      INFO(bad);
      CHECK_FALSE(turn_link(bad).ok());
    }
  }
}
