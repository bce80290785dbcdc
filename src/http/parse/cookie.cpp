#include "http/parse/cookie.h"

namespace ocop::http {

std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
  if (header.size() > 8192) return std::nullopt;
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(pos, end - pos);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    size_t eq = item.find('=');
    if (eq != std::string_view::npos && item.substr(0, eq) == name) {
      std::string_view v = item.substr(eq + 1);
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
    pos = end + 1;
  }
  return std::nullopt;
}

}  // namespace ocop::http
