#include "domain/ocop.h"

#include <algorithm>
#include <cstdio>

namespace ocop::domain {

const std::vector<ProductGroup>& product_groups() {
  static const std::vector<ProductGroup> groups = {
      {"food", "Thực phẩm", "Food"},
      {"beverage", "Đồ uống", "Beverages"},
      {"herbal", "Thảo dược", "Herbal products"},
      {"textile", "Vải và may mặc", "Textiles and garments"},
      {"souvenir", "Lưu niệm – nội thất – trang trí", "Souvenirs, furniture and decoration"},
      {"tourism", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
       "Community and eco-tourism services and destinations"},
  };
  return groups;
}

bool is_product_group(std::string_view code) {
  const auto& g = product_groups();
  return std::any_of(g.begin(), g.end(), [&](const ProductGroup& p) { return p.code == code; });
}

const std::vector<std::string_view>& provinces() {
  static const std::vector<std::string_view> list = {
      "Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Cần Thơ",
      "Tuyên Quang", "Cao Bằng", "Lai Châu", "Lào Cai", "Thái Nguyên", "Điện Biên",
      "Lạng Sơn", "Sơn La", "Phú Thọ", "Bắc Ninh", "Quảng Ninh", "Hưng Yên",
      "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Quảng Ngãi",
      "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Đồng Nai", "Tây Ninh",
      "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
  };
  return list;
}

bool is_province(std::string_view name) {
  const auto& p = provinces();
  return std::find(p.begin(), p.end(), name) != p.end();
}

bool is_valid_stars(int stars) { return stars >= kMinStars && stars <= kMaxStars; }

namespace {
bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}
// Howard Hinnant's days_from_civil.
int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
}  // namespace

std::optional<Date> parse_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto num = [&](size_t pos, size_t len, int& out) {
    out = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      out = out * 10 + (t[i] - '0');
    }
    return true;
  };
  Date d;
  if (!num(0, 4, d.year) || !num(5, 2, d.month) || !num(8, 2, d.day)) return std::nullopt;
  if (d.year < 1900 || d.year > 2999 || d.month < 1 || d.month > 12) return std::nullopt;
  if (d.day < 1 || d.day > days_in_month(d.year, d.month)) return std::nullopt;
  return d;
}

std::string format_date(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

Date add_months(const Date& d, int months) {
  int total = d.year * 12 + (d.month - 1) + months;
  Date r{total / 12, total % 12 + 1, d.day};
  r.day = std::min(r.day, days_in_month(r.year, r.month));
  return r;
}

Date certificate_expiry(const Date& certified) { return add_months(certified, kCertificateMonths); }

int64_t to_unix_day_start(const Date& d) { return days_from_civil(d.year, d.month, d.day) * 86400; }

Date date_of_unix(int64_t s) {
  // Hinnant's civil_from_days.
  int64_t z = (s >= 0 ? s : s - 86399) / 86400 + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2));
  return {y, m, d};
}

bool certificate_valid_on(const Date& certified, int64_t now_unix) {
  const int64_t vietnam_now = now_unix + kVietnamUtcOffsetSeconds;
  return vietnam_now >= to_unix_day_start(certified) &&
         vietnam_now < to_unix_day_start(certificate_expiry(certified));
}

std::string format_vnd(int64_t amount) {
  const bool negative = amount < 0;
  uint64_t v = negative ? 0 - static_cast<uint64_t>(amount) : static_cast<uint64_t>(amount);
  std::string digits = std::to_string(v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return (negative ? "-" : "") + out + " ₫";
}

}  // namespace ocop::domain
