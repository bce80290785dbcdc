#include "hub/viewer_identity.h"

#include <cstring>

#include "common/random.h"
#include "http/parse/cookie.h"
#include "http/parse/route.h"

namespace ocop::hub {

std::string ViewerIdentity::sign(int64_t id) const {
  return hmac_sha256_hex(secret_, "viewer:" + std::to_string(id)).substr(0, 32);
}

std::string ViewerIdentity::client_key(const std::string& address) const {
  if (address.empty()) return "";
  return hmac_sha256_hex(secret_, "address:" + address).substr(0, 16);
}

std::optional<int64_t> ViewerIdentity::from_cookie_header(const std::string& header) const {
  auto v = http::cookie_value(header, kViewerCookie);
  if (!v) return std::nullopt;
  auto dot = v->find('.');
  if (dot == std::string::npos) return std::nullopt;
  int64_t id = 0;
  if (!http::parse_id(std::string_view(*v).substr(0, dot), id)) return std::nullopt;
  if (!equal_constant_time(v->substr(dot + 1), sign(id))) return std::nullopt;
  return id;
}

int64_t ViewerIdentity::new_id() const {
  std::string raw = random_bytes(8);
  uint64_t v = 0;
  std::memcpy(&v, raw.data(), sizeof v);
  return static_cast<int64_t>(v % 900'000'000'000ULL) + 100'000'000ULL;  // 9-12 digits, never 0
}

std::string ViewerIdentity::cookie_value(int64_t id) const { return std::to_string(id) + "." + sign(id); }

std::string ViewerIdentity::set_cookie(int64_t id) const {
  return std::string(kViewerCookie) + "=" + cookie_value(id) + "; Path=/; HttpOnly; SameSite=Lax" +
         (secure_ ? "; Secure" : "") + "; Max-Age=31536000";
}

}  // namespace ocop::hub
