#include "http/api.h"

#include "hub/booth_json.h"

namespace ocop::http {

int status_for(const Error& e) {
  if (e.code == "invalid" || e.code == "bad_json") return 400;
  if (e.code == "unauthorized") return 401;
  if (e.code == "forbidden") return 403;
  if (e.code == "not_found") return 404;
  if (e.code == "conflict") return 409;
  if (e.code == "too_large") return 413;
  if (e.code == "rate_limited") return 429;
  return 500;
}

Response error_response(const Error& e) {
  // Internal details stay in the log, not in the answer.
  if (status_for(e) == 500) return Response::error(500, "internal", "internal error");
  return Response::error(status_for(e), e.code, e.message, e.field, e.rule);
}

std::optional<domain::User> require_user(ApiContext& ctx, const Request& req, const Responder& res) {
  auto user = ctx.auth.user_of(req.cookie, ctx.now());
  if (!user) res.send(Response::error(401, "unauthorized", "log in first"));
  return user;
}

bool is_organizer(const domain::User& u) { return u.role == domain::Role::kOrganizer; }

bool can_manage(const domain::User& u, const domain::Booth& b) {
  return is_organizer(u) || (b.seller && b.seller->id == u.id);
}

bool may_see(ApiContext& ctx, const Request& req, const domain::Booth& b) {
  if (b.visibility == domain::Visibility::kPublic) return true;
  auto user = ctx.auth.user_of(req.cookie, ctx.now());
  return user && can_manage(*user, b);
}

nlohmann::json card_of(ApiContext& ctx, int64_t booth_id) { return hub::card_of(ctx.store, booth_id, ctx.now()); }

nlohmann::json booth_json(ApiContext& ctx, const domain::Booth& b) {
  return hub::booth_json(ctx.store, ctx.live, b, ctx.now());
}

Response busy_response() {
  return Response::error(503, "busy", "the server is busy; try again in a moment").header("retry-after", "1");
}

std::string rtmp_base_url(ApiContext& ctx, const std::string& request_host) {
  std::string host = ctx.cfg.server.public_host;
  if (host.empty()) {
    host = request_host;
    // Strip the HTTP port: "[::1]:8080" -> "[::1]", "example.vn:8080" -> "example.vn".
    auto colon = host.rfind(':');
    if (colon != std::string::npos && host.find(']', colon) == std::string::npos) host.resize(colon);
  }
  const bool plain = host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
                     std::string::npos;
  if (host.empty() || host.size() > 255 || !plain) host = "localhost";
  std::string url = "rtmp://" + host;
  if (ctx.rtmp_port != 1935) url += ":" + std::to_string(ctx.rtmp_port);
  return url + "/live";
}

}  // namespace ocop::http
