#include "webrtc/webrtcbin_egress.h"

#include <malloc.h>

#include "common/log.h"

namespace ocop::webrtc {
namespace {
constexpr unsigned kGatherTimeoutMs = 3000;  // answer with what was gathered by then
constexpr gint64 kConnectTimeoutUs = 30 * G_USEC_PER_SEC;
constexpr unsigned kTrimDelayMs = 1000;
int g_serial = 0;  // names viewer bins; never anything a client sent
}  // namespace

WebrtcbinEgress::WebrtcbinEgress(media::BoothPipeline& booth, IceOptions ice, ControlLoop& loop, Gone on_gone)
    : booth_(booth), ice_(std::move(ice)), loop_(loop), on_gone_(std::move(on_gone)) {
  watchdog_timer_ = loop_.every(250, [this] { return watchdog(); });
}

WebrtcbinEgress::~WebrtcbinEgress() {
  *alive_ = false;
  if (watchdog_timer_) g_source_remove(watchdog_timer_);
  auto viewers = std::move(viewers_);
  for (auto& [sid, e] : viewers) {
    if (e.gather_timer) g_source_remove(e.gather_timer);
    if (e.answered) e.answered(AnswerOutcome{std::nullopt, ViewerEnd::kBoothOffline, "the booth went offline"});
    if (on_gone_) on_gone_(sid, ViewerEnd::kBoothOffline);
  }
  viewers.clear();  // stops and removes each branch
  if (trim_timer_) g_source_remove(trim_timer_);
  malloc_trim(0);
}

// A viewer's streaming threads free their memory into glibc's per-thread
// arenas, which keep it: RSS crept ~27 KiB per viewer session under churn
// while the heap itself did not grow (docs/benchmarks.md, Churn). Give it
// back once removals settle; one trim per burst of departures.
void WebrtcbinEgress::schedule_trim() {
  if (trim_timer_) return;
  trim_timer_ = loop_.after(kTrimDelayMs, [this, alive = std::weak_ptr<bool>(alive_)] {
    if (alive.expired()) return;
    trim_timer_ = 0;
    malloc_trim(0);
  });
}

void WebrtcbinEgress::add_viewer(ViewerRequest request, Answered done) {
  const std::string sid = request.session_id;
  auto viewer = std::make_unique<WebrtcbinViewer>(++g_serial, std::move(request), booth_, ice_);
  std::weak_ptr<bool> alive = alive_;
  auto events = [this, alive, sid, &loop = loop_](WebrtcbinViewer::Event ev) {
    loop.post([this, alive, sid, ev] {
      if (!alive.expired()) on_event(sid, ev);
    });
  };
  Entry& e = viewers_[sid];
  e.viewer = std::move(viewer);
  e.answered = std::move(done);
  if (Status s = e.viewer->start(std::move(events)); !s.ok()) {
    log::warn("webrtc", "booth {}: viewer could not start: {}", booth_.booth_id(), s.error().message);
    e.answered(AnswerOutcome{std::nullopt, ViewerEnd::kNegotiationFailed, s.error().message});
    e.answered = nullptr;
    remove_viewer(sid, ViewerEnd::kNegotiationFailed);
  }
}

void WebrtcbinEgress::remove_viewer(const std::string& sid, ViewerEnd why) {
  auto it = viewers_.find(sid);
  if (it == viewers_.end() || it->second.removing) return;
  Entry& e = it->second;
  e.removing = true;
  if (e.gather_timer) {
    g_source_remove(e.gather_timer);
    e.gather_timer = 0;
  }
  if (e.answered) {
    e.answered(AnswerOutcome{std::nullopt, why, std::string("viewer ended before the answer: ") + to_string(why)});
    e.answered = nullptr;
  }
  log::info("webrtc", "booth {}: viewer leaves ({})", booth_.booth_id(), to_string(why));
  std::weak_ptr<bool> alive = alive_;
  e.viewer->begin_removal([&loop = loop_](std::function<void()> fn) { loop.post(std::move(fn)); },
                          [this, alive, sid, why] {
                            if (alive.expired()) return;
                            viewers_.erase(sid);  // stops and removes the branch
                            schedule_trim();
                            if (on_gone_) on_gone_(sid, why);
                          });
}

void WebrtcbinEgress::on_event(const std::string& sid, WebrtcbinViewer::Event ev) {
  auto it = viewers_.find(sid);
  if (it == viewers_.end() || it->second.removing) return;
  Entry& e = it->second;
  using Ev = WebrtcbinViewer::Event;
  switch (ev) {
    case Ev::kLocalSet:
      e.local_set = true;
      e.viewer->on_local_set();
      if (!e.gathered)
        e.gather_timer = loop_.after(kGatherTimeoutMs, [this, sid] {
          auto vit = viewers_.find(sid);
          if (vit == viewers_.end()) return;
          vit->second.gather_timer = 0;
          maybe_answer(sid, vit->second, true);
        });
      maybe_answer(sid, e, false);
      break;
    case Ev::kGathered:
      e.gathered = true;
      maybe_answer(sid, e, false);
      break;
    case Ev::kConnected:
      log::debug("webrtc", "booth {}: viewer connected {} ms after the answer", booth_.booth_id(),
                 (g_get_monotonic_time() - e.answered_us) / 1000);
      break;
    case Ev::kFailed:
      remove_viewer(sid, ViewerEnd::kTransportFailed);
      break;
    case Ev::kNegotiationFailed:
      remove_viewer(sid, ViewerEnd::kNegotiationFailed);
      break;
    case Ev::kRtcpTimeout:
      remove_viewer(sid, ViewerEnd::kRtcpTimeout);
      break;
  }
}

void WebrtcbinEgress::maybe_answer(const std::string& sid, Entry& e, bool timed_out) {
  if (!e.answered || !e.local_set || (!e.gathered && !timed_out)) return;
  if (e.gather_timer) {
    g_source_remove(e.gather_timer);
    e.gather_timer = 0;
  }
  if (timed_out) log::warn("webrtc", "booth {}: ICE gathering incomplete after {} ms; answering", booth_.booth_id(),
                           kGatherTimeoutMs);
  auto answer = e.viewer->answer_sdp();
  Answered done = std::move(e.answered);
  e.answered = nullptr;
  e.answered_us = g_get_monotonic_time();
  if (answer.ok()) {
    done(AnswerOutcome{std::move(*answer), ViewerEnd::kNegotiationFailed, {}});
  } else {
    done(AnswerOutcome{std::nullopt, ViewerEnd::kNegotiationFailed, answer.error().message});
    remove_viewer(sid, ViewerEnd::kNegotiationFailed);
  }
}

bool WebrtcbinEgress::watchdog() {
  const gint64 now = g_get_monotonic_time();
  std::vector<std::pair<std::string, ViewerEnd>> dead;
  for (auto& [sid, e] : viewers_) {
    if (e.removing) continue;
    if (e.viewer->rtcp_silent(now)) dead.emplace_back(sid, ViewerEnd::kRtcpTimeout);
    else if (!e.viewer->connected() && now - e.viewer->created_us() > kConnectTimeoutUs)
      dead.emplace_back(sid, ViewerEnd::kNeverConnected);
  }
  for (auto& [sid, why] : dead) remove_viewer(sid, why);
  return true;
}

}  // namespace ocop::webrtc
