#include <catch2/catch.hpp>

#include "http/open_graph.h"

using namespace ocop::http;

SCENARIO("Open Graph tags escape what a seller typed", "[http][og]") {
  OpenGraph og{"HTX \"Bông\" <script>alert(1)</script> & Co", "Đặc sản 'Huế'", "http://h/booths/1", ""};
  const std::string tags = open_graph_tags(og);
  CHECK(tags.find("<script>") == std::string::npos);
  CHECK(tags.find("content=\"HTX &quot;Bông&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co\"") != std::string::npos);
  CHECK(tags.find("content=\"Đặc sản &#39;Huế&#39;\"") != std::string::npos);
  CHECK(tags.find("og:image") == std::string::npos);  // no picture: no tag
  CHECK(tags.find("twitter:card") == std::string::npos);
  og.image = "https://cho.example.vn/thumbs/booths/1.jpg";
  CHECK(open_graph_tags(og).find("<meta property=\"og:image\" content=\"https://cho.example.vn/thumbs/booths/1.jpg\">") !=
        std::string::npos);
}

SCENARIO("page origins come only from plain host names", "[http][og]") {
  CHECK(page_origin("cho.ocop.example.vn", true) == "https://cho.ocop.example.vn");
  CHECK(page_origin("127.0.0.1:8080", false) == "http://127.0.0.1:8080");
  CHECK(page_origin("[::1]:8080", false) == "http://[::1]:8080");
  for (const char* bad : {"", "evil.com/\"><script>", "a b", "host\r\nx: y", "x@y"}) {
    INFO(bad);
    CHECK(page_origin(bad, false).empty());
  }
}
