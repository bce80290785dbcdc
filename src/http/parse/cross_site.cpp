#include "http/parse/cross_site.h"

#include <algorithm>
#include <cctype>

namespace ocop::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// "host[:port]" of "scheme://host[:port]", empty if it is not that shape.
std::string_view authority_of(std::string_view origin) {
  const size_t sep = origin.find("://");
  if (sep == std::string_view::npos || sep == 0) return {};
  const std::string_view rest = origin.substr(sep + 3);
  if (rest.empty() || rest.find_first_of("/?#@ \t") != std::string_view::npos) return {};
  return rest;
}

// Without the scheme's default port, so "x:80" and "x" compare equal.
std::string_view strip_default_port(std::string_view authority, std::string_view scheme) {
  const std::string_view port = scheme == "https" ? ":443" : ":80";
  if (authority.size() > port.size() && authority.substr(authority.size() - port.size()) == port)
    return authority.substr(0, authority.size() - port.size());
  return authority;
}

}  // namespace

bool origin_allowed(std::string_view origin, std::string_view host, const std::vector<std::string>& allowed) {
  if (origin.empty()) return true;
  for (const auto& a : allowed)
    if (iequals(a, origin)) return true;
  const std::string_view authority = authority_of(origin);
  if (authority.empty() || host.empty()) return false;
  const std::string_view scheme = origin.substr(0, origin.find("://"));
  return iequals(strip_default_port(authority, scheme), strip_default_port(host, scheme)) ||
         iequals(authority, host);
}

bool json_content_type_ok(std::string_view content_type, size_t body_size) {
  if (content_type.empty()) return body_size == 0;
  const std::string_view media = content_type.substr(0, content_type.find(';'));
  std::string_view trimmed = media;
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) trimmed.remove_suffix(1);
  return iequals(trimmed, "application/json");
}

}  // namespace ocop::http
