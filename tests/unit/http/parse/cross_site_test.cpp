#include <catch2/catch.hpp>

#include "http/parse/cross_site.h"

using namespace ocop::http;

SCENARIO("a request's Origin is this server's, a listed one, or foreign", "[http][cross_site]") {
  const std::vector<std::string> none;
  const std::vector<std::string> listed = {"https://portal.tuyenquang.gov.vn"};
  CHECK(origin_allowed("", "127.0.0.1:8080", none));  // curl, or a same-origin GET
  CHECK(origin_allowed("http://127.0.0.1:8080", "127.0.0.1:8080", none));
  CHECK(origin_allowed("https://cho.ocop.vn", "cho.ocop.vn", none));        // behind a TLS proxy
  CHECK(origin_allowed("https://cho.ocop.vn", "cho.ocop.vn:443", none));
  CHECK(origin_allowed("http://cho.ocop.vn", "cho.ocop.vn:80", none));
  CHECK(origin_allowed("HTTP://Cho.Ocop.VN", "cho.ocop.vn", none));
  CHECK(origin_allowed("https://portal.tuyenquang.gov.vn", "cho.ocop.vn", listed));
  CHECK(origin_allowed("HTTPS://PORTAL.tuyenquang.gov.vn", "cho.ocop.vn", listed));

  CHECK_FALSE(origin_allowed("http://127.0.0.1:9999", "127.0.0.1:8080", none));  // another port: another site
  CHECK_FALSE(origin_allowed("http://127.0.0.2:8080", "127.0.0.1:8080", none));
  CHECK_FALSE(origin_allowed("https://evil.example", "cho.ocop.vn", listed));
  CHECK_FALSE(origin_allowed("null", "cho.ocop.vn", none));
  CHECK_FALSE(origin_allowed("https://cho.ocop.vn.evil.example", "cho.ocop.vn", none));
  CHECK_FALSE(origin_allowed("https://evil.example@cho.ocop.vn", "cho.ocop.vn", none));
  CHECK_FALSE(origin_allowed("https://cho.ocop.vn/", "cho.ocop.vn", none));
  CHECK_FALSE(origin_allowed("cho.ocop.vn", "cho.ocop.vn", none));
  CHECK_FALSE(origin_allowed("://cho.ocop.vn", "cho.ocop.vn", none));
  CHECK_FALSE(origin_allowed("https://cho.ocop.vn", "", none));
  CHECK_FALSE(origin_allowed("https://portal.tuyenquang.gov.vn.evil", "cho.ocop.vn", listed));
}

SCENARIO("JSON routes take JSON, or nothing", "[http][cross_site]") {
  CHECK(json_content_type_ok("application/json", 10));
  CHECK(json_content_type_ok("application/json; charset=utf-8", 10));
  CHECK(json_content_type_ok("Application/JSON ;charset=UTF-8", 10));
  CHECK(json_content_type_ok("", 0));
  CHECK_FALSE(json_content_type_ok("", 2));
  CHECK_FALSE(json_content_type_ok("text/plain", 10));  // what a cross-site form sends
  CHECK_FALSE(json_content_type_ok("text/plain;charset=UTF-8", 0));
  CHECK_FALSE(json_content_type_ok("application/x-www-form-urlencoded", 0));
  CHECK_FALSE(json_content_type_ok("multipart/form-data; boundary=x", 10));
  CHECK_FALSE(json_content_type_ok("application/jsonp", 10));
  CHECK_FALSE(json_content_type_ok("application/json-patch+json", 10));
}
