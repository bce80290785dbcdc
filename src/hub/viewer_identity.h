#pragma once
// Anonymous viewers keep their identity across reconnects with a signed
// cookie, "ocop_viewer=<id>.<hmac>": the id is random, the HMAC-SHA256
// (truncated to 128 bits) stops a client from choosing someone else's id.
#include <cstdint>
#include <optional>
#include <string>

namespace ocop::hub {

inline constexpr const char* kViewerCookie = "ocop_viewer";

class ViewerIdentity {
 public:
  explicit ViewerIdentity(std::string secret, bool secure_cookie = false)
      : secret_(std::move(secret)), secure_(secure_cookie) {}
  // The viewer id of a Cookie header, if its signature holds.
  std::optional<int64_t> from_cookie_header(const std::string& cookie_header) const;
  int64_t new_id() const;
  std::string cookie_value(int64_t id) const;
  // A Set-Cookie header value (one year, HttpOnly, SameSite=Lax).
  std::string set_cookie(int64_t id) const;
  // An opaque key of a client address for orders (16 hex characters): the
  // same address always gives the same key on this server, so a seller can
  // see and cancel a cluster of orders from one address, and neither the
  // seller nor a stolen database learns the address itself.
  std::string client_key(const std::string& address) const;

 private:
  std::string sign(int64_t id) const;
  std::string secret_;
  bool secure_ = false;
};

}  // namespace ocop::hub
