#pragma once
// Vietnamese mobile numbers, as buyers type them into the order sheet.
// Cash-on-delivery orders live or die by a reachable phone, so we accept the
// common spellings and store one canonical form the seller can call.
#include <optional>
#include <string>
#include <string_view>

namespace ocop::domain {

// Accepts "0912345678", "091 234 5678", "091.234.5678", "091-234-5678",
// "+84912345678", "+84 91 234 5678" and "84912345678" (surrounding ASCII
// spaces are ignored; separators are spaces, dots and dashes between digits).
// Returns "0xxxxxxxxx" for a mobile prefix (after the 0: 32-39, 52, 55, 56,
// 58, 59, 70, 76-79, 81-89, 90-94, 96-99); landlines and anything else are
// rejected with nullopt.
std::optional<std::string> normalize_vn_phone(std::string_view text);

// True for the two digits after the leading 0 of a mobile number.
bool is_vn_mobile_prefix(int two_digits);

}  // namespace ocop::domain
