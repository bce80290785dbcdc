#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <set>
#include <string>

#include "domain/ocop.h"
#include "domain/text.h"

using namespace ocop::domain;

SCENARIO("Dates are strict YYYY-MM-DD calendar days", "[domain][ocop][date]") {
  GIVEN("real days") {
    THEN("they parse and format back") {
      for (const char* text : {"2024-02-29", "2000-02-29", "2025-07-01", "1900-01-01", "2999-12-31"}) {
        INFO(text);
        auto d = parse_date(text);
        REQUIRE(d.has_value());
        CHECK(format_date(*d) == text);
      }
    }
  }
  GIVEN("days that do not exist or are badly written") {
    THEN("they are refused") {
      for (const char* text : {"2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01",
                               "2024-00-10", "2024-01-00", "2024-1-01", "2024/01/01",
                               " 2024-01-01", "2024-01-01 ", "1899-12-31", "3000-01-01",
                               "20240101", "", "2024-0a-01", "+024-01-01"}) {
        INFO(text);
        CHECK_FALSE(parse_date(text).has_value());
      }
    }
  }
  GIVEN("Unix times") {
    THEN("day starts and dates convert both ways") {
      CHECK(to_unix_day_start({1970, 1, 1}) == 0);
      CHECK(to_unix_day_start({2024, 2, 29}) == 1709164800);
      CHECK(format_date(date_of_unix(0)) == "1970-01-01");
      CHECK(format_date(date_of_unix(-1)) == "1969-12-31");
      CHECK(format_date(date_of_unix(1709164800 + 86399)) == "2024-02-29");
      CHECK(format_date(date_of_unix(1709164800 + 86400)) == "2024-03-01");
    }
  }
}

SCENARIO("A certificate is valid for 36 months", "[domain][ocop][certificate]") {
  GIVEN("an ordinary date") {
    THEN("it expires on the same day 36 months later") {
      CHECK(format_date(certificate_expiry({2023, 1, 31})) == "2026-01-31");
      CHECK(format_date(certificate_expiry({2022, 12, 15})) == "2025-12-15");
    }
  }
  GIVEN("29 February") {
    THEN("the expiry is clamped to 28 February of a common year") {
      CHECK(format_date(certificate_expiry({2024, 2, 29})) == "2027-02-28");
      CHECK(format_date(add_months({2024, 1, 31}, 1)) == "2024-02-29");
      CHECK(format_date(add_months({2023, 1, 31}, 1)) == "2023-02-28");
      CHECK(format_date(add_months({2024, 11, 30}, 3)) == "2025-02-28");
    }
  }
  GIVEN("the validity window") {
    const Date certified{2024, 2, 29};
    // Midnight in Vietnam is 17:00 UTC the day before.
    const int64_t start = to_unix_day_start(certified) - kVietnamUtcOffsetSeconds;
    const int64_t end = to_unix_day_start({2027, 2, 28}) - kVietnamUtcOffsetSeconds;
    THEN("it runs from the certificate's day to the expiry day in Vietnam, exclusive") {
      CHECK_FALSE(certificate_valid_on(certified, start - 1));
      CHECK(certificate_valid_on(certified, start));
      CHECK(certificate_valid_on(certified, end - 1));
      CHECK_FALSE(certificate_valid_on(certified, end));
    }
  }
}

SCENARIO("Prices are shown the vi-VN way", "[domain][ocop][vnd]") {
  CHECK(format_vnd(125000) == "125.000 ₫");
  CHECK(format_vnd(0) == "0 ₫");
  CHECK(format_vnd(999) == "999 ₫");
  CHECK(format_vnd(1000) == "1.000 ₫");
  CHECK(format_vnd(1000000) == "1.000.000 ₫");
  CHECK(format_vnd(kMaxPriceVnd) == "1.000.000.000 ₫");
  CHECK(format_vnd(-1500) == "-1.500 ₫");
  CHECK(format_vnd(std::numeric_limits<int64_t>::min()) == "-9.223.372.036.854.775.808 ₫");
}

SCENARIO("Vietnam has 34 province-level units", "[domain][ocop][province]") {
  const auto& list = provinces();
  CHECK(list.size() == 34);
  CHECK(std::set<std::string_view>(list.begin(), list.end()).size() == 34);
  THEN("the six cities come first") {
    CHECK(list[0] == "Hà Nội");
    CHECK(list[4] == "Thành phố Hồ Chí Minh");
    CHECK(list[5] == "Cần Thơ");
  }
  THEN("names are exact Vietnamese spellings") {
    for (auto p : list) CHECK(is_valid_utf8(p));
    CHECK(is_province("Đắk Lắk"));
    CHECK(is_province("Khánh Hòa"));
    CHECK_FALSE(is_province("Ha Noi"));
    CHECK_FALSE(is_province("hà nội"));
    CHECK_FALSE(is_province("Hà Nội "));
    CHECK_FALSE(is_province("Bình Dương"));  // merged into Thành phố Hồ Chí Minh in 2025
    CHECK_FALSE(is_province(""));
  }
}

SCENARIO("OCOP product groups and stars", "[domain][ocop][group]") {
  std::set<std::string_view> codes;
  for (const auto& g : product_groups()) codes.insert(g.code);
  CHECK(codes == std::set<std::string_view>{"food", "beverage", "herbal", "textile", "souvenir",
                                            "tourism"});
  CHECK(product_groups().front().label_vi == "Thực phẩm");
  CHECK(is_product_group("herbal"));
  CHECK_FALSE(is_product_group("Food"));
  CHECK_FALSE(is_product_group(""));
  CHECK_FALSE(is_valid_stars(2));
  CHECK(is_valid_stars(3));
  CHECK(is_valid_stars(5));
  CHECK_FALSE(is_valid_stars(6));
}
