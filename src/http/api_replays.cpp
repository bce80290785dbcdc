// Replays of live sessions (DESIGN.md §3): the list per booth, one replay,
// deleting one (its seller, organizers), its MP4 with byte ranges so a phone
// seeks without downloading it, and its picture.
#include <filesystem>

#include "http/api.h"
#include "http/file_response.h"

namespace ocop::http {
namespace {

using store::Replay;
using store::ReplayState;

constexpr size_t kLatest = 12;

// Chapters are the products pinned during the live, one per pin in order
// (a product pinned again later is a new chapter).
nlohmann::json chapters_of(ApiContext& ctx, const Replay& r) {
  auto events = ctx.store.replay_events(r.id);
  nlohmann::json out = nlohmann::json::array();
  if (!events.ok()) return out;
  int64_t last = 0;  // the product on the card; ids are positive
  for (const auto& e : *events) {
    if (e.kind == "unpin" || !e.product_id) {
      last = 0;
      continue;
    }
    if (*e.product_id == last || e.offset_ms > r.duration_ms) continue;
    last = *e.product_id;
    out.push_back({{"offset", static_cast<double>(e.offset_ms) / 1000.0}, {"product_id", *e.product_id},
                   {"deal", e.kind == "deal"}});
  }
  return out;
}

nlohmann::json replay_json(ApiContext& ctx, const Replay& r) {
  const std::string id = std::to_string(r.id);
  std::error_code ec;
  const bool picture = std::filesystem::exists(std::filesystem::path(r.path).replace_extension(".jpg"), ec);
  return {
      {"id", r.id},
      {"booth_id", r.booth_id},
      {"started_at", r.started_at},
      {"duration", static_cast<double>(r.duration_ms) / 1000.0},
      {"thumbnail_url", picture ? nlohmann::json("/thumbs/replays/" + id + ".jpg") : nlohmann::json(nullptr)},
      {"media_url", "/media/replays/" + id + ".mp4"},
      {"chapters", chapters_of(ctx, r)},
  };
}

// Replays of a private booth (a rehearsal) are for its seller and organizers.
bool replay_visible(ApiContext& ctx, const Request& req, const Replay& r) {
  auto booth = ctx.store.booth(r.booth_id);
  return booth && may_see(ctx, req, *booth);
}

// A finished replay the asker may see, or answers 404.
std::optional<Replay> ready_replay(ApiContext& ctx, const Request& req, int64_t id, const Responder& res) {
  auto r = ctx.store.replay(id);
  if (!r.ok()) {
    res.send(error_response(r.error()));
    return std::nullopt;
  }
  if (!*r || (*r)->state != ReplayState::kReady || !replay_visible(ctx, req, **r)) {
    res.send(Response::error(404, "not_found", "no such replay"));
    return std::nullopt;
  }
  return **r;
}

}  // namespace

void add_replay_routes(Router& router, ApiContext& ctx) {
  router.add(Method::kGet, "/api/v1/booths/{id}/replays", [&ctx](Request& req, Responder res) {
    auto booth = ctx.store.booth(req.ids[0]);
    if (!booth || !may_see(ctx, req, *booth)) return res.send(Response::error(404, "not_found", "no such booth"));
    auto list = ctx.store.replays(req.ids[0], ReplayState::kReady);
    if (!list.ok()) return res.send(error_response(list.error()));
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : *list) out.push_back(replay_json(ctx, r));
    res.send(Response::json(200, {{"replays", out}}));
  });
  // The newest replays of all booths, for the showroom's "Xem lại" row.
  router.add(Method::kGet, "/api/v1/replays", [&ctx](Request& req, Responder res) {
    auto list = ctx.store.replays(std::nullopt, ReplayState::kReady);
    if (!list.ok()) return res.send(error_response(list.error()));
    nlohmann::json out = nlohmann::json::array();
    for (size_t i = 0; i < list->size() && out.size() < kLatest; ++i) {
      if (replay_visible(ctx, req, (*list)[i])) out.push_back(replay_json(ctx, (*list)[i]));
    }
    res.send(Response::json(200, {{"replays", out}}));
  });
  router.add(Method::kGet, "/api/v1/replays/{id}", [&ctx](Request& req, Responder res) {
    if (auto r = ready_replay(ctx, req, req.ids[0], res)) res.send(Response::json(200, replay_json(ctx, *r)));
  });
  router.add(Method::kDelete, "/api/v1/replays/{id}", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    auto r = ready_replay(ctx, req, req.ids[0], res);
    if (!r) return;
    auto booth = ctx.store.booth(r->booth_id);
    if (!booth || !can_manage(*user, *booth)) return res.send(Response::error(403, "forbidden", "not your replay"));
    if (Status s = ctx.store.delete_replay(r->id); !s.ok()) return res.send(error_response(s.error()));
    std::error_code ec;
    std::filesystem::remove(r->path, ec);
    std::filesystem::remove(std::filesystem::path(r->path).replace_extension(".jpg"), ec);
    res.send(Response::json(200, {{"deleted", r->id}}));
  });
  router.add(Method::kGet, "/media/replays/{id}.mp4", [&ctx](Request& req, Responder res) {
    auto r = ready_replay(ctx, req, req.ids[0], res);
    if (!r) return;
    Response out = file_response(r->path, req.range, "video/mp4");
    if (out.status < 300) out.header("cache-control", "public, max-age=3600").header("access-control-allow-origin", "*");
    res.send(std::move(out));
  });
  router.add(Method::kGet, "/thumbs/replays/{id}.jpg", [&ctx](Request& req, Responder res) {
    auto r = ready_replay(ctx, req, req.ids[0], res);
    if (!r) return;
    Response out = file_response(std::filesystem::path(r->path).replace_extension(".jpg").string(), "", "image/jpeg");
    if (out.status < 300) out.header("cache-control", "public, max-age=86400");
    res.send(std::move(out));
  });
}

}  // namespace ocop::http
