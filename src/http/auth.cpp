#include "http/auth.h"

#include "common/password.h"
#include "common/random.h"
#include "http/parse/cookie.h"

namespace ocop::http {
namespace {
// Verifying an unknown user still costs one hash, so timing does not tell
// which user names exist.
const std::string& dummy_hash() {
  static const std::string h = hash_password(random_hex(16));
  return h;
}
}  // namespace

std::optional<domain::User> Auth::user_of(const std::string& cookie_header, int64_t now) {
  auto token = cookie_value(cookie_header, kSessionCookie);
  if (!token || token->size() != 64) return std::nullopt;
  return store_.session_user(sha256_hex(*token), now);
}

bool Auth::over_limit(const std::string& peer, int64_t now) {
  auto& times = failures_[peer];
  while (!times.empty() && times.front() <= now - 60) times.pop_front();
  if (failures_.size() > 10000) {  // bound memory under an address sweep
    for (auto it = failures_.begin(); it != failures_.end();)
      it = (it->second.empty() || it->second.back() <= now - 60) ? failures_.erase(it) : std::next(it);
  }
  return static_cast<int>(times.size()) >= cfg_.login_attempts_per_minute;
}

Result<Auth::LoginCheck> Auth::login_start(const std::string& username, const std::string& peer, int64_t now) {
  // Per address, and per account (a guesser who spreads over addresses).
  if (over_limit(peer, now) || over_limit("user:" + username, now))
    return make_error("rate_limited", "too many failed logins; wait a minute");
  LoginCheck check{username, store_.credentials(username), {}};
  check.stored_hash = check.cred ? check.cred->password_hash : dummy_hash();
  return check;
}

Result<Auth::LoginOk> Auth::login_finish(const LoginCheck& check, bool password_ok, const std::string& peer,
                                         int64_t now) {
  const auto& cred = check.cred;
  if (!password_ok || !cred) {
    count_failure(peer, check.username, now);
    return make_error("unauthorized", "wrong user name or password");
  }
  // Said only to whoever knows the password: it tells no stranger anything.
  if (cred->disabled) return Error{"forbidden", "this account is disabled; ask the organizers", "", "account_disabled"};
  return start_session(cred->user, now);
}

void Auth::count_failure(const std::string& peer, const std::string& username, int64_t now) {
  failures_[peer].push_back(now);
  failures_["user:" + username].push_back(now);
}

Result<Auth::LoginOk> Auth::start_session(const domain::User& user, int64_t now) {
  const std::string token = random_hex(32);
  const int64_t ttl = int64_t{cfg_.session_ttl_hours} * 3600;
  if (Status s = store_.create_session(sha256_hex(token), user.id, now + ttl); !s.ok()) return s.error();
  return LoginOk{user, std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax" +
                           (cfg_.secure_cookies ? "; Secure" : "") + "; Max-Age=" + std::to_string(ttl)};
}

std::string Auth::session_hash(const std::string& cookie_header) {
  auto token = cookie_value(cookie_header, kSessionCookie);
  return token ? sha256_hex(*token) : std::string();
}

std::string Auth::logout(const std::string& cookie_header) {
  if (auto token = cookie_value(cookie_header, kSessionCookie)) (void)store_.delete_session(sha256_hex(*token));
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Lax" + (cfg_.secure_cookies ? "; Secure" : "") +
         "; Max-Age=0";
}

}  // namespace ocop::http
