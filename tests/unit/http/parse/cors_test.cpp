#include <catch2/catch.hpp>

#include "http/parse/cors.h"

using namespace ocop::http;

namespace {

std::string value_of(const HeaderList& headers, const std::string& name) {
  for (const auto& [n, v] : headers)
    if (n == name) return v;
  return "(absent)";
}

}  // namespace

SCENARIO("any origin: a wildcard that does not depend on Origin", "[http][cors]") {
  const std::vector<std::string> any = {"*"};
  for (const char* origin : {"https://portal.tuyenquang.gov.vn", "", "null"}) {
    INFO(origin);
    const auto h = cors_headers(any, origin, "Location, Link, ETag");
    CHECK(value_of(h, "access-control-allow-origin") == "*");
    CHECK(value_of(h, "access-control-expose-headers") == "Location, Link, ETag");
    CHECK(value_of(h, "vary") == "(absent)");
  }
  // "*" anywhere in a list wins.
  CHECK(value_of(cors_headers({"https://a.vn", "*"}, "https://b.vn", ""), "access-control-allow-origin") == "*");
}

SCENARIO("a list of origins: listed ones echoed, others get nothing", "[http][cors]") {
  const std::vector<std::string> list = {"https://shop.example.vn", "http://127.0.0.2:8080"};
  GIVEN("a listed origin") {
    const auto h = cors_headers(list, "http://127.0.0.2:8080", "Location");
    CHECK(value_of(h, "access-control-allow-origin") == "http://127.0.0.2:8080");
    CHECK(value_of(h, "access-control-expose-headers") == "Location");
    CHECK(value_of(h, "vary") == "Origin");
  }
  GIVEN("the same origin in another case") {
    CHECK(value_of(cors_headers(list, "HTTPS://Shop.Example.VN", ""), "access-control-allow-origin") ==
          "HTTPS://Shop.Example.VN");
  }
  GIVEN("origins that are not listed, or only nearly") {
    for (const char* origin : {"https://evil.example", "https://shop.example.vn:443", "https://shop.example.vn/",
                               "http://shop.example.vn", "https://shop.example.vn.evil", "null", ""}) {
      INFO(origin);
      const auto h = cors_headers(list, origin, "Location");
      CHECK(value_of(h, "access-control-allow-origin") == "(absent)");
      CHECK(value_of(h, "access-control-expose-headers") == "(absent)");
      CHECK(value_of(h, "vary") == "Origin");  // a cache must not hand this answer to a listed origin
    }
  }
  GIVEN("an empty list") {
    const auto h = cors_headers({}, "https://shop.example.vn", "Location");
    CHECK(value_of(h, "access-control-allow-origin") == "(absent)");
  }
  GIVEN("\"null\" listed by name") {
    CHECK(value_of(cors_headers({"null"}, "null", ""), "access-control-allow-origin") == "(absent)");
  }
}

SCENARIO("a preflight answer names methods, request headers and a lifetime", "[http][cors]") {
  const auto h = cors_preflight_headers("POST, OPTIONS", "content-type, authorization", 7200);
  CHECK(value_of(h, "access-control-allow-methods") == "POST, OPTIONS");
  CHECK(value_of(h, "access-control-allow-headers") == "content-type, authorization");
  CHECK(value_of(h, "access-control-max-age") == "7200");
  CHECK(value_of(cors_preflight_headers("DELETE", "", 60), "access-control-allow-headers") == "(absent)");
}

SCENARIO("configured origins must be origins", "[http][cors]") {
  for (const char* good : {"*", "https://shop.example.vn", "http://127.0.0.2:8080", "https://[::1]:8443",
                           "http://localhost", "https://xn--hu-6ka.vn"}) {
    INFO(good);
    CHECK(is_cors_origin(good));
  }
  for (const char* bad : {"", "shop.example.vn", "https://", "https://shop.example.vn/", "https://a.vn/path",
                          "https://user@a.vn", "https://a.vn:", "https://a.vn:99999", "https://a.vn:80x",
                          "https://a.vn?x=1", "**", "https://*.example.vn", "://a.vn", "https://[::1",
                          "https://a b.vn", "1http://a.vn"}) {
    INFO(bad);
    CHECK_FALSE(is_cors_origin(bad));
  }
}
