#include "http/parse/route.h"

#include "common/decimal.h"

namespace ocop::http {

bool parse_id(std::string_view t, int64_t& out) {
  uint64_t v = 0;
  if (t.empty() || t[0] == '0' || !parse_decimal(t, v, 15)) return false;
  out = static_cast<int64_t>(v);
  return true;
}

bool is_token(std::string_view t) {
  if (t.empty() || t.size() > 64) return false;
  for (char c : t)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  return true;
}

bool match_route(std::string_view pattern, std::string_view path, std::vector<int64_t>& ids) {
  std::vector<std::string> tokens;
  return match_route(pattern, path, ids, tokens);
}

bool match_route(std::string_view pattern, std::string_view path, std::vector<int64_t>& ids,
                 std::vector<std::string>& tokens) {
  ids.clear();
  tokens.clear();
  size_t pi = 0, si = 0;
  while (pi < pattern.size() || si < path.size()) {
    if (pi >= pattern.size() || si >= path.size()) return false;
    if (pattern[pi] != '/' || path[si] != '/') return false;
    ++pi;
    ++si;
    size_t pe = pattern.find('/', pi);
    size_t se = path.find('/', si);
    if (pe == std::string_view::npos) pe = pattern.size();
    if (se == std::string_view::npos) se = path.size();
    std::string_view pseg = pattern.substr(pi, pe - pi);
    std::string_view sseg = path.substr(si, se - si);
    // "{id}.jpg", "{token}.ts": a placeholder may carry a literal suffix.
    std::string_view suffix;
    if (!pseg.empty() && pseg.front() == '{') {
      const size_t close = pseg.find('}');
      if (close != std::string_view::npos) {
        suffix = pseg.substr(close + 1);
        pseg = pseg.substr(0, close + 1);
        if (sseg.size() <= suffix.size() || sseg.substr(sseg.size() - suffix.size()) != suffix) return false;
        sseg.remove_suffix(suffix.size());
      }
    }
    if (pseg == "{token}") {
      if (!is_token(sseg)) return false;
      tokens.emplace_back(sseg);
    } else if (pseg.size() >= 2 && pseg.front() == '{' && pseg.back() == '}') {
      int64_t id = 0;
      if (!parse_id(sseg, id)) return false;
      ids.push_back(id);
    } else if (pseg != sseg) {
      return false;
    }
    pi = pe;
    si = se;
  }
  return true;
}

}  // namespace ocop::http
