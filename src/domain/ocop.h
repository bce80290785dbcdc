#pragma once
// OCOP programme facts (DESIGN.md §4): product groups, stars, provinces,
// certificate validity, VND formatting. Pure functions, no I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace ocop::domain {

struct ProductGroup {
  std::string_view code;      // stable API value, e.g. "food"
  std::string_view label_vi;  // Decision 148/QĐ-TTg wording
  std::string_view label_en;
};

const std::vector<ProductGroup>& product_groups();
bool is_product_group(std::string_view code);

// The 34 province-level units since 1 July 2025 (6 cities first).
const std::vector<std::string_view>& provinces();
bool is_province(std::string_view name);

constexpr int kMinStars = 3;  // only 3★ and up are OCOP products
constexpr int kMaxStars = 5;
bool is_valid_stars(int stars);

// A certificate is valid 36 months from its date.
constexpr int kCertificateMonths = 36;

struct Date {
  int year = 0, month = 0, day = 0;
};
// Strict YYYY-MM-DD with a real calendar day.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(const Date& d);
Date add_months(const Date& d, int months);  // clamps the day to the month's end
Date certificate_expiry(const Date& certified);
// Unix seconds (UTC) of the start of a date, and the UTC date of a time.
int64_t to_unix_day_start(const Date& d);
Date date_of_unix(int64_t unix_seconds);
// OCOP dates are calendar days in Vietnam (UTC+7, no daylight saving).
constexpr int64_t kVietnamUtcOffsetSeconds = 7 * 3600;
// Valid from the certificate's day to its expiry day (exclusive), both as
// days in Vietnam.
bool certificate_valid_on(const Date& certified, int64_t now_unix);

// "125.000 ₫": vi-VN groups thousands with '.'.
std::string format_vnd(int64_t amount);

// Upper bounds on stored prices and stock, so totals cannot overflow.
constexpr int64_t kMaxPriceVnd = 1'000'000'000;  // one billion VND per unit
constexpr int64_t kMaxStock = 1'000'000;

}  // namespace ocop::domain
