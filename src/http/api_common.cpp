#include "http/api.h"

#include "hub/protocol/entity_json.h"

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
  return Response::error(status_for(e), e.code, e.message);
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

nlohmann::json card_of(ApiContext& ctx, int64_t booth_id) {
  auto pin = ctx.store.pin(booth_id);
  if (!pin) return nullptr;
  auto product = ctx.store.product(pin->product_id);
  if (!product) return nullptr;
  std::optional<hub::protocol::DealState> deal;
  if (pin->deal)
    deal = hub::protocol::DealState{pin->deal->price, pin->deal->quantity, pin->deal->remaining(),
                                    pin->deal->ends_at};
  return hub::protocol::card_json(*product, deal, ctx.now());
}

nlohmann::json booth_json(ApiContext& ctx, const domain::Booth& b) {
  const hub::BoothLive& live = ctx.live.get(b.id);
  nlohmann::json seller = nullptr;
  if (b.seller) seller = {{"id", b.seller->id}, {"username", b.seller->username}};
  return {
      {"id", b.id},
      {"market_day_id", b.market_day_id},
      {"name", b.name},
      {"province", b.province},
      {"seller", seller},
      {"live", live.live()},
      {"state", hub::live_state_name(live.state)},
      {"live_session_id", live.live_session_id ? nlohmann::json(*live.live_session_id) : nlohmann::json(nullptr)},
      {"viewers", live.viewers},
      {"card", card_of(ctx, b.id)},
      {"whep_url", "/whep/booths/" + std::to_string(b.id)},
  };
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
