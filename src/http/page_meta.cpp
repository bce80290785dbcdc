// Open Graph tags for the pages a buyer shares: a booth (its live thumbnail
// while live, else a product's photo) and a replay (its picture).
#include <algorithm>
#include <filesystem>

#include "http/api.h"
#include "http/open_graph.h"
#include "http/parse/route.h"

namespace ocop::http {
namespace {

// A product photo as an absolute URL: the pinned product first, and a raster
// one before a drawing (crawlers skip SVG).
std::string product_image(ApiContext& ctx, int64_t booth_id, const std::string& origin) {
  std::vector<domain::Product> products = ctx.store.products(booth_id);
  if (auto pin = ctx.store.pin(booth_id))
    std::stable_partition(products.begin(), products.end(), [&](const auto& p) { return p.id == pin->product_id; });
  std::string drawing;
  for (const auto& p : products) {
    // An uploaded photo's card size is the picture a chat app shows best.
    const std::string u = p.photos.empty() ? p.image_url : "/media/photos/" + p.photos.front() + ".jpg";
    std::string url;
    if (u.size() > 1 && u[0] == '/' && u[1] != '/') url = origin + u;
    else if (u.rfind("https://", 0) == 0 || u.rfind("http://", 0) == 0) url = u;
    if (url.empty()) continue;
    if (url.size() < 4 || url.compare(url.size() - 4, 4, ".svg") != 0) return url;
    if (drawing.empty()) drawing = url;
  }
  return drawing;
}

}  // namespace

std::string page_head(ApiContext& ctx, const Request& req) {
  std::vector<int64_t> ids;
  const std::string origin = page_origin(ctx.cfg.server.public_host.empty() ? req.host : ctx.cfg.server.public_host,
                                         ctx.cfg.http.secure_cookies);
  if (origin.empty()) return {};
  OpenGraph og;
  if (match_route("/booths/{id}", req.path, ids)) {
    auto booth = ctx.store.booth(ids[0]);
    if (!booth || !may_see(ctx, req, *booth)) return {};
    const bool live = ctx.live.get(booth->id).live();
    og.title = booth->name + " – OCOP Live";
    og.description = std::string(live ? "Đang phát trực tiếp · " : "Gian hàng OCOP · ") + booth->province;
    og.url = origin + req.path;
    if (live && ctx.thumbnail && ctx.thumbnail(booth->id))
      og.image = origin + "/thumbs/booths/" + std::to_string(booth->id) + ".jpg";
    else
      og.image = product_image(ctx, booth->id, origin);
  } else if (match_route("/replays/{id}", req.path, ids)) {
    auto replay = ctx.store.replay(ids[0]);
    if (!replay.ok() || !*replay || (*replay)->state != store::ReplayState::kReady) return {};
    auto booth = ctx.store.booth((*replay)->booth_id);
    if (!booth || !may_see(ctx, req, *booth)) return {};
    og.title = "Xem lại: " + booth->name + " – OCOP Live";
    og.description = "Buổi live của " + booth->name + " · " + booth->province;
    og.url = origin + req.path;
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::path((*replay)->path).replace_extension(".jpg"), ec))
      og.image = origin + "/thumbs/replays/" + std::to_string((*replay)->id) + ".jpg";
  } else {
    return {};
  }
  return open_graph_tags(og);
}

}  // namespace ocop::http
