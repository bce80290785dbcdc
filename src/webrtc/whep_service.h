#pragma once
// WHEP (draft-ietf-wish-whep): POST /whep/booths/{id} with the browser's SDP
// offer -> 201, the answer and Location: /whep/sessions/{sid}; DELETE that
// location ends it. Keeps the session -> booth map and the viewer counts on
// the LiveBoard. Control thread only.
#include <functional>
#include <map>
#include <string>

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

  // From the egress: a viewer left for good.
  void viewer_gone(const std::string& session_id, const std::string& why);
  size_t sessions() const { return sessions_.size(); }

 private:
  void post_offer(http::Request& req, const http::Responder& res);
  void delete_session(http::Request& req, const http::Responder& res);
  void recount(int64_t booth_id);

  // Passed by argument
  store::Store& store_;
  hub::LiveBoard& live_;
  const config::WebrtcConfig& cfg_;
  EgressFor egress_for_;

  // Allocated by this
  std::map<std::string, int64_t> sessions_;  // session id -> booth id
};

}  // namespace ocop::webrtc
