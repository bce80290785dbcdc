// Order risk: phones blocked market-wide by organizers, and cancelling a
// cluster of orders (one client address or one viewer cookie) in one action.
#include <algorithm>

#include "domain/phone.h"
#include "domain/risk.h"
#include "domain/validate.h"
#include "http/api.h"
#include "http/parse/json_body.h"
#include "hub/protocol/entity_json.h"

namespace ocop::http {
namespace {

nlohmann::json blocked_json(const store::BlockedPhone& b) {
  nlohmann::json by = nullptr;
  if (b.blocked_by) by = {{"id", b.blocked_by->id}, {"username", b.blocked_by->username}};
  return {{"phone", b.phone}, {"reason", b.reason}, {"blocked_by", by}, {"created_at", b.created_at}};
}

std::optional<domain::User> require_organizer(ApiContext& ctx, const Request& req, const Responder& res) {
  auto user = require_user(ctx, req, res);
  if (user && !is_organizer(*user)) {
    res.send(Response::error(403, "forbidden", "organizers only"));
    return std::nullopt;
  }
  return user;
}

}  // namespace

void add_risk_routes(Router& router, ApiContext& ctx) {
  router.add(Method::kGet, "/api/v1/blocked-phones", [&ctx](Request& req, Responder res) {
    if (!require_organizer(ctx, req, res)) return;
    auto list = ctx.store.blocked_phones();
    if (!list.ok()) return res.send(error_response(list.error()));
    nlohmann::json out = nlohmann::json::array();
    for (const auto& b : *list) out.push_back(blocked_json(b));
    res.send(Response::json(200, {{"blocked_phones", out}}).header("cache-control", "no-store"));
  });

  router.add(Method::kPost, "/api/v1/blocked-phones", [&ctx](Request& req, Responder res) {
    auto user = require_organizer(ctx, req, res);
    if (!user) return;
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    auto in = domain::validate_block_phone(*body);
    if (!in.ok()) return res.send(error_response(in.error()));
    auto blocked = ctx.store.block_phone(in->phone, in->reason, user->id, ctx.now());
    if (!blocked.ok()) return res.send(error_response(blocked.error()));
    res.send(Response::json(201, blocked_json(*blocked)));
  });

  // {token}: the number as stored ("0912345678"); other spellings work too.
  router.add(Method::kDelete, "/api/v1/blocked-phones/{token}", [&ctx](Request& req, Responder res) {
    if (!require_organizer(ctx, req, res)) return;
    auto phone = domain::normalize_vn_phone(req.tokens[0]);
    if (!phone) return res.send(Response::error(400, "invalid", "phone: must be a Vietnamese mobile number"));
    auto removed = ctx.store.unblock_phone(*phone);
    if (!removed.ok()) return res.send(error_response(removed.error()));
    if (!*removed) return res.send(Response::error(404, "not_found", "phone: " + *phone + " is not blocked"));
    res.send(Response::json(200, {{"unblocked", *phone}}));
  });

  router.add(Method::kPost, "/api/v1/booths/{id}/orders/cancel-cluster", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    auto booth = ctx.store.booth(req.ids[0]);
    if (!booth) return res.send(Response::error(404, "not_found", "no such booth"));
    if (!can_manage(*user, *booth)) return res.send(Response::error(403, "forbidden", "not your booth"));
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    auto in = domain::validate_cancel_cluster(*body);
    if (!in.ok()) return res.send(error_response(in.error()));
    const auto orders = ctx.store.orders(booth->id);
    auto anchor = std::find_if(orders.begin(), orders.end(), [&](const domain::Order& o) { return o.id == in->order_id; });
    if (anchor == orders.end()) return res.send(Response::error(404, "not_found", "order_id: no such order at this booth"));
    const auto cluster = domain::order_cluster(orders, *anchor, in->by);
    if (cluster.empty())
      return res.send(Response::error(409, "conflict", "order_id: no open order shares this order's " +
                                                           std::string(in->by == domain::ClusterBy::kAddress ? "address" : "cookie")));
    nlohmann::json cancelled = nlohmann::json::array();
    for (const auto& o : cluster) {
      // Each its own transaction, as a seller's taps would be: one that
      // changed meanwhile (shipped by another tab) is skipped, not fatal.
      auto changed = ctx.store.set_order_status(o.id, domain::OrderStatus::kCancelled, ctx.now());
      if (!changed.ok()) continue;
      if (ctx.on_order_changed) ctx.on_order_changed(changed->order, changed->stock);
      cancelled.push_back(hub::protocol::to_json(changed->order));
    }
    res.send(Response::json(200, {{"cancelled", cancelled}, {"matched", cluster.size()}}));
  });
}

}  // namespace ocop::http
