#include <catch2/catch.hpp>

#include "http/parse/cookie.h"
#include "http/parse/json_body.h"
#include "http/parse/query.h"
#include "http/parse/range.h"
#include "http/parse/route.h"

using namespace ocop::http;

SCENARIO("route patterns match ids and literal segments only", "[http][route]") {
  std::vector<int64_t> ids;
  CHECK(match_route("/api/v1/booths/{id}", "/api/v1/booths/42", ids));
  CHECK(ids == std::vector<int64_t>{42});
  CHECK(match_route("/a/{id}/b/{id}", "/a/1/b/999999999999999", ids));
  CHECK(ids == std::vector<int64_t>{1, 999999999999999});
  CHECK(match_route("/", "/", ids));
  for (const char* bad : {"/api/v1/booths/", "/api/v1/booths/0", "/api/v1/booths/01", "/api/v1/booths/-1",
                          "/api/v1/booths/1x", "/api/v1/booths/1/", "/api/v1/booths/1/x", "/api/v1/booth/1",
                          "/api/v1/booths/1234567890123456", "api/v1/booths/1", "/api/v1/booths/ 1", ""}) {
    INFO(bad);
    CHECK_FALSE(match_route("/api/v1/booths/{id}", bad, ids));
  }
}

SCENARIO("token segments match opaque ids", "[http][route]") {
  std::vector<int64_t> ids;
  std::vector<std::string> tokens;
  CHECK(match_route("/whep/sessions/{token}", "/whep/sessions/a1B2_c-3", ids, tokens));
  CHECK(tokens == std::vector<std::string>{"a1B2_c-3"});
  for (const char* bad : {"/whep/sessions/", "/whep/sessions/a.b", "/whep/sessions/a%20b", "/whep/sessions/x/y"})
    CHECK_FALSE(match_route("/whep/sessions/{token}", bad, ids, tokens));
  CHECK_FALSE(match_route("/whep/sessions/{token}", "/whep/sessions/" + std::string(65, 'a'), ids, tokens));
}

SCENARIO("one byte range is read from a Range header", "[http][range]") {
  using K = ByteRange::Kind;
  auto r = parse_range("bytes=0-", 1000);
  CHECK((r.kind == K::kPart && r.first == 0 && r.last == 999));
  r = parse_range("bytes=100-199", 1000);
  CHECK((r.kind == K::kPart && r.first == 100 && r.last == 199));
  r = parse_range("bytes=900-5000", 1000);
  CHECK((r.kind == K::kPart && r.first == 900 && r.last == 999));
  r = parse_range("bytes=-100", 1000);
  CHECK((r.kind == K::kPart && r.first == 900 && r.last == 999));
  r = parse_range("bytes=-5000", 1000);
  CHECK((r.kind == K::kPart && r.first == 0 && r.last == 999));
  r = parse_range(" bytes= 5 - 9 ", 1000);
  CHECK((r.kind == K::kPart && r.first == 5 && r.last == 9));
  for (const char* unsat : {"bytes=1000-", "bytes=1000-2000", "bytes=-0"}) {
    INFO(unsat);
    CHECK(parse_range(unsat, 1000).kind == K::kUnsatisfiable);
  }
  CHECK(parse_range("bytes=0-", 0).kind == K::kUnsatisfiable);
  for (const char* ignored : {"", "bytes=", "bytes=a-b", "bytes=5-1", "items=0-5", "bytes=0-1,5-9", "bytes=--5",
                              "bytes=1-2-3", "bytes=99999999999999999999-", "bytes=+1-2", "bytes=0x10-"}) {
    INFO(ignored);
    CHECK(parse_range(ignored, 1000).kind == K::kWhole);
  }
}

