// The demo market day is what every demo, screenshot and e2e test shows:
// it must obey the OCOP rules the server enforces (DESIGN.md §4).
#include "store/demo_data.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "domain/ocop.h"


namespace {

using ocop::store::demo_market_day;
namespace domain = ocop::domain;

// The build defines OCOP_SOURCE_DIR; a standalone compile falls back to the
// repository root as seen from this file (tests/unit/store/ is three deep).
std::filesystem::path source_dir() {
#ifdef OCOP_SOURCE_DIR
  return OCOP_SOURCE_DIR;
#else
  auto root = std::filesystem::absolute(__FILE__).parent_path().parent_path().parent_path().parent_path();
  return root;
#endif
}

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Strict UTF-8 check and a rough NFC check: Vietnamese text must use
// precomposed letters, so no combining diacritics (U+0300..U+036F).
bool utf8_without_combining_marks(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    unsigned cp = len == 1 ? c : c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp >= 0x300 && cp <= 0x36F) return false;
    i += len;
  }
  return true;
}

}  // namespace

TEST_CASE("demo market day has a Vietnamese title and enough booths", "[store][demo]") {
  const auto& day = demo_market_day();
  CHECK_FALSE(day.title.empty());
  CHECK(utf8_without_combining_marks(day.title));
  CHECK(day.booths.size() >= 6);
  CHECK(&day == &demo_market_day());  // built once
}

TEST_CASE("demo booths are in distinct, current provinces", "[store][demo]") {
  std::set<std::string> provinces, booth_names;
  for (const auto& b : demo_market_day().booths) {
    INFO(b.name);
    CHECK(domain::is_province(b.province));
    CHECK(provinces.insert(b.province).second);
    CHECK(booth_names.insert(b.name).second);
    CHECK(utf8_without_combining_marks(b.name));
    CHECK(b.products.size() >= 4);
  }
}

TEST_CASE("demo products follow the OCOP rules", "[store][demo]") {
  // The certificates must still be valid on the day this data was written
  // (36 months from each date).
  const auto today = domain::parse_date("2026-11-28");
  REQUIRE(today);
  const int64_t now = domain::to_unix_day_start(*today);
  const auto earliest = domain::parse_date("2024-03-01");
  const auto latest = domain::parse_date("2026-09-30");
  REQUIRE(earliest);
  REQUIRE(latest);

  std::set<std::string> names, groups;
  size_t count = 0;
  for (const auto& b : demo_market_day().booths) {
    for (const auto& p : b.products) {
      INFO(b.name << " / " << p.name);
      ++count;
      CHECK(names.insert(p.name).second);
      CHECK_FALSE(p.producer.empty());
      CHECK(domain::is_province(p.province));
      CHECK(domain::is_product_group(p.group));
      groups.insert(p.group);
      CHECK(domain::is_valid_stars(p.stars));

      const auto cert = domain::parse_date(p.certificate_date);
      REQUIRE(cert);
      CHECK(domain::certificate_valid_on(*cert, now));
      CHECK(domain::to_unix_day_start(*cert) >= domain::to_unix_day_start(*earliest));
      CHECK(domain::to_unix_day_start(*cert) <= domain::to_unix_day_start(*latest));

      CHECK(p.price > 0);
      CHECK(p.price <= domain::kMaxPriceVnd);
      CHECK(p.stock >= 20);
      CHECK(p.stock <= 500);
      CHECK_FALSE(p.unit.empty());
      CHECK(p.story.size() > 80);
      CHECK(p.traceability_url.rfind("https://", 0) == 0);

      for (const std::string* text : {&p.name, &p.producer, &p.unit, &p.story}) {
        CHECK(utf8_without_combining_marks(*text));
      }
    }
  }
  CHECK(count >= 6 * 4);
  // A market day shows the range of the programme, tourism included.
  CHECK(groups.size() >= 5);
  CHECK(groups.count("tourism") == 1);
}

TEST_CASE("demo product images exist, are small and inert", "[store][demo]") {
  const std::filesystem::path web = source_dir() / "web-client";
  std::set<std::string> urls;
  for (const auto& b : demo_market_day().booths) {
    for (const auto& p : b.products) {
      INFO(p.name << " -> " << p.image_url);
      CHECK(urls.insert(p.image_url).second);
      REQUIRE(p.image_url.rfind("/img/products/", 0) == 0);
      REQUIRE(p.image_url.size() > 4);
      CHECK(p.image_url.substr(p.image_url.size() - 4) == ".svg");
      for (char c : p.image_url) {
        CHECK(static_cast<unsigned char>(c) < 0x80);  // ASCII slugs only
      }

      const auto file = web / p.image_url.substr(1);
      REQUIRE(std::filesystem::is_regular_file(file));
      CHECK(std::filesystem::file_size(file) < 3 * 1024);
      const std::string svg = read_all(file);
      CHECK(svg.find("<svg") != std::string::npos);
      CHECK(svg.find("viewBox=\"0 0 400 300\"") != std::string::npos);
      CHECK(svg.find("<script") == std::string::npos);
      CHECK(svg.find("href") == std::string::npos);  // no external references
    }
  }
}
