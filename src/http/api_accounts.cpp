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
  j["disabled"] = u.disabled;
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
    auto finish = [&ctx, res, check = *check, peer = req.peer, old = req.cookie](bool password_ok) {
      auto ok = ctx.auth.login_finish(check, password_ok, peer, ctx.now());
      if (!ok.ok()) return res.send(error_response(ok.error()));
      // A new session on every login: a session planted before it (login
      // CSRF, a shared phone) does not become the user's.
      if (!Auth::session_hash(old).empty()) (void)ctx.auth.logout(old);
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
      res.send(busy_response());
  });

  // A user changes their own password: every other session ends, and this
  // one is replaced by a new one (its cookie comes with the answer).
  router.add(Method::kPost, "/api/v1/me/password", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    auto input = domain::validate_password_change(*body);
    if (!input.ok()) return res.send(error_response(input.error()));
    auto check = ctx.auth.login_start(user->username, req.peer, ctx.now());
    if (!check.ok()) return res.send(error_response(check.error()));
    auto verified = [&ctx, res, check = *check, user = *user, peer = req.peer, fresh = input->new_password](bool ok) {
      if (!ok) {
        ctx.auth.count_failure(peer, user.username, ctx.now());
        return res.send(error_response(field_error("invalid", "current_password", "wrong_password", "is not right")));
      }
      auto hashed = [&ctx, res, user](std::string hash) {
        if (Status s = ctx.store.set_password(user.id, hash); !s.ok()) return res.send(error_response(s.error()));
        auto session = ctx.auth.start_session(user, ctx.now());
        if (ctx.on_sessions_changed) ctx.on_sessions_changed();
        if (!session.ok()) return res.send(error_response(session.error()));
        res.send(Response::json(200, {{"ok", true}}).header("set-cookie", session->set_cookie));
      };
      if (!ctx.passwords->hash(fresh, std::move(hashed)))
        res.send(busy_response());
    };
    if (!ctx.passwords->verify(input->current_password, check->stored_hash, std::move(verified)))
      res.send(busy_response());
  });

  // "Đăng xuất các thiết bị khác": a lost phone stops being the seller.
  router.add(Method::kPost, "/api/v1/me/logout-others", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    auto ended = ctx.store.end_other_sessions(user->id, Auth::session_hash(req.cookie));
    if (!ended.ok()) return res.send(error_response(ended.error()));
    if (*ended > 0 && ctx.on_sessions_changed) ctx.on_sessions_changed();
    res.send(Response::json(200, {{"ended", *ended}}));
  });

  // An organizer disables an account (no login, its sessions end) or
  // enables it again.
  router.add(Method::kPut, "/api/v1/users/{id}", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (!is_organizer(*user)) return res.send(Response::error(403, "forbidden", "organizers only"));
    auto target = ctx.store.user(req.ids[0]);
    if (!target) return res.send(Response::error(404, "not_found", "no such user"));
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    domain::FieldReader r(*body);
    r.reject_unknown({"disabled"});
    std::optional<bool> disabled;
    if (auto it = body->find("disabled"); it != body->end()) {
      if (it->is_boolean()) disabled = it->get<bool>();
      else r.fail("disabled", "must be true or false", "wrong_type");
    } else {
      r.fail("disabled", "is required", "required");
    }
    if (!r.ok()) return res.send(error_response(r.error()));
    if (*disabled && target->id == user->id)
      return res.send(Response::error(403, "forbidden", "disabled: you cannot disable your own account", "disabled", "self"));
    if (Status s = ctx.store.set_disabled(target->id, *disabled, ctx.now()); !s.ok())
      return res.send(error_response(s.error()));
    if (*disabled && ctx.on_sessions_changed) ctx.on_sessions_changed();
    res.send(Response::json(200, {{"user", user_profile_json(*ctx.store.user(target->id))}}));
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
      res.send(busy_response());
  });
}

}  // namespace ocop::http
