#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "domain/ocop.h"
#include "domain/validate.h"

using namespace ocop::domain;
using nlohmann::json;

namespace {

// 2025-09-01 12:00 UTC.
const int64_t kNow = to_unix_day_start({2025, 9, 1}) + 12 * 3600;

json valid_product() {
  return {
      {"name", "Mật ong rừng Tây Bắc"},
      {"producer", "HTX Nông nghiệp Mường Khương"},
      {"province", "Lào Cai"},
      {"group", "food"},
      {"stars", 4},
      {"certificate_date", "2024-02-29"},
      {"price", 125000},
      {"unit", "chai 500 ml"},
      {"stock", 40},
      {"story", "Ong nuôi dưới tán rừng.\nThu hoạch tháng 4."},
      {"image_url", "/media/mat-ong.jpg"},
      {"traceability_url", "https://truyxuat.example.vn/sp/123"},
  };
}

std::string create_error(const json& body) {
  auto r = validate_product_create(body, kNow);
  if (r) return "";
  CHECK(r.error().code == "invalid");
  return r.error().message;
}

std::string with_field(const char* key, const json& value) {
  json body = valid_product();
  body[key] = value;
  return create_error(body);
}

}  // namespace

SCENARIO("A valid product body is accepted", "[domain][validate][product]") {
  auto r = validate_product_create(valid_product(), kNow);
  REQUIRE(r.ok());
  Product p;
  p.id = 7;
  p.booth_id = 3;
  r->apply_to(p);
  CHECK(p.id == 7);
  CHECK(p.booth_id == 3);
  CHECK(p.name == "Mật ong rừng Tây Bắc");
  CHECK(p.province == "Lào Cai");
  CHECK(p.stars == 4);
  CHECK(p.price == 125000);
  CHECK(p.story == "Ong nuôi dưới tán rừng.\nThu hoạch tháng 4.");
  CHECK(p.traceability_url == "https://truyxuat.example.vn/sp/123");

  WHEN("the optional text fields are left out") {
    json body = valid_product();
    body.erase("story");
    body.erase("image_url");
    body.erase("traceability_url");
    auto r2 = validate_product_create(body, kNow);
    REQUIRE(r2.ok());
    THEN("they default to empty") {
      CHECK(r2->story == std::optional<std::string>(""));
      CHECK(r2->image_url == std::optional<std::string>(""));
    }
  }
  WHEN("text carries markup, quotes and SQL") {
    json body = valid_product();
    body["name"] = "<script>alert(1)</script> \"Trà\" '; DROP TABLE products; --";
    auto r2 = validate_product_create(body, kNow);
    REQUIRE(r2.ok());
    THEN("it is data and passes unchanged") {
      CHECK(*r2->name == "<script>alert(1)</script> \"Trà\" '; DROP TABLE products; --");
    }
  }
  WHEN("names have spaces around them") {
    json body = valid_product();
    body["name"] = "\xC2\xA0 Trà Shan tuyết  ";
    THEN("they are trimmed") { CHECK(*validate_product_create(body, kNow)->name == "Trà Shan tuyết"); }
  }
}

