#include "http/parse/range.h"

namespace ocop::http {

namespace {

bool parse_number(std::string_view s, uint64_t& out) { return parse_decimal(s, out); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

ByteRange parse_range(std::string_view header, uint64_t size) {
  ByteRange whole;
  header = trim(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.size() <= kUnit.size() || header.substr(0, kUnit.size()) != kUnit) return whole;
  std::string_view spec = trim(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return whole;  // several ranges: the whole answer is allowed
  const size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  const std::string_view a = trim(spec.substr(0, dash)), b = trim(spec.substr(dash + 1));
  ByteRange r;
  r.kind = ByteRange::Kind::kPart;
  if (a.empty()) {  // "-N": the last N bytes
    uint64_t n = 0;
    if (!parse_number(b, n)) return whole;
    if (n == 0 || size == 0) return ByteRange{ByteRange::Kind::kUnsatisfiable, 0, 0};
    r.first = n >= size ? 0 : size - n;
    r.last = size - 1;
    return r;
  }
  if (!parse_number(a, r.first)) return whole;
  if (b.empty()) {
    r.last = size ? size - 1 : 0;
  } else {
    if (!parse_number(b, r.last)) return whole;
    if (r.last < r.first) return whole;  // invalid: ignored, as RFC 9110 allows
    if (size && r.last >= size) r.last = size - 1;
  }
  if (r.first >= size) return ByteRange{ByteRange::Kind::kUnsatisfiable, 0, 0};
  return r;
}

}  // namespace ocop::http
