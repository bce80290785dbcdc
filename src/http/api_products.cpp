// Products of a booth: read by all, written by the booth's seller (and
// organizers); their OCOP claims reviewed by organizers.
#include "domain/validate.h"
#include "http/api.h"
#include "http/parse/json_body.h"
#include "hub/protocol/entity_json.h"

namespace ocop::http {
namespace {
constexpr size_t kMaxClaimsListed = 500;
}  // namespace

void add_product_routes(Router& router, ApiContext& ctx) {
  router.add(Method::kGet, "/api/v1/booths/{id}/products", [&ctx](Request& req, Responder res) {
    auto booth = ctx.store.booth(req.ids[0]);
    if (!booth || !may_see(ctx, req, *booth)) return res.send(Response::error(404, "not_found", "no such booth"));
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : ctx.store.products(req.ids[0])) list.push_back(hub::protocol::to_json(p, ctx.now()));
    res.send(Response::json(200, {{"products", list}}));
  });

  router.add(Method::kPost, "/api/v1/booths/{id}/products", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    auto booth = ctx.store.booth(req.ids[0]);
    if (!booth) return res.send(Response::error(404, "not_found", "no such booth"));
    if (!can_manage(*user, *booth)) return res.send(Response::error(403, "forbidden", "not your booth"));
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    auto in = domain::validate_product_create(*body, ctx.now());
    if (!in.ok()) return res.send(error_response(in.error()));
    domain::Product p;
    p.booth_id = booth->id;
    in->apply_to(p);
    auto created = ctx.store.create_product(p);
    if (!created.ok()) return res.send(error_response(created.error()));
    if (ctx.on_product_changed) ctx.on_product_changed(created->booth_id, created->id);
    res.send(Response::json(201, hub::protocol::to_json(*created, ctx.now())));
  });

  router.add(Method::kGet, "/api/v1/products/{id}", [&ctx](Request& req, Responder res) {
    auto p = ctx.store.product(req.ids[0]);
    if (!p) return res.send(Response::error(404, "not_found", "no such product"));
    res.send(Response::json(200, hub::protocol::to_json(*p, ctx.now())));
  });

  router.add(Method::kPut, "/api/v1/products/{id}", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    auto p = ctx.store.product(req.ids[0]);
    if (!p) return res.send(Response::error(404, "not_found", "no such product"));
    auto booth = ctx.store.booth(p->booth_id);
    if (!booth || !can_manage(*user, *booth)) return res.send(Response::error(403, "forbidden", "not your product"));
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    auto in = domain::validate_product_update(*body, ctx.now());
    if (!in.ok()) return res.send(error_response(in.error()));
    in->apply_to(*p);
    auto updated = ctx.store.update_product(*p);
    if (!updated.ok()) return res.send(error_response(updated.error()));
    if (ctx.on_product_changed) ctx.on_product_changed(updated->booth_id, updated->id);
    res.send(Response::json(200, hub::protocol::to_json(*updated, ctx.now())));
  });

  router.add(Method::kPost, "/api/v1/products/{id}/ocop-review", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (!is_organizer(*user)) return res.send(Response::error(403, "forbidden", "organizers review OCOP claims"));
    auto p = ctx.store.product(req.ids[0]);
    if (!p) return res.send(Response::error(404, "not_found", "no such product"));
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    auto review = domain::validate_ocop_review(*body);
    if (!review.ok()) return res.send(error_response(review.error()));
    p->ocop_status = review->approved ? domain::OcopStatus::kApproved : domain::OcopStatus::kRejected;
    p->ocop_reason = review->approved ? "" : review->reason;
    auto updated = ctx.store.update_product(*p);
    if (!updated.ok()) return res.send(error_response(updated.error()));
    if (ctx.on_product_changed) ctx.on_product_changed(updated->booth_id, updated->id);
    res.send(Response::json(200, hub::protocol::to_json(*updated, ctx.now())));
  });

  // The organizer's queue, each product with its booth's name.
  router.add(Method::kGet, "/api/v1/ocop-claims", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (!is_organizer(*user)) return res.send(Response::error(403, "forbidden", "organizers review OCOP claims"));
    auto status = domain::OcopStatus::kPending;
    for (const auto& [key, value] : req.query) {
      auto parsed = key == "status" ? domain::parse_ocop_status(value) : std::nullopt;
      if (!parsed) return res.send(Response::error(400, "invalid", "status: pending, approved or rejected"));
      status = *parsed;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : ctx.store.products_by_ocop_status(status, kMaxClaimsListed)) {
      auto j = hub::protocol::to_json(p, ctx.now());
      if (auto b = ctx.store.booth(p.booth_id)) j["booth_name"] = b->name;
      list.push_back(std::move(j));
    }
    res.send(Response::json(200, {{"products", list}}));
  });

  router.add(Method::kDelete, "/api/v1/products/{id}", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    auto p = ctx.store.product(req.ids[0]);
    if (!p) return res.send(Response::error(404, "not_found", "no such product"));
    auto booth = ctx.store.booth(p->booth_id);
    if (!booth || !can_manage(*user, *booth)) return res.send(Response::error(403, "forbidden", "not your product"));
    if (Status s = ctx.store.archive_product(p->id); !s.ok()) return res.send(error_response(s.error()));
    if (ctx.on_product_changed) ctx.on_product_changed(p->booth_id, p->id);
    res.send(Response::json(200, {{"deleted", p->id}}));
  });
}

}  // namespace ocop::http
