// Orders for the booth's seller and organizers, a buyer's lookup of one
// order by code and phone, and market-day figures.
#include <chrono>
#include <map>
#include <memory>

#include "domain/ocop.h"
#include "domain/phone.h"
#include "domain/validate.h"
#include "http/api.h"
#include "http/parse/json_body.h"
#include "hub/protocol/entity_json.h"
#include "hub/protocol/order_limits.h"

namespace ocop::http {

namespace {

double monotonic_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// What a buyer may see of an order from its code and phone: no name or
// address, which the phone alone should not reveal to whoever holds it.
nlohmann::json lookup_json(ApiContext& ctx, const domain::Order& o) {
  nlohmann::json j = {{"code", o.code}, {"status", domain::order_status_name(o.status)}, {"qty", o.qty},
                      {"unit_price", o.unit_price}, {"total", o.total},
                      {"payment_method", domain::payment_method_name(o.payment_method)},
                      {"paid_at", o.paid_at ? nlohmann::json(*o.paid_at) : nlohmann::json(nullptr)},
                      {"created_at", o.created_at}, {"booth_id", o.booth_id}, {"product_id", o.product_id}};
  if (auto b = ctx.store.booth(o.booth_id)) j["booth_name"] = b->name;
  if (auto p = ctx.store.product(o.product_id)) {
    j["product_name"] = p->name;
    j["unit"] = p->unit;
  }
  return j;
}

}  // namespace

void add_order_routes(Router& router, ApiContext& ctx) {
  // "Đơn của tôi" from any device. A wrong code and a wrong phone answer
  // alike, and failures per address are limited, so codes cannot be mined.
  auto misses = std::make_shared<hub::protocol::SlidingWindow<std::string>>(ctx.cfg.http.order_lookups_per_minute, 60);
  router.add(Method::kGet, "/api/v1/orders/lookup", [&ctx, misses](Request& req, Responder res) {
    const double now = monotonic_seconds();
    if (misses->full(req.peer, now))
      return res.send(Response::error(429, "rate_limited", "too many lookups that matched nothing; wait a minute"));
    std::string code_text, phone_text;
    for (const auto& [key, value] : req.query) {
      if (key == "code") code_text = value;
      else if (key == "phone") phone_text = value;
      else return res.send(Response::error(400, "invalid", "unknown parameter '" + key.substr(0, 32) + "'"));
    }
    auto code = domain::normalize_order_code(code_text);
    if (!code) return res.send(Response::error(400, "invalid", "code: an order code such as OC-7KQ2MX"));
    auto phone = domain::normalize_vn_phone(phone_text);
    if (!phone) return res.send(Response::error(400, "invalid", "phone: a Vietnamese mobile number"));
    auto order = ctx.store.order_by_code(*code);
    if (!order || order->phone != *phone) {
      misses->add(req.peer, now);
      return res.send(Response::error(404, "not_found", "no order with this code and phone"));
    }
    res.send(Response::json(200, lookup_json(ctx, *order)).header("cache-control", "no-store"));
  });

  router.add(Method::kGet, "/api/v1/booths/{id}/orders", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    auto booth = ctx.store.booth(req.ids[0]);
    if (!booth) return res.send(Response::error(404, "not_found", "no such booth"));
    if (!can_manage(*user, *booth)) return res.send(Response::error(403, "forbidden", "not your booth"));
    nlohmann::json list = nlohmann::json::array();
    for (const auto& o : ctx.store.orders(booth->id)) list.push_back(hub::protocol::to_json(o));
    res.send(Response::json(200, {{"orders", list}}).header("cache-control", "no-store"));
  });

  router.add(Method::kPatch, "/api/v1/orders/{id}", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    auto order = ctx.store.order(req.ids[0]);
    if (!order) return res.send(Response::error(404, "not_found", "no such order"));
    auto booth = ctx.store.booth(order->booth_id);
    if (!booth || !can_manage(*user, *booth)) return res.send(Response::error(403, "forbidden", "not your booth"));
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    auto patch = domain::validate_order_patch(*body);
    if (!patch.ok()) return res.send(error_response(patch.error()));
    domain::Order current = *order;
    std::optional<int64_t> stock;
    if (patch->status) {
      auto changed = ctx.store.set_order_status(order->id, *patch->status, ctx.now());
      if (!changed.ok()) return res.send(error_response(changed.error()));
      current = changed->order;
      stock = changed->stock;
    }
    if (patch->paid) {
      auto paid = ctx.store.set_order_paid(order->id, *patch->paid, ctx.now());
      if (!paid.ok()) return res.send(error_response(paid.error()));
      current = *paid;
    }
    if (ctx.on_order_changed) ctx.on_order_changed(current, stock);
    res.send(Response::json(200, hub::protocol::to_json(current)));
  });

  router.add(Method::kGet, "/api/v1/market-days/{id}/stats", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (!is_organizer(*user)) return res.send(Response::error(403, "forbidden", "organizers only"));
    auto day = ctx.store.market_day(req.ids[0]);
    if (!day) return res.send(Response::error(404, "not_found", "no such market day"));
    nlohmann::json booths = nlohmann::json::array();
    struct Sum {
      int64_t viewers = 0, orders = 0, revenue = 0, live = 0;
    };
    std::map<std::string, Sum> provinces;
    Sum total;
    for (const auto& f : ctx.store.booth_figures(day->id)) {
      const auto& live = ctx.live.get(f.booth_id);
      booths.push_back({{"booth_id", f.booth_id}, {"name", f.name}, {"province", f.province},
                        {"state", hub::live_state_name(live.state)}, {"viewers", live.viewers},
                        {"orders", f.orders}, {"units", f.units}, {"revenue", f.revenue}});
      Sum& p = provinces[f.province];
      for (Sum* s : {&p, &total}) {
        s->viewers += live.viewers;
        s->orders += f.orders;
        s->revenue += f.revenue;
        s->live += live.live() ? 1 : 0;
      }
    }
    nlohmann::json by_province = nlohmann::json::array();
    for (const auto& [name, s] : provinces)
      by_province.push_back({{"province", name}, {"booths_live", s.live}, {"viewers", s.viewers},
                             {"orders", s.orders}, {"revenue", s.revenue}});
    nlohmann::json by_group = nlohmann::json::array();
    for (const auto& g : ctx.store.group_figures(day->id))
      by_group.push_back({{"group", g.group}, {"orders", g.orders}, {"units", g.units}, {"revenue", g.revenue}});
    res.send(Response::json(200, {{"market_day_id", day->id},
                                  {"totals", {{"booths_live", total.live}, {"viewers", total.viewers},
                                              {"orders", total.orders}, {"revenue", total.revenue}}},
                                  {"booths", booths},
                                  {"provinces", by_province},
                                  {"groups", by_group}})
                 .header("cache-control", "no-store"));
  });
}

}  // namespace ocop::http