SCENARIO("Product fields are checked one rule at a time", "[domain][validate][product]") {
  GIVEN("a missing required field") {
    for (const char* key : {"name", "producer", "province", "group", "stars", "certificate_date",
                            "price", "unit", "stock"}) {
      json body = valid_product();
      body.erase(key);
      INFO(key);
      CHECK(create_error(body) == std::string(key) + ": is required");
    }
  }
  GIVEN("text lengths in characters, not bytes") {
    CHECK(with_field("name", std::string(120, 'a')) == "");
    CHECK(with_field("name", std::string(121, 'a')) == "name: must be 1 to 120 characters");
    // 120 Vietnamese letters are 240+ bytes and still fine.
    std::string viet;
    for (int i = 0; i < 120; ++i) viet += "ạ";
    CHECK(with_field("name", viet) == "");
    CHECK(with_field("name", "") == "name: must not be empty");
    CHECK(with_field("name", "   ") == "name: must not be empty");
    CHECK(with_field("producer", std::string(161, 'x')) == "producer: must be 1 to 160 characters");
    CHECK(with_field("unit", std::string(21, 'x')) == "unit: must be 1 to 20 characters");
    CHECK(with_field("story", std::string(4000, 'x')) == "");
    CHECK(with_field("story", std::string(4001, 'x')) == "story: must be at most 4000 characters");
  }
  GIVEN("wrong JSON types") {
    CHECK(with_field("name", 5) == "name: must be a string");
    CHECK(with_field("name", nullptr) == "name: must be a string");
    CHECK(with_field("price", "125000") == "price: must be an integer from 0 to 1000000000");
    CHECK(with_field("stars", 4.0) == "stars: must be an integer from 3 to 5");
    CHECK(with_field("stars", true) == "stars: must be an integer from 3 to 5");
    CHECK(with_field("stock", json::array()) == "stock: must be an integer from 0 to 1000000");
  }
  GIVEN("numbers out of range") {
    CHECK(with_field("stars", 2) == "stars: must be an integer from 3 to 5");
    CHECK(with_field("stars", 6) == "stars: must be an integer from 3 to 5");
    CHECK(with_field("price", -1) == "price: must be an integer from 0 to 1000000000");
    CHECK(with_field("price", 0) == "");
    CHECK(with_field("price", kMaxPriceVnd) == "");
    CHECK(with_field("price", kMaxPriceVnd + 1) == "price: must be an integer from 0 to 1000000000");
    CHECK(with_field("stock", kMaxStock + 1) == "stock: must be an integer from 0 to 1000000");
    CHECK(with_field("price", json::parse("1e300")) == "price: must be an integer from 0 to 1000000000");
    CHECK(with_field("price", json::parse("9223372036854775808")) ==
          "price: must be an integer from 0 to 1000000000");
    CHECK(with_field("price", json::parse("18446744073709551615")) ==
          "price: must be an integer from 0 to 1000000000");
  }
  GIVEN("provinces and groups") {
    CHECK(with_field("province", "Thành phố Hồ Chí Minh") == "");
    CHECK(with_field("province", "Ha Noi").rfind("province: must be one of the 34 provinces", 0) == 0);
    CHECK(with_field("province", "Bình Dương") != "");
    CHECK(with_field("group", "tourism") == "");
    CHECK(with_field("group", "drinks") ==
          "group: must be one of food, beverage, herbal, textile, souvenir, tourism");
  }
  GIVEN("certificate dates") {
    CHECK(with_field("certificate_date", "2025-09-01") == "");  // today
    CHECK(with_field("certificate_date", "2025-09-02") == "certificate_date: must not be in the future");
    THEN("today in Vietnam (UTC+7) counts, even while UTC is still on yesterday") {
      json body = valid_product();
      body["certificate_date"] = "2025-09-02";
      const int64_t vn_1am = to_unix_day_start({2025, 9, 1}) + 18 * 3600;  // 01:00 on 2 Sep in VN
      CHECK(validate_product_create(body, vn_1am).ok());
      CHECK_FALSE(validate_product_create(body, vn_1am - 3601).ok());
    }
    CHECK(with_field("certificate_date", "2023-02-29") == "certificate_date: must be a real date YYYY-MM-DD");
    CHECK(with_field("certificate_date", "01/09/2025") == "certificate_date: must be a real date YYYY-MM-DD");
    CHECK(with_field("certificate_date", "") == "certificate_date: must be a real date YYYY-MM-DD");
  }
  GIVEN("URLs") {
    for (const char* ok : {"", "/media/a.jpg", "https://cdn.example.vn/a.jpg", "HTTP://x.vn",
                           "https://vi.wikipedia.org/wiki/Mật_ong"}) {
      INFO(ok);
      CHECK(with_field("traceability_url", ok) == "");
    }
    // Pictures come from our own origin (uploads); the page's CSP blocks others.
    for (const char* ok : {"", "/media/photos/a.jpg", "/img/products/tra.svg"}) {
      INFO(ok);
      CHECK(with_field("image_url", ok) == "");
    }
    for (const char* bad : {"https://cdn.example.vn/a.jpg", "http://zalo.me/a.jpg", "javascript:alert(1)",
                            "//evil.example/a.jpg", "/\\evil.example", "ftp://x.vn/a", "media/a.jpg",
                            "/a b.jpg", "data:image/png;base64,AAAA"}) {
      INFO(bad);
      CHECK(with_field("image_url", bad) ==
            "image_url: upload the photo instead; links to other sites are not shown");
    }
    for (const char* bad : {"javascript:alert(1)", "//evil.example/a.jpg", "ftp://x.vn/a", "https://",
                            "https:///path", "https://x.vn/a b.jpg"}) {
      INFO(bad);
      CHECK(with_field("traceability_url", bad) ==
            "traceability_url: must be empty, a path starting with / or an http(s) URL");
    }
    CHECK(with_field("traceability_url", "https://x.vn/" + std::string(487, 'a')) == "");
    CHECK(with_field("traceability_url", "https://x.vn/" + std::string(488, 'a')) ==
          "traceability_url: must be at most 500 characters");
  }
  GIVEN("control characters") {
    CHECK(with_field("name", "Trà\nShan") == "name: must not contain control characters");
    CHECK(with_field("name", "Trà\tShan") == "name: must not contain control characters");
    CHECK(with_field("name", std::string("Trà\0Shan", 9)) == "name: must not contain control characters");
    CHECK(with_field("producer", "HTX \xE2\x80\xAE" "abc") == "producer: must not contain control characters");
    CHECK(with_field("story", "line one\nline two") == "");
    CHECK(with_field("story", "tab\there") == "story: must not contain control characters");
    CHECK(with_field("story", "bell\x07") == "story: must not contain control characters");
  }
  GIVEN("Windows line ends in the story") {
    auto r = validate_product_create([] { auto b = valid_product(); b["story"] = "a\r\nb"; return b; }(), kNow);
    REQUIRE(r.ok());
    THEN("they are stored as \\n") { CHECK(*r->story == "a\nb"); }
  }
  GIVEN("invalid UTF-8 in a value built in code") {
    CHECK(with_field("name", "\xC0\xAF") == "name: must be valid UTF-8");
    CHECK(with_field("story", "\xED\xA0\x80") == "story: must be valid UTF-8");
  }
  GIVEN("unknown keys") {
    CHECK(with_field("colour", "red") == "colour: unknown field");
    CHECK(with_field("id", 9) == "id: unknown field");
    CHECK(with_field(std::string(100, 'k').c_str(), 1) == std::string(64, 'k') + "...: unknown field");
  }
  GIVEN("a body that is not an object") {
    CHECK(create_error(json::array()) == "body: must be a JSON object");
    CHECK(create_error(json("text")) == "body: must be a JSON object");
    CHECK(create_error(json()) == "body: must be a JSON object");
  }
}

