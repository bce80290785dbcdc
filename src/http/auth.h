#pragma once
// Login sessions: an HttpOnly SameSite cookie holding a random token; the
// store keeps only its SHA-256. Failed logins are limited per address.
#include <deque>
#include <map>
#include <optional>
#include <string>

#include "common/result.h"
#include "config/config.h"
#include "domain/model.h"
#include "store/store.h"

namespace ocop::http {

inline constexpr const char* kSessionCookie = "ocop_session";

class Auth {
 public:
  Auth(store::Store& store, const config::HttpConfig& cfg) : store_(store), cfg_(cfg) {}

  // The logged-in user of a Cookie header, if any.
  std::optional<domain::User> user_of(const std::string& cookie_header, int64_t now);

  struct LoginOk {
    domain::User user;
    std::string set_cookie;
  };
  // A login in two halves, so the password check (scrypt) can run off the
  // control thread between them. start: errors "rate_limited" (too many
  // failures from `peer` or for `username`); gives the hash to check against
  // (a dummy one for an unknown user: the same cost, so timing tells nothing).
  struct LoginCheck {
    std::string username;
    std::optional<store::Credentials> cred;
    std::string stored_hash;
  };
  Result<LoginCheck> login_start(const std::string& username, const std::string& peer, int64_t now);
  // finish: errors "unauthorized", and "forbidden" (rule account_disabled)
  // for the right password of a disabled account.
  Result<LoginOk> login_finish(const LoginCheck& check, bool password_ok, const std::string& peer, int64_t now);
  // A new session for `user` (after a password change) and its Set-Cookie.
  Result<LoginOk> start_session(const domain::User& user, int64_t now);
  // The stored hash of the cookie's session token, or "".
  static std::string session_hash(const std::string& cookie_header);
  // Counts a wrong current password (a password change) like a failed login.
  void count_failure(const std::string& peer, const std::string& username, int64_t now);
  // Ends the session of the cookie; returns the Set-Cookie that clears it.
  std::string logout(const std::string& cookie_header);

 private:
  bool over_limit(const std::string& peer, int64_t now);

  store::Store& store_;
  const config::HttpConfig& cfg_;
  std::map<std::string, std::deque<int64_t>> failures_;  // peer -> failure times
};

}  // namespace ocop::http
