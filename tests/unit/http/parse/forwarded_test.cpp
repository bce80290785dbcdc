#include <catch2/catch.hpp>

#include "http/parse/forwarded.h"

using ocop::http::client_address;
using ocop::http::is_ip_literal;

SCENARIO("the client's address behind a trusted proxy", "[http][forwarded]") {
  const std::vector<std::string> proxy = {"127.0.0.1", "10.0.0.2"};
  GIVEN("a request straight from a client") {
    THEN("X-Forwarded-For is the client's own word, and ignored") {
      CHECK(client_address("203.0.113.7", "1.2.3.4", proxy) == "203.0.113.7");
      CHECK(client_address("203.0.113.7", "", proxy) == "203.0.113.7");
    }
  }
  GIVEN("a request through our proxy") {
    THEN("the address the proxy saw is the client") {
      CHECK(client_address("127.0.0.1", "198.51.100.4", proxy) == "198.51.100.4");
      CHECK(client_address("127.0.0.1", " 198.51.100.4 ", proxy) == "198.51.100.4");
      CHECK(client_address("127.0.0.1", "2001:db8::7", proxy) == "2001:db8::7");
    }
    THEN("what the client wrote before our proxy appended cannot be believed") {
      CHECK(client_address("127.0.0.1", "6.6.6.6, 198.51.100.4", proxy) == "198.51.100.4");
    }
    THEN("a chain of our own proxies is walked through") {
      CHECK(client_address("127.0.0.1", "6.6.6.6, 198.51.100.4, 10.0.0.2", proxy) == "198.51.100.4");
    }
    THEN("garbage stops the walk at the last address passed") {
      CHECK(client_address("127.0.0.1", "", proxy) == "127.0.0.1");
      CHECK(client_address("127.0.0.1", "unknown", proxy) == "127.0.0.1");
      CHECK(client_address("127.0.0.1", "198.51.100.4, 10.0.0.2, not-an-ip", proxy) == "127.0.0.1");
      CHECK(client_address("127.0.0.1", "1.2.3.4:5678", proxy) == "127.0.0.1");
      CHECK(client_address("127.0.0.1", std::string(5000, ','), proxy) == "127.0.0.1");
    }
    THEN("only so many hops are read") {
      std::string chain = "198.51.100.4";
      for (int i = 0; i < 40; ++i) chain += ", 10.0.0.2";
      CHECK(client_address("127.0.0.1", chain, proxy) == "10.0.0.2");
    }
  }
  CHECK(is_ip_literal("127.0.0.1"));
  CHECK(is_ip_literal("::1"));
  CHECK_FALSE(is_ip_literal("localhost"));
  CHECK_FALSE(is_ip_literal("127.0.0.1/8"));
  CHECK_FALSE(is_ip_literal(""));
}