SCENARIO("a placeholder may carry a literal suffix", "[http][route]") {
  std::vector<int64_t> ids;
  std::vector<std::string> tokens;
  CHECK(match_route("/thumbs/booths/{id}.jpg", "/thumbs/booths/7.jpg", ids));
  CHECK(ids == std::vector<int64_t>{7});
  CHECK(match_route("/hls/booths/{id}/{token}.ts", "/hls/booths/3/12-1-00042.ts", ids, tokens));
  CHECK(ids == std::vector<int64_t>{3});
  CHECK(tokens == std::vector<std::string>{"12-1-00042"});
  for (const char* bad : {"/thumbs/booths/7", "/thumbs/booths/.jpg", "/thumbs/booths/7.jpeg", "/thumbs/booths/7.jpg/",
                          "/thumbs/booths/07.jpg", "/thumbs/booths/7x.jpg", "/thumbs/booths/jpg"}) {
    INFO(bad);
    CHECK_FALSE(match_route("/thumbs/booths/{id}.jpg", bad, ids));
  }
  for (const char* bad : {"/hls/booths/3/.ts", "/hls/booths/3/a.b.ts", "/hls/booths/3/..%2f.ts", "/hls/booths/3/x.ts.ts",
                          "/hls/booths/3/x.m3u8"}) {
    INFO(bad);
    CHECK_FALSE(match_route("/hls/booths/{id}/{token}.ts", bad, ids, tokens));
  }
}

SCENARIO("query strings decode with limits", "[http][query]") {
  auto q = parse_query("province=C%C3%A0+Mau&stars=4&stars=5&flag");
  REQUIRE(q.ok());
  CHECK(q->at("province") == "Cà Mau");
  CHECK(q->at("stars") == "4");  // the first wins
  CHECK(q->at("flag").empty());
  CHECK_FALSE(parse_query("a=%zz").ok());
  CHECK_FALSE(parse_query("a=%4").ok());
  CHECK_FALSE(parse_query("a=%00").ok());
  CHECK_FALSE(parse_query("=x").ok());
  CHECK_FALSE(parse_query(std::string(3000, 'a')).ok());
  std::string many;
  for (int i = 0; i < 40; ++i) many += "k" + std::to_string(i) + "=1&";
  CHECK_FALSE(parse_query(many).ok());

  auto d = query_from_decoded_pairs({"a=x&y", "b", "c=1=2"});
  REQUIRE(d.ok());
  CHECK(d->at("a") == "x&y");
  CHECK(d->at("b").empty());
  CHECK(d->at("c") == "1=2");
  CHECK_FALSE(query_from_decoded_pairs({"=v"}).ok());
  CHECK_FALSE(query_from_decoded_pairs({std::string("a=\0b", 4)}).ok());
}

SCENARIO("cookies are found by exact name", "[http][cookie]") {
  CHECK(cookie_value("a=1; ocop_session=abc; b=2", "ocop_session") == std::optional<std::string>("abc"));
  CHECK(cookie_value("xocop_session=abc", "ocop_session") == std::nullopt);
  CHECK(cookie_value("ocop_session=\"q\"", "ocop_session") == std::optional<std::string>("q"));
  CHECK(cookie_value("", "a") == std::nullopt);
  CHECK(cookie_value(";;;=;", "a") == std::nullopt);
  CHECK(cookie_value(std::string(10000, 'a'), "a") == std::nullopt);
}

SCENARIO("JSON bodies must be one object, not too deep", "[http][json]") {
  CHECK(parse_json_object("{\"a\":[1,{\"b\":2}]}").ok());
  for (const char* bad : {"", "[]", "1", "\"s\"", "{", "{\"a\":1}x", "{'a':1}", "{\"a\":\"\xC0\xAF\"}"}) {
    INFO(bad);
    auto r = parse_json_object(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "bad_json");
  }
  std::string deep = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
  CHECK_FALSE(parse_json_object(deep).ok());
  std::string ok_depth = "{\"a\":" + std::string(10, '[') + std::string(10, ']') + "}";
  CHECK(parse_json_object(ok_depth).ok());
}
