#include "http/parse/query.h"

namespace ocop::http {
namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      char v = static_cast<char>(hi * 16 + lo);
      if (v == '\0') return false;
      out.push_back(v);
      i += 2;
    } else if (c == '\0') {
      return false;
    } else {
      out.push_back(c);
    }
  }
  return true;
}

Result<QueryParams> parse_query(std::string_view q, const QueryLimits& limits) {
  if (q.size() > limits.max_length) return make_error("invalid", "query string too long");
  QueryParams params;
  size_t count = 0;
  size_t start = 0;
  while (start <= q.size()) {
    size_t end = q.find('&', start);
    if (end == std::string_view::npos) end = q.size();
    std::string_view pair = q.substr(start, end - start);
    if (!pair.empty()) {
      if (++count > limits.max_params) return make_error("invalid", "too many query parameters");
      size_t eq = pair.find('=');
      std::string key, value;
      if (!percent_decode(pair.substr(0, eq), key) ||
          (eq != std::string_view::npos && !percent_decode(pair.substr(eq + 1), value)))
        return make_error("invalid", "bad percent-encoding in the query string");
      if (key.empty()) return make_error("invalid", "query parameter without a name");
      params.emplace(std::move(key), std::move(value));
    }
    start = end + 1;
  }
  return params;
}

Result<QueryParams> query_from_decoded_pairs(const std::vector<std::string>& pairs, const QueryLimits& limits) {
  if (pairs.size() > limits.max_params) return make_error("invalid", "too many query parameters");
  QueryParams params;
  size_t total = 0;
  for (const auto& pair : pairs) {
    total += pair.size() + 1;
    if (total > limits.max_length) return make_error("invalid", "query string too long");
    if (pair.empty()) continue;
    if (pair.find('\0') != std::string::npos) return make_error("invalid", "NUL in the query string");
    size_t eq = pair.find('=');
    std::string key = pair.substr(0, eq);
    if (key.empty()) return make_error("invalid", "query parameter without a name");
    params.emplace(std::move(key), eq == std::string::npos ? std::string() : pair.substr(eq + 1));
  }
  return params;
}

}  // namespace ocop::http
