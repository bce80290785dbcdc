// Login, logout, the current user, and organizer-made accounts.
#include "common/password.h"
#include "common/password_pool.h"
#include "domain/validate.h"
#include "http/api.h"
#include "http/parse/json_body.h"

namespace ocop::http {
namespace {
nlohmann::json user_json(const domain::User& u) {
  return {{"id", u.id}, {"username", u.username}, {"role", domain::role_name(u.role)}};
}

// For organizers, who hand sellers their logins.
nlohmann::json user_profile_json(const domain::User& u) {
  nlohmann::json j = user_json(u);
  j["display_name"] = u.display_name;
  j["phone"] = u.phone;
  return j;
}
}  // namespace

void add_account_routes(Router& router, ApiContext& ctx) {
  router.add(Method::kPost, "/api/v1/login", [&ctx](Request& req, Responder res) {
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    auto input = domain::validate_login(*body);
    if (!input.ok()) return res.send(error_response(input.error()));
    auto check = ctx.auth.login_start(input->username, req.peer, ctx.now());
    if (!check.ok()) return res.send(error_response(check.error()));
    auto finish = [&ctx, res, check = *check, peer = req.peer](bool password_ok) {
      auto ok = ctx.auth.login_finish(check, password_ok, peer, ctx.now());
      if (!ok.ok()) return res.send(error_response(ok.error()));
      res.send(Response::json(200, {{"user", user_json(ok->user)}}).header("set-cookie", ok->set_cookie));
    };
    if (!ctx.passwords->verify(input->password, check->stored_hash, std::move(finish)))
      res.send(Response::error(503, "busy", "too many logins at once; try again in a moment").header("retry-after", "1"));
  });

  router.add(Method::kPost, "/api/v1/logout", [&ctx](Request& req, Responder res) {
    const std::string cleared = ctx.auth.logout(req.cookie);
    if (ctx.on_sessions_changed) ctx.on_sessions_changed();
    res.send(Response::json(200, {{"ok", true}}).header("set-cookie", cleared));
  });

  router.add(Method::kGet, "/api/v1/me", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    nlohmann::json booths = nlohmann::json::array();
    for (const auto& b : ctx.store.booths({}))
      if (b.seller && b.seller->id == user->id) booths.push_back(b.id);
    res.send(Response::json(200, {{"user", user_json(*user)}, {"booth_ids", booths}}));
  });

  router.add(Method::kGet, "/api/v1/users", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (!is_organizer(*user)) return res.send(Response::error(403, "forbidden", "organizers only"));
    std::optional<domain::Role> role;
    if (auto it = req.query.find("role"); it != req.query.end()) {
      role = domain::parse_role(it->second);
      if (!role) return res.send(Response::error(400, "invalid", "role: must be seller or organizer"));
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& u : ctx.store.users(role)) list.push_back(user_profile_json(u));
    res.send(Response::json(200, {{"users", list}}));
  });

  router.add(Method::kPost, "/api/v1/users", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (!is_organizer(*user)) return res.send(Response::error(403, "forbidden", "only organizers create accounts"));
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    auto input = domain::validate_new_user(*body);
    if (!input.ok()) return res.send(error_response(input.error()));
    auto made = [&ctx, res, in = *input](std::string hash) {
      domain::User profile;
      profile.display_name = in.profile.display_name;
      profile.phone = in.profile.phone;
      auto created = ctx.store.create_user(in.username, hash, in.role, profile);
      if (!created.ok()) return res.send(error_response(created.error()));
      res.send(Response::json(201, {{"user", user_profile_json(*created)}}));
    };
    if (!ctx.passwords->hash(input->password, std::move(made)))
      res.send(Response::error(503, "busy", "the server is busy; try again in a moment").header("retry-after", "1"));
  });

  // "Gửi thông tin đăng nhập": a seller's password is never shown again
  // after it is made, so handing over a login means a new one. The
  // seller's sessions end with the old password.
  router.add(Method::kPost, "/api/v1/users/{id}/new-password", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (!is_organizer(*user)) return res.send(Response::error(403, "forbidden", "organizers only"));
    auto target = ctx.store.user(req.ids[0]);
    if (!target) return res.send(Response::error(404, "not_found", "no such user"));
    if (target->role != domain::Role::kSeller)
      return res.send(Response::error(403, "forbidden", "only sellers' passwords are made here"));
    std::string password = new_password();
    auto done = [&ctx, res, target = *target, password](std::string hash) {
      if (Status s = ctx.store.set_password(target.id, hash); !s.ok()) return res.send(error_response(s.error()));
      if (ctx.on_sessions_changed) ctx.on_sessions_changed();
      res.send(Response::json(200, {{"user", user_profile_json(target)}, {"password", password}})
                   .header("cache-control", "no-store"));
    };
    if (!ctx.passwords->hash(password, std::move(done)))
      res.send(Response::error(503, "busy", "the server is busy; try again in a moment").header("retry-after", "1"));
  });
}

}  // namespace ocop::http
