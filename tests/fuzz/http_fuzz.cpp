// libFuzzer target over our HTTP request parsing: route matching, query
// strings, cookies, JSON bodies and Range headers. None may crash, hang or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "http/parse/cookie.h"
#include "http/parse/json_body.h"
#include "http/parse/query.h"
#include "http/parse/range.h"
#include "http/parse/route.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<int64_t> ids;
  (void)ocop::http::match_route("/api/v1/booths/{id}/products", in, ids);
  (void)ocop::http::match_route(in, "/api/v1/booths/7", ids);
  (void)ocop::http::parse_query(in);
  std::vector<std::string> pairs;
  size_t start = 0;
  for (size_t i = 0; i <= in.size(); ++i) {
    if (i == in.size() || in[i] == '&') {
      pairs.emplace_back(in.substr(start, i - start));
      start = i + 1;
    }
  }
  (void)ocop::http::query_from_decoded_pairs(pairs);
  (void)ocop::http::cookie_value(in, "ocop_session");
  (void)ocop::http::parse_json_object(in);
  const auto r = ocop::http::parse_range(in, size * 977);
  if (r.kind == ocop::http::ByteRange::Kind::kPart && (r.last < r.first || r.last >= size * 977)) __builtin_trap();
  return 0;
}
