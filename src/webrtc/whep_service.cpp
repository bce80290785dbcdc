#include "webrtc/whep_service.h"

#include <glib.h>

#include "common/log.h"
#include "common/random.h"
#include "webrtc/sdp/offer.h"

namespace ocop::webrtc {

using http::Response;

WhepService::WhepService(store::Store& store, hub::LiveBoard& live, const config::WebrtcConfig& cfg,
                         EgressFor egress_for)
    : store_(store), live_(live), cfg_(cfg), egress_for_(std::move(egress_for)) {}

void WhepService::add_routes(http::Router& router) {
  router.add(http::Method::kPost, "/whep/booths/{id}",
             [this](http::Request& req, http::Responder res) { post_offer(req, res); });
  router.add(http::Method::kDelete, "/whep/sessions/{token}",
             [this](http::Request& req, http::Responder res) { delete_session(req, res); });
}

void WhepService::recount(int64_t booth_id) {
  int n = 0;
  for (const auto& [sid, booth] : sessions_) n += booth == booth_id ? 1 : 0;
  live_.set_viewers(booth_id, n);
}

void WhepService::post_offer(http::Request& req, const http::Responder& res) {
  if (req.body.size() > kMaxOfferBytes)
    return res.send(Response::error(413, "too_large", "offer over 64 KiB"));
  if (req.content_type.rfind("application/sdp", 0) != 0)
    return res.send(Response::error(415, "unsupported_media_type", "send the offer as application/sdp"));
  const int64_t booth_id = req.ids[0];
  if (!store_.booth(booth_id)) return res.send(Response::error(404, "not_found", "no such booth"));
  if (!live_.get(booth_id).live())
    return res.send(Response::error(409, "offline", "the booth is not live").header("retry-after", "5"));
  if (static_cast<int>(sessions_.size()) >= cfg_.max_viewers)
    return res.send(Response::error(503, "at_capacity", "too many viewers; try again soon").header("retry-after", "10"));

  auto offer = sdp::parse_offer(req.body);
  if (!offer.ok()) return res.send(Response::error(400, "bad_offer", offer.error().message));
  auto choice = sdp::choose_codecs(*offer);
  if (!choice.ok()) return res.send(Response::error(400, "bad_offer", choice.error().message));

  Egress* egress = egress_for_(booth_id);
  if (!egress) return res.send(Response::error(409, "offline", "the booth is not live").header("retry-after", "5"));

  ViewerRequest vr;
  vr.session_id = random_hex(16);
  vr.offer_sdp = req.body;
  if (choice->video) vr.video = *choice->video;
  if (choice->audio) vr.audio = *choice->audio;
  const std::string sid = vr.session_id;
  sessions_[sid] = booth_id;
  recount(booth_id);
  const gint64 t0 = g_get_monotonic_time();
  egress->add_viewer(std::move(vr), [this, res, sid, booth_id, t0](Result<std::string> answer) {
    if (!answer.ok()) {
      log::warn("webrtc", "booth {}: no answer: {}", booth_id, answer.error().message);
      res.send(answer.error().code == "gone" ? Response::error(409, "offline", "the booth went offline")
                                             : Response::error(500, "internal", "could not answer the offer"));
      return;
    }
    log::info("webrtc", "booth {}: viewer answered in {} ms ({} viewers)", booth_id,
              (g_get_monotonic_time() - t0) / 1000, live_.get(booth_id).viewers);
    if (!res.alive()) {  // the client gave up waiting: nobody will ever DELETE this session
      if (Egress* e = egress_for_(booth_id)) e->remove_viewer(sid, "client left before the answer");
      return;
    }
    res.send(Response::text(201, "application/sdp", std::move(*answer))
                 .header("location", "/whep/sessions/" + sid)
                 .header("access-control-expose-headers", "Location")
                 .header("cache-control", "no-store"));
  });
}

void WhepService::delete_session(http::Request& req, const http::Responder& res) {
  auto it = sessions_.find(req.tokens[0]);
  if (it == sessions_.end()) return res.send(Response::error(404, "not_found", "no such session"));
  const int64_t booth_id = it->second;
  if (Egress* egress = egress_for_(booth_id)) egress->remove_viewer(it->first, "DELETE");
  else viewer_gone(it->first, "DELETE");
  res.send(Response::text(200, "text/plain", ""));
}

void WhepService::viewer_gone(const std::string& sid, const std::string& why) {
  auto it = sessions_.find(sid);
  if (it == sessions_.end()) return;
  const int64_t booth_id = it->second;
  sessions_.erase(it);
  log::debug("webrtc", "booth {}: session ended ({})", booth_id, why);
  recount(booth_id);
}

}  // namespace ocop::webrtc
