#pragma once
// Egress with one webrtcbin branch per viewer on the booth's tees. Control
// thread only. Watches every viewer: ICE/DTLS failure, no connection in
// time, or no RTCP from a browser that vanished without DELETE (webrtcbin
// 1.22 never changes state for those) all end the viewer.
#include <map>
#include <memory>

#include "common/control_loop.h"
#include "media/booth_pipeline.h"
#include "webrtc/egress.h"
#include "webrtc/ice_options.h"
#include "webrtc/webrtcbin_viewer.h"

namespace ocop::webrtc {

class WebrtcbinEgress final : public Egress {
 public:
  WebrtcbinEgress(media::BoothPipeline& booth, IceOptions ice, ControlLoop& loop, Gone on_gone);
  ~WebrtcbinEgress() override;  // every viewer is gone (the booth went offline)

  void add_viewer(ViewerRequest request, Answered done) override;
  void remove_viewer(const std::string& session_id, ViewerEnd why) override;
  size_t viewers() const override { return viewers_.size(); }

 private:
  struct Entry {
    std::unique_ptr<WebrtcbinViewer> viewer;
    Answered answered;  // until the answer is sent
    bool local_set = false;
    bool gathered = false;
    bool removing = false;
    gint64 answered_us = 0;
    guint gather_timer = 0;
  };

  void on_event(const std::string& sid, WebrtcbinViewer::Event e);
  void maybe_answer(const std::string& sid, Entry& e, bool timed_out);
  bool watchdog();
  void schedule_trim();

  // Passed by argument
  media::BoothPipeline& booth_;
  IceOptions ice_;
  ControlLoop& loop_;
  Gone on_gone_;

  // Allocated by this
  std::map<std::string, Entry> viewers_;
  guint watchdog_timer_ = 0;
  guint trim_timer_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace ocop::webrtc
