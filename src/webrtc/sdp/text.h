#pragma once
// ASCII helpers shared by the SDP parser and the answer munging. SDP is
// ASCII in every field we read (RFC 8866 §5); media type and parameter
// names compare case-insensitively (RFC 6838 §4.2, §4.3).
#include <charconv>
#include <optional>
#include <string>
#include <string_view>

namespace ocop::webrtc::sdp::detail {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

inline std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

inline bool is_space(char c) { return c == ' ' || c == '\t'; }

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

inline bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// A decimal integer in [min, max] made of digits only: no sign, no spaces.
// At most 10 digits so the value always fits before the range check.
inline std::optional<int> parse_int(std::string_view s, int min, int max) {
  if (s.empty() || s.size() > 10) return std::nullopt;
  long long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !is_digit(s.front())) return std::nullopt;
  if (v < min || v > max) return std::nullopt;
  return static_cast<int>(v);
}

}  // namespace ocop::webrtc::sdp::detail
