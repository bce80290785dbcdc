#include "http/parse/cors.h"

#include <algorithm>

namespace ocop::http {
namespace {

bool same_ascii_folded(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

HeaderList cors_headers(const std::vector<std::string>& allowed, std::string_view origin, std::string_view expose) {
  HeaderList out;
  const bool any = std::find(allowed.begin(), allowed.end(), "*") != allowed.end();
  std::string grant;
  if (any) {
    grant = "*";
  } else {
    out.emplace_back("vary", "Origin");
    // "null" (sandboxed frames, file: pages) is shared by unrelated documents:
    // never granted by name.
    if (!origin.empty() && origin != "null" &&
        std::any_of(allowed.begin(), allowed.end(), [&](const std::string& a) { return same_ascii_folded(a, origin); }))
      grant = std::string(origin);
  }
  if (grant.empty()) return out;
  out.emplace_back("access-control-allow-origin", std::move(grant));
  if (!expose.empty()) out.emplace_back("access-control-expose-headers", std::string(expose));
  return out;
}

HeaderList cors_preflight_headers(std::string_view methods, std::string_view request_headers, int max_age_seconds) {
  HeaderList out;
  out.emplace_back("access-control-allow-methods", std::string(methods));
  if (!request_headers.empty()) out.emplace_back("access-control-allow-headers", std::string(request_headers));
  out.emplace_back("access-control-max-age", std::to_string(max_age_seconds));
  return out;
}

bool is_cors_origin(std::string_view text) {
  if (text == "*") return true;
  const size_t sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0) return false;
  for (size_t i = 0; i < sep; ++i) {
    const char c = text[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool digit = c >= '0' && c <= '9';
    if (!(alpha || (i > 0 && (digit || c == '+' || c == '-' || c == '.')))) return false;
  }
  const std::string_view authority = text.substr(sep + 3);
  if (authority.empty()) return false;
  std::string_view host = authority;
  if (host.front() == '[') {  // IPv6 literal
    const size_t close = host.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    for (char c : host.substr(1, close - 1))
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.'))
        return false;
    host = host.substr(close + 1);
    if (!host.empty() && host.front() != ':') return false;
  } else {
    const size_t colon = host.find(':');
    const std::string_view name = host.substr(0, colon);
    if (name.empty()) return false;
    for (char c : name)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
        return false;
    host = colon == std::string_view::npos ? std::string_view{} : host.substr(colon);
  }
  if (host.empty()) return true;
  const std::string_view port = host.substr(1);  // after ':'
  if (port.empty() || port.size() > 5) return false;
  int value = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return value <= 65535;
}

}  // namespace ocop::http
