#pragma once
// Decimal digits to a number, for every parser that reads one from a client.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ocop {

// Decimal digits only, at most `max_digits` (no sign, no space; "0" allowed).
inline bool parse_decimal(std::string_view text, uint64_t& out, size_t max_digits = 18) {
  if (text.empty() || text.size() > max_digits || max_digits > 18) return false;  // 18 digits never overflow
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  out = v;
  return true;
}

}  // namespace ocop
