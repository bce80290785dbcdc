#include "webrtc/whep_service.h"

#include <glib.h>

#include "common/log.h"
#include "common/random.h"
#include "http/parse/cors.h"
#include "webrtc/ice_server_links.h"
#include "webrtc/sdp/offer.h"

namespace ocop::webrtc {

using http::Response;

namespace {

// What a player on another origin must read: the session URL to DELETE, the
// ICE servers, and the entity tag of the draft's ICE restarts.
constexpr std::string_view kExposedHeaders = "Location, Link, ETag";
constexpr int kPreflightMaxAgeSeconds = 7200;  // Chromium caches a preflight at most 2 h
constexpr const char* kBoothAllow = "POST, OPTIONS";
constexpr const char* kSessionAllow = "DELETE, OPTIONS";
// The preflight lets PATCH through although the resource refuses it, so a
// player that tries trickle ICE reads the 405 the draft specifies instead of
// a network error it cannot tell apart from an outage.
constexpr const char* kSessionPreflightMethods = "DELETE, PATCH, OPTIONS";

}  // namespace

WhepService::WhepService(store::Store& store, hub::LiveBoard& live, const config::WebrtcConfig& cfg,
                         EgressFor egress_for)
    : store_(store), live_(live), cfg_(cfg), egress_for_(std::move(egress_for)) {
  if (!cfg_.stun_server.empty()) {
    if (auto link = stun_link(cfg_.stun_server); link.ok()) ice_links_.push_back(std::move(*link));
    else log::warn("webrtc", "webrtc.stun_server is not announced to players: {}", link.error().message);
  }
  if (!cfg_.turn_server.empty()) {
    if (auto link = turn_link(cfg_.turn_server); link.ok()) ice_links_.push_back(std::move(*link));
    else log::warn("webrtc", "webrtc.turn_server is not announced to players: {}", link.error().message);
  }
}

void WhepService::add_routes(http::Router& router) {
  router.add(http::Method::kPost, "/whep/booths/{id}",
             [this](http::Request& req, http::Responder res) { post_offer(req, res); });
  router.add(http::Method::kOptions, "/whep/booths/{id}",
             [this](http::Request& req, http::Responder res) { options(req, res, Resource::kBooth); });
  router.add(http::Method::kDelete, "/whep/sessions/{token}",
             [this](http::Request& req, http::Responder res) { delete_session(req, res); });
  router.add(http::Method::kPatch, "/whep/sessions/{token}",
             [this](http::Request& req, http::Responder res) { patch_session(req, res); });
  router.add(http::Method::kOptions, "/whep/sessions/{token}",
             [this](http::Request& req, http::Responder res) { options(req, res, Resource::kSession); });
}

Response WhepService::with_cors(Response r, const std::string& origin) const {
  for (auto& h : http::cors_headers(cfg_.cors_origins, origin, kExposedHeaders)) r.headers.push_back(std::move(h));
  return r;
}

Response WhepService::with_ice_servers(Response r) const {
  for (const auto& link : ice_links_) r.header("link", link);
  return r;
}

// A preflight must succeed even for a booth or session that does not exist:
// otherwise the player sees a CORS failure instead of the 404 that follows.
void WhepService::options(http::Request& req, const http::Responder& res, Resource resource) {
  const bool booth = resource == Resource::kBooth;
  Response r = Response::text(204, "", "");
  r.header("allow", booth ? kBoothAllow : kSessionAllow);
  if (booth) {
    r.header("accept-post", "application/sdp");
    r = with_ice_servers(std::move(r));
  }
  if (!req.cors_request_method.empty()) {
    const auto preflight = booth ? http::cors_preflight_headers(kBoothAllow, "content-type, authorization",
                                                                kPreflightMaxAgeSeconds)
                                 : http::cors_preflight_headers(kSessionPreflightMethods,
                                                                "content-type, authorization, if-match",
                                                                kPreflightMaxAgeSeconds);
    r.headers.insert(r.headers.end(), preflight.begin(), preflight.end());
  }
  res.send(with_cors(std::move(r), req.origin));
}

// Trickle ICE and ICE restarts are not supported: the answer already holds
// every server candidate.
void WhepService::patch_session(http::Request& req, const http::Responder& res) {
  res.send(with_cors(Response::error(405, "method_not_allowed", "trickle ICE and ICE restarts are not supported")
                         .header("allow", kSessionAllow),
                     req.origin));
}

void WhepService::recount(int64_t booth_id) {
  int n = 0;
  for (const auto& [sid, s] : sessions_) n += s.booth_id == booth_id ? 1 : 0;
  live_.set_viewers(booth_id, n);
}

int WhepService::recent_sessions_from(const std::string& peer, int64_t now_us) const {
  constexpr int64_t kWindowUs = 30 * G_USEC_PER_SEC;  // the engines' connect timeout
  int n = 0;
  for (const auto& [sid, s] : sessions_) n += s.peer == peer && now_us - s.created_us < kWindowUs ? 1 : 0;
  return n;
}

void WhepService::post_offer(http::Request& req, const http::Responder& res) {
  const auto send = [this, &res, &req](Response r) { res.send(with_cors(std::move(r), req.origin)); };
  if (req.body.size() > kMaxOfferBytes) return send(Response::error(413, "too_large", "offer over 64 KiB"));
  if (req.content_type.rfind("application/sdp", 0) != 0)
    return send(Response::error(415, "unsupported_media_type", "send the offer as application/sdp"));
  const int64_t booth_id = req.ids[0];
  auto booth = store_.booth(booth_id);
  if (!booth || (may_watch_ && !may_watch_(req, *booth))) return send(Response::error(404, "not_found", "no such booth"));
  if (!live_.get(booth_id).live())
    return send(Response::error(409, "offline", "the booth is not live").header("retry-after", "5"));
  if (static_cast<int>(sessions_.size()) >= cfg_.max_viewers)
    return send(Response::error(503, "at_capacity", "too many viewers; try again soon").header("retry-after", "10"));
  // Offers that never connect hold a slot for the engine's 30 s connect
  // timeout: one address may only start so many in that window.
  if (recent_sessions_from(req.peer, g_get_monotonic_time()) >= cfg_.max_new_sessions_per_address)
    return send(Response::error(429, "rate_limited", "too many new sessions from this address; try again soon")
                    .header("retry-after", "30"));

  auto offer = sdp::parse_offer(req.body);
  if (!offer.ok()) return send(Response::error(400, "bad_offer", offer.error().message));
  auto choice = sdp::choose_codecs(*offer);
  if (!choice.ok()) return send(Response::error(400, "bad_offer", choice.error().message));

  Egress* egress = egress_for_(booth_id);
  if (!egress) return send(Response::error(409, "offline", "the booth is not live").header("retry-after", "5"));

  ViewerRequest vr;
  vr.session_id = random_hex(16);
  vr.offer_sdp = req.body;
  if (choice->video) vr.video = *choice->video;
  if (choice->audio) vr.audio = *choice->audio;
  const std::string sid = vr.session_id;
  sessions_[sid] = Session{booth_id, req.peer, g_get_monotonic_time()};
  recount(booth_id);
  const gint64 t0 = g_get_monotonic_time();
  egress->add_viewer(std::move(vr), [this, res, sid, booth_id, t0, origin = req.origin](AnswerOutcome answer) {
    if (!answer.sdp) {
      viewer_gone(sid, answer.failure);
      log::warn("webrtc", "booth {}: no answer ({}): {}", booth_id, to_string(answer.failure), answer.detail);
      Response r = answer.failure == ViewerEnd::kBoothOffline
                       ? Response::error(409, "offline", "the booth went offline")
                   : answer.failure == ViewerEnd::kUnsupportedOffer
                       ? Response::error(400, "bad_offer", answer.detail)
                       : Response::error(500, "internal", "could not answer the offer");
      res.send(with_cors(std::move(r), origin));
      return;
    }
    log::info("webrtc", "booth {}: viewer answered in {} ms ({} viewers)", booth_id,
              (g_get_monotonic_time() - t0) / 1000, live_.get(booth_id).viewers);
    if (!res.alive()) {  // the client gave up waiting: nobody will ever DELETE this session
      if (Egress* e = egress_for_(booth_id)) e->remove_viewer(sid, ViewerEnd::kClientLeft);
      return;
    }
    res.send(with_cors(with_ice_servers(Response::text(201, "application/sdp", std::move(*answer.sdp))
                                            .header("location", "/whep/sessions/" + sid)
                                            .header("cache-control", "no-store")),
                       origin));
  });
}

void WhepService::delete_session(http::Request& req, const http::Responder& res) {
  auto it = sessions_.find(req.tokens[0]);
  if (it == sessions_.end())
    return res.send(with_cors(Response::error(404, "not_found", "no such session"), req.origin));
  const int64_t booth_id = it->second.booth_id;
  const std::string sid = it->first;  // the egress's Gone erases the entry
  if (Egress* egress = egress_for_(booth_id)) egress->remove_viewer(sid, ViewerEnd::kDeleted);
  else viewer_gone(sid, ViewerEnd::kDeleted);
  res.send(with_cors(Response::text(200, "text/plain", ""), req.origin));
}

void WhepService::viewer_gone(const std::string& sid, ViewerEnd why) {
  auto it = sessions_.find(sid);
  if (it == sessions_.end()) return;
  const int64_t booth_id = it->second.booth_id;
  sessions_.erase(it);
  log::debug("webrtc", "booth {}: session ended ({})", booth_id, to_string(why));
  recount(booth_id);
}

}  // namespace ocop::webrtc
