#include "domain/phone.h"

namespace ocop::domain {

namespace {
// Longer than any sane spelling of a phone number; keeps hostile input cheap.
constexpr size_t kMaxPhoneInput = 32;

bool is_separator(char c) { return c == ' ' || c == '.' || c == '-'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

bool is_vn_mobile_prefix(int p) {
  switch (p / 10) {
    case 3: return p >= 32;
    case 5: return p == 52 || p == 55 || p == 56 || p == 58 || p == 59;
    case 7: return p == 70 || p >= 76;
    case 8: return p >= 81;
    case 9: return p != 95;
    default: return false;
  }
}

std::optional<std::string> normalize_vn_phone(std::string_view text) {
  if (text.size() > kMaxPhoneInput) return std::nullopt;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);

  bool plus = false;
  if (!text.empty() && text.front() == '+') {
    plus = true;
    text.remove_prefix(1);
  }
  std::string digits;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_digit(c)) {
      digits.push_back(c);
    } else if (is_separator(c)) {
      // Separators only between digit groups: never first, never last.
      if (digits.empty() || i + 1 == text.size()) return std::nullopt;
    } else {
      return std::nullopt;
    }
  }

  std::string national;  // the 9 digits after the trunk 0 or country code
  if (digits.size() == 11 && digits.compare(0, 2, "84") == 0) {
    national = digits.substr(2);
  } else if (!plus && digits.size() == 10 && digits[0] == '0') {
    national = digits.substr(1);
  } else {
    return std::nullopt;
  }
  const int prefix = (national[0] - '0') * 10 + (national[1] - '0');
  if (!is_vn_mobile_prefix(prefix)) return std::nullopt;
  return "0" + national;
}

}  // namespace ocop::domain
