#include <catch2/catch.hpp>

#include "webrtc/sdp/announce.h"

using ocop::webrtc::sdp::announce_address;

SCENARIO("a public address is announced beside each UDP host candidate", "[sdp][announce]") {
  const std::string answer =
      "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
      "a=candidate:1 1 UDP 2015363327 10.0.0.5 40001 typ host\r\n"
      "a=candidate:2 1 TCP 1015021823 10.0.0.5 9 typ host tcptype active\r\n"
      "a=candidate:3 1 UDP 1679819007 203.0.113.7 40001 typ srflx raddr 10.0.0.5 rport 40001\r\n";
  const std::string out = announce_address(answer, "198.51.100.20");
  THEN("the UDP host candidate gets a twin on the public address, same port, lower priority") {
    CHECK(out.find("a=candidate:19 1 UDP 2015363326 198.51.100.20 40001 typ host\r\n") != std::string::npos);
  }
  THEN("TCP and non-host candidates are left alone, and the rest is unchanged") {
    CHECK(out.find("198.51.100.20 9 typ host tcptype") == std::string::npos);
    CHECK(out.find("198.51.100.20 40001 typ srflx") == std::string::npos);
    CHECK(out.size() == answer.size() + std::string("a=candidate:19 1 UDP 2015363326 198.51.100.20 40001 typ host\r\n").size());
  }
  THEN("a candidate already on the public address is not doubled") {
    const std::string again = announce_address("a=candidate:1 1 UDP 5 198.51.100.20 1 typ host\r\n", "198.51.100.20");
    CHECK(again == "a=candidate:1 1 UDP 5 198.51.100.20 1 typ host\r\n");
  }
  THEN("LF-only text and a last line without a newline keep their style") {
    CHECK(announce_address("a=candidate:1 1 udp 7 10.0.0.1 5 typ host\n", "1.2.3.4") ==
          "a=candidate:1 1 udp 7 10.0.0.1 5 typ host\na=candidate:19 1 udp 6 1.2.3.4 5 typ host\n");
    CHECK(announce_address("a=candidate:1 1 UDP 7 10.0.0.1 5 typ host", "1.2.3.4") ==
          "a=candidate:1 1 UDP 7 10.0.0.1 5 typ host\r\na=candidate:19 1 UDP 6 1.2.3.4 5 typ host");
  }
  THEN("malformed candidate lines pass through untouched") {
    for (const char* bad : {"a=candidate:\r\n", "a=candidate:1 1 UDP\r\n", "a=candidate:1 1 UDP x y z typ\r\n"})
      CHECK(announce_address(bad, "1.2.3.4") == bad);
  }
}