SCENARIO("A product update checks only the fields it carries", "[domain][validate][product]") {
  GIVEN("a partial body") {
    auto r = validate_product_update({{"price", 99000}, {"stock", 0}}, kNow);
    REQUIRE(r.ok());
    THEN("only those fields change") {
      CHECK_FALSE(r->name.has_value());
      CHECK_FALSE(r->story.has_value());
      Product p;
      p.name = "Trà";
      p.price = 1;
      p.stock = 5;
      r->apply_to(p);
      CHECK(p.name == "Trà");
      CHECK(p.price == 99000);
      CHECK(p.stock == 0);
    }
  }
  GIVEN("an empty body") {
    THEN("nothing is required") { CHECK(validate_product_update(json::object(), kNow).ok()); }
  }
  GIVEN("a bad field") {
    auto r = validate_product_update({{"stars", 7}}, kNow);
    REQUIRE_FALSE(r.ok());
    THEN("the same rule applies") { CHECK(r.error().message == "stars: must be an integer from 3 to 5"); }
  }
  GIVEN("an unknown field") {
    auto r = validate_product_update({{"booth_id", 2}}, kNow);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "booth_id: unknown field");
  }
}

SCENARIO("A changed OCOP claim goes back to the organizer", "[domain][validate][product][ocop]") {
  Product approved;
  approved.stars = 4;
  approved.certificate_date = "2024-02-29";
  approved.certificate_number = "123/QĐ-UBND";
  approved.ocop_status = OcopStatus::kApproved;
  GIVEN("an edit of price and stock only") {
    Product p = approved;
    validate_product_update({{"price", 5000}, {"stock", 3}}, kNow)->apply_to(p);
    THEN("the approval stands") { CHECK(p.ocop_status == OcopStatus::kApproved); }
  }
  GIVEN("the same claim sent again") {
    Product p = approved;
    validate_product_update({{"stars", 4}, {"certificate_date", "2024-02-29"}}, kNow)->apply_to(p);
    THEN("the approval stands") { CHECK(p.ocop_status == OcopStatus::kApproved); }
  }
  GIVEN("more stars, a new date or a new certificate number") {
    for (const json& body : {json{{"stars", 5}}, json{{"certificate_date", "2024-03-01"}},
                             json{{"certificate_number", "9/QĐ-UBND"}}}) {
      Product p = approved;
      p.ocop_status = OcopStatus::kRejected;
      p.ocop_reason = "số chứng nhận không khớp";
      validate_product_update(body, kNow)->apply_to(p);
      CHECK(p.ocop_status == OcopStatus::kPending);
      CHECK(p.ocop_reason.empty());
    }
  }
}

SCENARIO("An organizer's OCOP review", "[domain][validate][ocop]") {
  CHECK(validate_ocop_review({{"approved", true}})->approved);
  CHECK(validate_ocop_review({{"approved", true}, {"reason", "đúng"}})->reason == "đúng");
  auto rejected = validate_ocop_review({{"approved", false}, {"reason", "  Giấy chứng nhận đã hết hạn "}});
  REQUIRE(rejected.ok());
  CHECK_FALSE(rejected->approved);
  CHECK(rejected->reason == "Giấy chứng nhận đã hết hạn");
  CHECK(validate_ocop_review({{"approved", false}}).error().message == "reason: is required");
  CHECK(validate_ocop_review({{"approved", false}, {"reason", "   "}}).error().message.rfind("reason:", 0) == 0);
  CHECK(validate_ocop_review({{"approved", "yes"}}).error().message == "approved: must be true or false");
  CHECK(validate_ocop_review(json::object()).error().message == "approved: must be true or false");
  CHECK(validate_ocop_review({{"approved", true}, {"status", "approved"}}).error().message == "status: unknown field");
  CHECK(validate_ocop_review({{"approved", false}, {"reason", std::string(301, 'x')}}).error().message.rfind("reason:", 0) == 0);
}
