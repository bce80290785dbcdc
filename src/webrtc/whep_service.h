#pragma once
// WHEP (draft-ietf-wish-whep): POST /whep/booths/{id} with the browser's SDP
// offer -> 201, the answer and Location: /whep/sessions/{sid}; DELETE that
// location ends it. Keeps the session -> booth map and the viewer counts on
// the LiveBoard. Control thread only.
//
// WHEP is made to be embedded: provincial portals and partner shops play a
// booth from pages on their own origins. So, unlike the REST API, whose
// state-changing requests are to be held to the site's own origins, every
// WHEP answer carries CORS headers per webrtc.cors_origins ("*" by default).
// That grants nothing a stranger could abuse: WHEP reads no cookie, never
// allows credentials, and a session's URL is its only key.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "config/config.h"
#include "http/router.h"
#include "hub/live_board.h"
#include "store/store.h"
#include "webrtc/egress.h"

namespace ocop::webrtc {

inline constexpr size_t kMaxOfferBytes = 64 * 1024;

class WhepService {
 public:
  // The booth's egress while its media pipeline runs (live or reconnecting),
  // else null.
  using EgressFor = std::function<Egress*(int64_t booth_id)>;

  WhepService(store::Store& store, hub::LiveBoard& live, const config::WebrtcConfig& cfg, EgressFor egress_for);
  void add_routes(http::Router& router);
  // Whether this request may watch this booth (a private booth is for its
  // seller and organizers); a refusal answers 404, as for no booth at all.
  using MayWatch = std::function<bool(const http::Request&, const domain::Booth&)>;
  void set_may_watch(MayWatch may_watch) { may_watch_ = std::move(may_watch); }

  // From the egress: a viewer left for good.
  void viewer_gone(const std::string& session_id, ViewerEnd why);
  size_t sessions() const { return sessions_.size(); }

 private:
  enum class Resource { kBooth, kSession };

  void post_offer(http::Request& req, const http::Responder& res);
  void delete_session(http::Request& req, const http::Responder& res);
  void patch_session(http::Request& req, const http::Responder& res);
  void options(http::Request& req, const http::Responder& res, Resource resource);
  void recount(int64_t booth_id);
  http::Response with_cors(http::Response r, const std::string& origin) const;
  http::Response with_ice_servers(http::Response r) const;

  // Passed by argument
  store::Store& store_;
  hub::LiveBoard& live_;
  const config::WebrtcConfig& cfg_;
  EgressFor egress_for_;
  MayWatch may_watch_;

  // Allocated by this
  struct Session {
    int64_t booth_id = 0;
    std::string peer;    // the client address that made it
    int64_t created_us = 0;
  };
  int recent_sessions_from(const std::string& peer, int64_t now_us) const;
  std::map<std::string, Session> sessions_;  // by session id
  std::vector<std::string> ice_links_;       // Link header values naming the STUN/TURN servers
};

}  // namespace ocop::webrtc
