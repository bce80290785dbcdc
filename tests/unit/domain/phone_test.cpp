#include <catch2/catch.hpp>

#include <algorithm>
#include <iterator>
#include <string>

#include "domain/phone.h"

using ocop::domain::is_vn_mobile_prefix;
using ocop::domain::normalize_vn_phone;

SCENARIO("Vietnamese mobile numbers are normalized", "[domain][phone]") {
  GIVEN("the spellings buyers type") {
    THEN("each becomes 0xxxxxxxxx") {
      CHECK(normalize_vn_phone("0912345678") == "0912345678");
      CHECK(normalize_vn_phone("091 234 5678") == "0912345678");
      CHECK(normalize_vn_phone("091.234.5678") == "0912345678");
      CHECK(normalize_vn_phone("091-234-5678") == "0912345678");
      CHECK(normalize_vn_phone("0912 345 678") == "0912345678");
      CHECK(normalize_vn_phone("091 - 234 - 5678") == "0912345678");
      CHECK(normalize_vn_phone("  0912345678  ") == "0912345678");
      CHECK(normalize_vn_phone("+84912345678") == "0912345678");
      CHECK(normalize_vn_phone("+84 91 234 5678") == "0912345678");
      CHECK(normalize_vn_phone("84912345678") == "0912345678");
      CHECK(normalize_vn_phone("+84-339-123-456") == "0339123456");
    }
  }
  GIVEN("each mobile prefix range") {
    THEN("exactly the listed prefixes pass") {
      const int valid[] = {32, 33, 34, 35, 36, 37, 38, 39, 52, 55, 56, 58, 59, 70, 76, 77, 78,
                           79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 96, 97,
                           98, 99};
      int count = 0;
      for (int p = 10; p <= 99; ++p) {
        const bool expected = std::find(std::begin(valid), std::end(valid), p) != std::end(valid);
        INFO(p);
        CHECK(is_vn_mobile_prefix(p) == expected);
        const auto number = "0" + std::to_string(p) + "1234567";
        CHECK(normalize_vn_phone(number).has_value() == expected);
        count += expected;
      }
      CHECK(count == 36);
    }
  }
  GIVEN("things that are not a mobile number") {
    THEN("they are rejected") {
      CHECK_FALSE(normalize_vn_phone(""));
      CHECK_FALSE(normalize_vn_phone("0243 826 1234"));  // Hà Nội landline (11 digits)
      CHECK_FALSE(normalize_vn_phone("02838221234"));    // HCMC landline
      CHECK_FALSE(normalize_vn_phone("0951234567"));     // 095 is not a mobile prefix
      CHECK_FALSE(normalize_vn_phone("091234567"));      // 9 digits
      CHECK_FALSE(normalize_vn_phone("09123456789"));    // 11 digits
      CHECK_FALSE(normalize_vn_phone("912345678"));      // no trunk 0
      CHECK_FALSE(normalize_vn_phone("+840912345678"));  // +84 then 0: 10 digits after 84
      CHECK_FALSE(normalize_vn_phone("+0912345678"));    // + without country code
      CHECK_FALSE(normalize_vn_phone("+1 415 555 0100"));
      CHECK_FALSE(normalize_vn_phone("+ 84912345678"));  // separator right after +
      CHECK_FALSE(normalize_vn_phone("-0912345678"));
      CHECK_FALSE(normalize_vn_phone("0912345678-"));
      CHECK_FALSE(normalize_vn_phone("(091) 234 5678"));
      CHECK_FALSE(normalize_vn_phone("091234567O"));     // letter O
      CHECK_FALSE(normalize_vn_phone("0912345678; DROP TABLE orders"));
      CHECK_FALSE(normalize_vn_phone("０９１２３４５６７８"));  // full-width digits
      CHECK_FALSE(normalize_vn_phone("0 9 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7"));  // too long
    }
  }
}
