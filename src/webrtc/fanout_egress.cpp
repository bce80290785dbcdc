#include "webrtc/fanout_egress.h"

#include "common/log.h"

namespace ocop::webrtc {

FanoutEgress::FanoutEgress(fanout::Engine& engine, int64_t booth_id, Gone on_gone)
    : engine_(engine), booth_id_(booth_id), on_gone_(std::move(on_gone)) {}

FanoutEgress::~FanoutEgress() {
  *alive_ = false;
  auto sessions = std::move(sessions_);
  for (const auto& [sid, viewer] : sessions) {
    engine_.remove_viewer(viewer);
    if (on_gone_) on_gone_(sid, ViewerEnd::kBoothOffline);
  }
}

void FanoutEgress::add_viewer(ViewerRequest request, Answered done) {
  const std::string sid = request.session_id;
  auto added = engine_.add_viewer(booth_id_, request, [this, alive = std::weak_ptr<bool>(alive_), sid](
                                                          uint64_t, ViewerEnd why) {
    if (alive.expired()) return;
    if (sessions_.erase(sid) == 0) return;
    log::info("webrtc", "booth {}: viewer leaves ({})", booth_id_, to_string(why));
    if (on_gone_) on_gone_(sid, why);
  });
  if (!added.ok()) {
    AnswerOutcome failed;
    failed.failure = ViewerEnd::kUnsupportedOffer;
    failed.detail = added.error().message;
    done(std::move(failed));
    return;
  }
  sessions_[sid] = added->viewer_id;
  AnswerOutcome ok;
  ok.sdp = std::move(added->answer_sdp);
  done(std::move(ok));
}

void FanoutEgress::remove_viewer(const std::string& sid, ViewerEnd why) {
  auto it = sessions_.find(sid);
  if (it == sessions_.end()) return;
  engine_.remove_viewer(it->second);
  sessions_.erase(it);
  log::info("webrtc", "booth {}: viewer leaves ({})", booth_id_, to_string(why));
  if (on_gone_) on_gone_(sid, why);
}

}  // namespace ocop::webrtc
