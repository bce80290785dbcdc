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
    for (const auto& u : ctx.store.users(role)) list.push_back(user_json(u));
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
    auto created = ctx.store.create_user(input->username, hash_password(input->password), input->role);
    if (!created.ok()) return res.send(error_response(created.error()));
    res.send(Response::json(201, {{"user", user_json(*created)}}));
  });
}

}  // namespace ocop::http
