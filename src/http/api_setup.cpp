// An organizer sets up a market day: edit and delete market days and booths
// (refused while live), and the studio link's QR for a seller's login card.
#include "domain/validate.h"
#include "http/api.h"
#include "http/open_graph.h"
#include "http/parse/json_body.h"
#include "http/qr_svg.h"

namespace ocop::http {
namespace {

bool any_live(ApiContext& ctx, int64_t market_day_id) {
  store::BoothFilter f;
  f.market_day_id = market_day_id;
  for (const auto& b : ctx.store.booths(f))
    if (ctx.live.get(b.id).live()) return true;
  return false;
}

Response live_refusal(std::string_view what) {
  return Response::error(409, "conflict", std::string(what) + " is live; stop it first", "live", "live");
}

void removed(ApiContext& ctx, const std::vector<std::string>& photo_tokens, const std::vector<int64_t>& booth_ids) {
  if (ctx.remove_photo)
    for (const auto& token : photo_tokens) ctx.remove_photo(token);
  if (ctx.on_booth_deleted)
    for (int64_t id : booth_ids) ctx.on_booth_deleted(id);
  if (ctx.on_booths_changed) ctx.on_booths_changed();
}

}  // namespace

void add_setup_routes(Router& router, ApiContext& ctx) {
  router.add(Method::kPut, "/api/v1/market-days/{id}", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (!is_organizer(*user)) return res.send(Response::error(403, "forbidden", "organizers only"));
    auto day = ctx.store.market_day(req.ids[0]);
    if (!day) return res.send(Response::error(404, "not_found", "no such market day"));
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    auto edited = domain::validate_market_day_update(*body, *day);
    if (!edited.ok()) return res.send(error_response(edited.error()));
    if (any_live(ctx, day->id)) return res.send(live_refusal("a booth of this market day"));
    auto saved = ctx.store.update_market_day(*edited);
    if (!saved.ok()) return res.send(error_response(saved.error()));
    res.send(Response::json(200, {{"id", saved->id}, {"title", saved->title}, {"starts_at", saved->starts_at},
                                  {"ends_at", saved->ends_at}}));
  });

  router.add(Method::kDelete, "/api/v1/market-days/{id}", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (!is_organizer(*user)) return res.send(Response::error(403, "forbidden", "organizers only"));
    if (!ctx.store.market_day(req.ids[0])) return res.send(Response::error(404, "not_found", "no such market day"));
    if (any_live(ctx, req.ids[0])) return res.send(live_refusal("a booth of this market day"));
    store::BoothFilter f;
    f.market_day_id = req.ids[0];
    std::vector<int64_t> booth_ids;
    for (const auto& b : ctx.store.booths(f)) booth_ids.push_back(b.id);
    auto orphans = ctx.store.delete_market_day(req.ids[0]);
    if (!orphans.ok()) return res.send(error_response(orphans.error()));
    removed(ctx, *orphans, booth_ids);
    res.send(Response::json(200, {{"deleted", true}, {"booths_deleted", booth_ids.size()}}));
  });

  router.add(Method::kDelete, "/api/v1/booths/{id}", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (!is_organizer(*user)) return res.send(Response::error(403, "forbidden", "organizers only"));
    auto booth = ctx.store.booth(req.ids[0]);
    if (!booth) return res.send(Response::error(404, "not_found", "no such booth"));
    if (ctx.live.get(booth->id).live()) return res.send(live_refusal("the booth"));
    auto orphans = ctx.store.delete_booth(booth->id);
    if (!orphans.ok()) return res.send(error_response(orphans.error()));
    removed(ctx, *orphans, {booth->id});
    res.send(Response::json(200, {{"deleted", true}}));
  });

  // The studio link for a seller's printed login card.
  router.add(Method::kGet, "/api/v1/booths/{id}/studio-qr.svg", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    auto booth = ctx.store.booth(req.ids[0]);
    if (!booth) return res.send(Response::error(404, "not_found", "no such booth"));
    if (!can_manage(*user, *booth)) return res.send(Response::error(403, "forbidden", "not your booth"));
    const std::string origin =
        page_origin(ctx.cfg.server.public_host.empty() ? req.host : ctx.cfg.server.public_host, ctx.cfg.http.secure_cookies);
    if (origin.empty()) return res.send(Response::error(400, "invalid", "host: not a host name"));
    auto svg = qr_svg(origin + "/studio?booth=" + std::to_string(booth->id));
    if (!svg) return res.send(Response::error(500, "internal", "could not draw the QR code"));
    res.send(Response::text(200, "image/svg+xml", std::move(*svg)).header("cache-control", "no-store"));
  });
}

}  // namespace ocop::http
