// Market days, booths and stream keys.
#include <cmath>

#include "common/password.h"
#include "common/password_pool.h"
#include "common/random.h"
#include "domain/ocop.h"
#include "domain/validate.h"
#include "http/api.h"
#include "http/parse/json_body.h"
#include "http/parse/route.h"
#include "domain/larix.h"
#include "http/qr_svg.h"
#include "hub/protocol/entity_json.h"

namespace ocop::http {
namespace {

nlohmann::json market_day_json(const domain::MarketDay& d) {
  return {{"id", d.id}, {"title", d.title}, {"starts_at", d.starts_at}, {"ends_at", d.ends_at}};
}

// Booth filters from the query string; each bad value is a 400 naming it.
Result<store::BoothFilter> booth_filter(const QueryParams& q, std::optional<bool>& live) {
  store::BoothFilter f;
  for (const auto& [key, value] : q) {
    if (key == "market_day") {
      int64_t id = 0;
      if (!parse_id(value, id)) return make_error("invalid", "market_day: must be a market day id");
      f.market_day_id = id;
    } else if (key == "province") {
      if (!domain::is_province(value)) return make_error("invalid", "province: not one of the 34 provinces");
      f.province = value;
    } else if (key == "group") {
      if (!domain::is_product_group(value)) return make_error("invalid", "group: not an OCOP product group");
      f.group = value;
    } else if (key == "stars") {
      if (value.size() != 1 || !domain::is_valid_stars(value[0] - '0')) return make_error("invalid", "stars: 3, 4 or 5");
      f.stars = value[0] - '0';
    } else if (key == "live") {
      if (value == "true" || value == "1") live = true;
      else if (value == "false" || value == "0") live = false;
      else return make_error("invalid", "live: true or false");
    } else {
      return make_error("invalid", "unknown filter '" + key + "'");
    }
  }
  return f;
}

Status check_booth_refs(ApiContext& ctx, const domain::BoothInput& in) {
  if (in.market_day_id && !ctx.store.market_day(*in.market_day_id))
    return make_error("invalid", "market_day_id: no such market day");
  if (in.seller_id && *in.seller_id) {
    auto seller = ctx.store.user(**in.seller_id);
    if (!seller || seller->role != domain::Role::kSeller)
      return make_error("invalid", "seller_id: no such seller account");
  }
  return {};
}

std::string new_stream_key() { return random_hex(12); }

}  // namespace

void add_market_routes(Router& router, ApiContext& ctx) {
  router.add(Method::kGet, "/api/v1/market-days", [&ctx](Request&, Responder res) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& d : ctx.store.market_days()) list.push_back(market_day_json(d));
    res.send(Response::json(200, {{"market_days", list}}));
  });

  router.add(Method::kPost, "/api/v1/market-days", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (!is_organizer(*user)) return res.send(Response::error(403, "forbidden", "organizers only"));
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    auto day = domain::validate_market_day(*body);
    if (!day.ok()) return res.send(error_response(day.error()));
    auto created = ctx.store.create_market_day(*day);
    if (!created.ok()) return res.send(error_response(created.error()));
    res.send(Response::json(201, market_day_json(*created)));
  });

  // "Sao chép gian hàng từ phiên trước": each seller keeps their stream key,
  // so a phone set up for one market day goes live on the next unchanged.
  router.add(Method::kPost, "/api/v1/market-days/{id}/copy-booths", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (!is_organizer(*user)) return res.send(Response::error(403, "forbidden", "organizers only"));
    auto to = ctx.store.market_day(req.ids[0]);
    if (!to) return res.send(Response::error(404, "not_found", "no such market day"));
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    domain::FieldReader r(*body);
    r.reject_unknown({"from_market_day_id"});
    auto from_id = r.integer("from_market_day_id", 1, INT64_MAX, domain::Need::kRequired);
    if (!r.ok()) return res.send(error_response(r.error()));
    if (*from_id == to->id)
      return res.send(error_response(domain::invalid_field("from_market_day_id", "must be another market day")));
    if (!ctx.store.market_day(*from_id))
      return res.send(error_response(domain::invalid_field("from_market_day_id", "no such market day")));
    store::BoothFilter from_filter;
    from_filter.market_day_id = *from_id;
    for (const auto& b : ctx.store.booths(from_filter)) {
      if (ctx.live.get(b.id).live())
        return res.send(Response::error(409, "conflict", "booth '" + b.name + "' is live: copy once it has ended"));
    }
    auto copied = ctx.store.copy_booths(*from_id, to->id, new_stream_key);
    if (!copied.ok()) return res.send(error_response(copied.error()));
    if (ctx.on_booths_changed) ctx.on_booths_changed();
    nlohmann::json list = nlohmann::json::array();
    for (int64_t id : copied->booth_ids)
      if (auto b = ctx.store.booth(id)) list.push_back(booth_json(ctx, *b));
    res.send(Response::json(201, {{"booths", list}, {"skipped", copied->skipped}}));
  });

  // "Dừng phát gian này": cut the publisher and refuse its key until an
  // organizer reopens the booth; the seller reads the reason in the studio.
  router.add(Method::kPost, "/api/v1/booths/{id}/stop", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (!is_organizer(*user)) return res.send(Response::error(403, "forbidden", "organizers only"));
    auto booth = ctx.store.booth(req.ids[0]);
    if (!booth) return res.send(Response::error(404, "not_found", "no such booth"));
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    domain::FieldReader r(*body);
    r.reject_unknown({"reason"});
    auto reason = r.text("reason", {1, 300}, domain::Need::kRequired);
    if (!r.ok()) return res.send(error_response(r.error()));
    if (Status s = ctx.store.set_stopped(booth->id, *reason); !s.ok()) return res.send(error_response(s.error()));
    if (ctx.on_stream_key_rotated) ctx.on_stream_key_rotated(booth->id);  // refreshes keys, cuts the publisher
    res.send(Response::json(200, booth_json(ctx, *ctx.store.booth(booth->id))));
  });
  router.add(Method::kPost, "/api/v1/booths/{id}/reopen", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (!is_organizer(*user)) return res.send(Response::error(403, "forbidden", "organizers only"));
    auto booth = ctx.store.booth(req.ids[0]);
    if (!booth) return res.send(Response::error(404, "not_found", "no such booth"));
    if (Status s = ctx.store.set_stopped(booth->id, std::nullopt); !s.ok()) return res.send(error_response(s.error()));
    if (ctx.on_booths_changed) ctx.on_booths_changed();
    res.send(Response::json(200, booth_json(ctx, *ctx.store.booth(booth->id))));
  });

  router.add(Method::kGet, "/api/v1/booths", [&ctx](Request& req, Responder res) {
    std::optional<bool> live;
    auto filter = booth_filter(req.query, live);
    if (!filter.ok()) return res.send(error_response(filter.error()));
    nlohmann::json list = nlohmann::json::array();
    for (const auto& b : ctx.store.booths(*filter)) {
      if (live && ctx.live.get(b.id).live() != *live) continue;
      if (!may_see(ctx, req, b)) continue;
      list.push_back(booth_json(ctx, b));
    }
    res.send(Response::json(200, {{"booths", list}}));
  });

  router.add(Method::kGet, "/api/v1/booths/{id}", [&ctx](Request& req, Responder res) {
    auto booth = ctx.store.booth(req.ids[0]);
    if (!booth || !may_see(ctx, req, *booth)) return res.send(Response::error(404, "not_found", "no such booth"));
    nlohmann::json j = booth_json(ctx, *booth);
    nlohmann::json products = nlohmann::json::array();
    for (const auto& p : ctx.store.products(booth->id)) products.push_back(hub::protocol::to_json(p, ctx.now()));
    j["products"] = products;
    auto user = ctx.auth.user_of(req.cookie, ctx.now());
    if (user && can_manage(*user, *booth)) {
      j["stopped_reason"] = booth->stopped_reason ? nlohmann::json(*booth->stopped_reason) : nlohmann::json(nullptr);
      const auto& ingest = ctx.live.get(booth->id).ingest;
      if (ingest) {
        j["ingest"] = {{"bitrate_kbps", ingest->bitrate_bps / 1000}, {"fps", ingest->fps},
                       {"width", ingest->width},  {"height", ingest->height},
                       {"video_codec", ingest->video_codec}, {"audio_codec", ingest->audio_codec},
                       {"keyframe_interval_s", ingest->keyframe_interval_s}, {"bframes", ingest->bframes}};
      } else {
        j["ingest"] = nullptr;
      }
      const auto& delivery = ctx.live.get(booth->id).delivery;
      if (delivery) {
        j["delivery"] = {{"viewers", delivery->viewers},
                         {"loss_pct", std::round(delivery->loss * 1000) / 10},
                         {"jitter_ms", std::round(delivery->jitter_ms * 10) / 10},
                         {"rtt_ms", delivery->rtt_ms < 0 ? nlohmann::json(nullptr)
                                                         : nlohmann::json(std::round(delivery->rtt_ms * 10) / 10)}};
      } else {
        j["delivery"] = nullptr;
      }
    }
    res.send(Response::json(200, j));
  });

  // With `new_seller`, the seller's account is made in the same step: the
  // server chooses the password and answers it once, as `credentials`.
  router.add(Method::kPost, "/api/v1/booths", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (!is_organizer(*user)) return res.send(Response::error(403, "forbidden", "organizers only"));
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    auto in = domain::validate_booth_create(*body);
    if (!in.ok()) return res.send(error_response(in.error()));
    if (Status s = check_booth_refs(ctx, *in); !s.ok()) return res.send(error_response(s.error()));
    store::BoothFields f{*in->market_day_id, *in->name, *in->province, in->seller_id ? *in->seller_id : std::nullopt,
                         in->visibility.value_or(domain::Visibility::kPublic)};
    auto create_booth = [&ctx, res](store::BoothFields fields, nlohmann::json credentials) {
      auto created = ctx.store.create_booth(fields, new_stream_key());
      if (!created.ok()) return res.send(error_response(created.error()));
      if (ctx.on_booths_changed) ctx.on_booths_changed();
      nlohmann::json j = booth_json(ctx, *created);
      if (!credentials.is_null()) j["credentials"] = std::move(credentials);
      res.send(Response::json(201, j).header("cache-control", "no-store"));
    };
    if (!in->new_seller) return create_booth(f, nullptr);
    const auto& seller = *in->new_seller;
    if (ctx.store.credentials(seller.username))
      return res.send(error_response(
          field_error("conflict", "new_seller.username", "taken", "'" + seller.username + "' is taken")));
    std::string password = new_password();
    auto made = [&ctx, res, f, seller, password, create_booth](std::string hash) mutable {
      domain::User profile;
      profile.display_name = seller.profile.display_name;
      profile.phone = seller.profile.phone;
      auto account = ctx.store.create_user(seller.username, hash, domain::Role::kSeller, profile);
      if (!account.ok()) {
        Error e = account.error();
        if (e.field == "username") e = field_error(e.code, "new_seller.username", e.rule, "'" + seller.username + "' is taken");
        return res.send(error_response(e));
      }
      f.seller_id = account->id;
      create_booth(f, {{"user_id", account->id}, {"username", account->username}, {"password", password}});
    };
    if (!ctx.passwords->hash(password, std::move(made)))
      res.send(busy_response());
  });

  // Organizers edit everything; the booth's seller only its visibility
  // (a private rehearsal before the market day).
  router.add(Method::kPut, "/api/v1/booths/{id}", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    auto booth = ctx.store.booth(req.ids[0]);
    if (!booth) return res.send(Response::error(404, "not_found", "no such booth"));
    if (!can_manage(*user, *booth)) return res.send(Response::error(403, "forbidden", "not your booth"));
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    auto in = domain::validate_booth_update(*body);
    if (!in.ok()) return res.send(error_response(in.error()));
    if (!is_organizer(*user) && (in->market_day_id || in->name || in->province || in->seller_id))
      return res.send(Response::error(403, "forbidden", "sellers change only their booth's visibility"));
    if (Status s = check_booth_refs(ctx, *in); !s.ok()) return res.send(error_response(s.error()));
    // Moving a live booth to another market day would move its buyers' page under them.
    if (in->market_day_id && *in->market_day_id != booth->market_day_id && ctx.live.get(booth->id).live())
      return res.send(Response::error(409, "conflict", "market_day_id: the booth is live; stop it first", "market_day_id", "live"));
    store::BoothFields f{booth->market_day_id, booth->name, booth->province,
                         booth->seller ? std::optional<int64_t>(booth->seller->id) : std::nullopt};
    if (in->market_day_id) f.market_day_id = *in->market_day_id;
    if (in->name) f.name = *in->name;
    if (in->province) f.province = *in->province;
    if (in->seller_id) f.seller_id = *in->seller_id;
    f.visibility = in->visibility.value_or(booth->visibility);
    auto updated = ctx.store.update_booth(booth->id, f);
    if (!updated.ok()) return res.send(error_response(updated.error()));
    const bool new_seller = (booth->seller ? std::optional<int64_t>(booth->seller->id) : std::nullopt) != f.seller_id;
    if (new_seller && ctx.on_sessions_changed) ctx.on_sessions_changed();
    if (f.visibility == domain::Visibility::kPrivate && booth->visibility != f.visibility && ctx.on_booth_private)
      ctx.on_booth_private(booth->id);
    res.send(Response::json(200, booth_json(ctx, *updated)));
  });

  auto key_answer = [&ctx](const Request& req, const domain::Booth& b) {
    const std::string base = rtmp_base_url(ctx, req.host);
    const std::string publish = base + "/" + b.stream_key;
    return Response::json(200, {{"stream_key", b.stream_key},
                                {"rtmp_url", base},
                                {"publish_url", publish},
                                {"larix_url", domain::larix_grove_url(publish, b.name)}})
        .header("cache-control", "no-store");
  };

  router.add(Method::kGet, "/api/v1/booths/{id}/stream-key", [&ctx, key_answer](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    auto booth = ctx.store.booth(req.ids[0]);
    if (!booth) return res.send(Response::error(404, "not_found", "no such booth"));
    if (!can_manage(*user, *booth)) return res.send(Response::error(403, "forbidden", "not your booth"));
    res.send(key_answer(req, *booth));
  });

  router.add(Method::kGet, "/api/v1/booths/{id}/stream-key/qr.svg", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    auto booth = ctx.store.booth(req.ids[0]);
    if (!booth) return res.send(Response::error(404, "not_found", "no such booth"));
    if (!can_manage(*user, *booth)) return res.send(Response::error(403, "forbidden", "not your booth"));
    // The Grove link, not the bare rtmp:// URL: a phone camera opens it in
    // Larix, and Larix's own scanner imports it with the encoder settings.
    auto svg = qr_svg(domain::larix_grove_url(rtmp_base_url(ctx, req.host) + "/" + booth->stream_key, booth->name));
    if (!svg) return res.send(Response::error(500, "internal", "could not draw the QR code"));
    res.send(Response::text(200, "image/svg+xml", std::move(*svg)).header("cache-control", "no-store"));
  });

  router.add(Method::kPost, "/api/v1/booths/{id}/stream-key/rotate", [&ctx, key_answer](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    auto booth = ctx.store.booth(req.ids[0]);
    if (!booth) return res.send(Response::error(404, "not_found", "no such booth"));
    if (!can_manage(*user, *booth)) return res.send(Response::error(403, "forbidden", "not your booth"));
    booth->stream_key = new_stream_key();
    if (Status s = ctx.store.set_stream_key(booth->id, booth->stream_key); !s.ok())
      return res.send(error_response(s.error()));
    if (ctx.on_stream_key_rotated) ctx.on_stream_key_rotated(booth->id);
    res.send(key_answer(req, *booth));
  });
}

}  // namespace ocop::http
