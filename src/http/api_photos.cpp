// Product photos from the seller's phone: uploaded as the raw file
// (POST /api/v1/products/{id}/photos, any image content type), decoded and
// written off the control thread, served from our origin for a year (a
// photo's name never changes). The first photo is the product's cover.
#include "http/api.h"
#include "http/file_response.h"
#include "http/parse/route.h"
#include "hub/protocol/entity_json.h"
#include "media/photo.h"

namespace ocop::http {
namespace {

// The product and its booth, when the user may change it; else answers.
std::optional<domain::Product> own_product(ApiContext& ctx, const Request& req, const Responder& res) {
  auto user = require_user(ctx, req, res);
  if (!user) return std::nullopt;
  auto p = ctx.store.product(req.ids[0]);
  if (!p) {
    res.send(Response::error(404, "not_found", "no such product"));
    return std::nullopt;
  }
  auto booth = ctx.store.booth(p->booth_id);
  if (!booth || !can_manage(*user, *booth)) {
    res.send(Response::error(403, "forbidden", "not your product"));
    return std::nullopt;
  }
  return p;
}

void changed(ApiContext& ctx, int64_t product_id, const Responder& res, int status) {
  auto p = ctx.store.product(product_id);
  if (!p) return res.send(Response::error(404, "not_found", "no such product"));
  if (ctx.on_product_changed) ctx.on_product_changed(p->booth_id, p->id);
  res.send(Response::json(status, hub::protocol::to_json(*p, ctx.now())));
}

}  // namespace

bool is_photo_upload(const Request& req) {
  std::vector<int64_t> ids;
  return (req.method == Method::kPost && match_route("/api/v1/products/{id}/photos", req.path, ids)) ||
         (req.method == Method::kPut && match_route("/api/v1/products/{id}/certificate-photo", req.path, ids));
}

void add_photo_routes(Router& router, ApiContext& ctx) {
  router.add(Method::kPost, "/api/v1/products/{id}/photos", [&ctx](Request& req, Responder res) {
    auto p = own_product(ctx, req, res);
    if (!p) return;
    if (req.body.empty()) return res.send(Response::error(400, "invalid", "photo: send the image file as the body"));
    if (p->photos.size() >= static_cast<size_t>(ctx.cfg.photos.max_per_product))
      return res.send(Response::error(409, "conflict", "photo: a product has at most " +
                                                           std::to_string(ctx.cfg.photos.max_per_product) + " photos"));
    if (!ctx.save_photo) return res.send(Response::error(503, "busy", "photos are not available"));
    const int64_t product_id = p->id;
    const bool queued = ctx.save_photo(std::move(req.body), [&ctx, product_id, res](Result<media::StoredPhoto> saved) {
      if (!saved.ok()) return res.send(error_response(saved.error()));
      auto added = ctx.store.add_product_photo(product_id, saved->token, saved->width, saved->height, ctx.now(),
                                               static_cast<size_t>(ctx.cfg.photos.max_per_product));
      if (!added.ok()) {
        if (ctx.remove_photo) ctx.remove_photo(saved->token);
        return res.send(error_response(added.error()));
      }
      changed(ctx, product_id, res, 201);
    });
    if (!queued) res.send(Response::error(503, "busy", "many photos are being processed; try again in a moment").header("retry-after", "5"));
  });

  router.add(Method::kDelete, "/api/v1/products/{id}/photos/{token}", [&ctx](Request& req, Responder res) {
    auto p = own_product(ctx, req, res);
    if (!p) return;
    if (Status s = ctx.store.delete_product_photo(p->id, req.tokens[0]); !s.ok()) return res.send(error_response(s.error()));
    if (ctx.remove_photo && !ctx.store.photo_in_use(req.tokens[0])) ctx.remove_photo(req.tokens[0]);
    changed(ctx, p->id, res, 200);
  });

  // Makes this photo the cover.
  router.add(Method::kPost, "/api/v1/products/{id}/photos/{token}/cover", [&ctx](Request& req, Responder res) {
    auto p = own_product(ctx, req, res);
    if (!p) return;
    if (Status s = ctx.store.move_photo_first(p->id, req.tokens[0]); !s.ok()) return res.send(error_response(s.error()));
    changed(ctx, p->id, res, 200);
  });

  // A photo of the product's OCOP certificate, for the organizer who
  // reviews the claim; replacing or removing it sends the claim back to
  // pending.
  router.add(Method::kPut, "/api/v1/products/{id}/certificate-photo", [&ctx](Request& req, Responder res) {
    auto p = own_product(ctx, req, res);
    if (!p) return;
    if (req.body.empty()) return res.send(Response::error(400, "invalid", "photo: send the image file as the body"));
    if (!ctx.save_photo) return res.send(Response::error(503, "busy", "photos are not available"));
    const int64_t product_id = p->id;
    const bool queued = ctx.save_photo(std::move(req.body), [&ctx, product_id, res](Result<media::StoredPhoto> saved) {
      if (!saved.ok()) return res.send(error_response(saved.error()));
      auto previous = ctx.store.set_certificate_photo(product_id, saved->token);
      if (!previous.ok()) {
        if (ctx.remove_photo) ctx.remove_photo(saved->token);
        return res.send(error_response(previous.error()));
      }
      if (!previous->empty() && ctx.remove_photo && !ctx.store.photo_in_use(*previous)) ctx.remove_photo(*previous);
      changed(ctx, product_id, res, 200);
    });
    if (!queued) res.send(Response::error(503, "busy", "many photos are being processed; try again in a moment").header("retry-after", "5"));
  });

  router.add(Method::kDelete, "/api/v1/products/{id}/certificate-photo", [&ctx](Request& req, Responder res) {
    auto p = own_product(ctx, req, res);
    if (!p) return;
    auto previous = ctx.store.set_certificate_photo(p->id, "");
    if (!previous.ok()) return res.send(error_response(previous.error()));
    if (!previous->empty() && ctx.remove_photo && !ctx.store.photo_in_use(*previous)) ctx.remove_photo(*previous);
    changed(ctx, p->id, res, 200);
  });

  router.add(Method::kGet, "/media/photos/{token}.jpg", [&ctx](Request& req, Responder res) {
    std::string name = req.tokens[0];
    const bool tile = name.size() > 5 && name.compare(name.size() - 5, 5, "-tile") == 0;
    if (!media::is_photo_token(tile ? std::string_view(name).substr(0, name.size() - 5) : std::string_view(name)))
      return res.send(Response::error(404, "not_found", "no such photo"));
    Response out = file_response(ctx.photo_dir + "/" + name + ".jpg", "", "image/jpeg");
    if (out.status < 300) out.header("cache-control", "public, max-age=31536000, immutable");
    res.send(std::move(out));
  });
}

}  // namespace ocop::http
