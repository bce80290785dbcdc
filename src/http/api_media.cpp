// GET /hls/booths/{id}/index.m3u8 (+ its segments) and /thumbs/booths/{id}.jpg:
// public and cacheable, so a CDN or an nginx cache in front absorbs the crowd
// (docs/deployment.md). A segment's name is unique for good, so it is
// immutable; the playlist changes every segment, so it lives one second.
// A private booth's (a rehearsal's) media is for its seller and organizers:
// 404 to anyone else, and never stored by a shared cache.

#include "http/api.h"
#include "http/parse/range.h"

namespace ocop::http {
namespace {

Response media(std::string type, std::string body, const char* cache) {
  Response r = Response::text(200, std::move(type), std::move(body));
  r.header("cache-control", cache);
  // Players on other sites (a provincial portal) may fetch it; no credentials are involved.
  r.header("access-control-allow-origin", "*");
  return r;
}

constexpr const char* kPrivateCache = "private, no-store";

// The Cache-Control for this booth's media (`public_cache`, or no shared
// cache for a private booth), or nullopt when the asker may not see it.
std::optional<const char*> cache_for(ApiContext& ctx, const Request& req, int64_t booth_id, const char* public_cache) {
  auto booth = ctx.store.booth(booth_id);
  if (!booth || !may_see(ctx, req, *booth)) return std::nullopt;
  return booth->visibility == domain::Visibility::kPublic ? public_cache : kPrivateCache;
}

// A player asks again soon, and the booth may go live any moment: no cache keeps a miss.
Response missing(const std::string& what) {
  return Response::error(404, "not_found", what).header("cache-control", "no-store");
}

}  // namespace

void add_media_routes(Router& router, ApiContext& ctx) {
  router.add(Method::kGet, "/hls/booths/{id}/index.m3u8", [&ctx](Request& req, const Responder& res) {
    const int64_t booth = req.ids[0];
    const auto visible = cache_for(ctx, req, booth, "");
    if (!visible) return res.send(missing("booth " + std::to_string(booth) + " has no live HLS"));
    const bool shared = std::string_view(*visible) != kPrivateCache;
    auto answer = [res, booth, shared](std::string playlist, const char* cache) {
      if (playlist.empty()) return res.send(missing("booth " + std::to_string(booth) + " has no live HLS"));
      res.send(media("application/vnd.apple.mpegurl", std::move(playlist), shared ? cache : kPrivateCache));
    };
    auto msn = req.query.find("_HLS_msn");
    auto part = req.query.find("_HLS_part");
    if (msn == req.query.end() && part != req.query.end())
      return res.send(Response::error(400, "invalid", "_HLS_part needs _HLS_msn"));
    if (msn == req.query.end() || !ctx.hls_wait) return answer(ctx.hls_playlist ? ctx.hls_playlist(booth) : "", "public, max-age=1");
    uint64_t n = 0, p = 0;
    if (!parse_decimal(msn->second, n, 15))
      return res.send(Response::error(400, "invalid", "_HLS_msn: a media sequence number"));
    if (part != req.query.end() && !parse_decimal(part->second, p, 6))
      return res.send(Response::error(400, "invalid", "_HLS_part: a part number"));
    std::optional<uint64_t> wanted_part;
    if (part != req.query.end()) wanted_part = p;
    // A blocking answer is the same for every player that asks for this part: a cache may keep it a while.
    if (!ctx.hls_wait(booth, n, wanted_part, [answer](std::string playlist) { answer(std::move(playlist), "public, max-age=6"); }))
      res.send(Response::error(400, "invalid", "_HLS_msn: more than two segments ahead of the playlist"));
  });
  router.add(Method::kGet, "/hls/booths/{id}/{token}.ts", [&ctx](Request& req, const Responder& res) {
    auto cache = cache_for(ctx, req, req.ids[0], "public, max-age=31536000, immutable");
    auto segment = cache && ctx.hls_segment ? ctx.hls_segment(req.ids[0], req.tokens[0] + ".ts") : nullptr;
    if (!segment) return res.send(missing("no such segment (it may have expired)"));
    res.send(media("video/mp2t", *segment, *cache));
  });
  router.add(Method::kGet, "/thumbs/booths/{id}.jpg", [&ctx](Request& req, const Responder& res) {
    auto cache = cache_for(ctx, req, req.ids[0], "public, max-age=5");
    auto jpeg = cache && ctx.thumbnail ? ctx.thumbnail(req.ids[0]) : nullptr;
    if (!jpeg) return res.send(missing("booth " + std::to_string(req.ids[0]) + " has no live thumbnail"));
    res.send(media("image/jpeg", *jpeg, *cache));
  });
}

}  // namespace ocop::http
