#pragma once
// One WebRTC viewer as a branch on a booth's tees: queue ! payloader (the
// payload types that viewer's offer chose) ! webrtcbin. Lives on the control
// thread; webrtcbin callbacks and pad probes run on GStreamer threads and
// reach it only through Shared (atomics) and posted events.
//
// Order that works with webrtcbin 1.22 (measured, see docs/architecture.md):
// add the bin and bring it to PLAYING; set-remote -> create-answer ->
// set-local; only then link to the tees (earlier aborts in webrtcbin, and
// linking a branch that is not PLAYING stalls the booth); answer when ICE
// gathering completes. Buffers wait behind a gate until DTLS is up, then the
// video gate opens at a keyframe: the cached GOP (passthrough) or a forced
// keyframe (re-encode), so the first frame comes at once.
#include <gst/gst.h>

#include <functional>
#include <memory>
#include <string>

#include "common/control_loop.h"
#include "media/booth_pipeline.h"
#include "media/gst_ptr.h"
#include "webrtc/egress.h"
#include "webrtc/ice_options.h"

namespace ocop::webrtc {

class WebrtcbinViewer {
 public:
  enum class Event { kLocalSet, kGathered, kConnected, kFailed, kNegotiationFailed, kRtcpTimeout };
  // Posted to the control thread by GStreamer callbacks.
  using EventSink = std::function<void(Event)>;

  WebrtcbinViewer(int serial, ViewerRequest request, media::BoothPipeline& booth, const IceOptions& ice);
  ~WebrtcbinViewer();
  WebrtcbinViewer(const WebrtcbinViewer&) = delete;
  WebrtcbinViewer& operator=(const WebrtcbinViewer&) = delete;

  // Control thread. Builds the branch and starts negotiating; events arrive
  // through `events` (already posted to the control thread).
  Status start(EventSink events);
  void on_local_set();             // links the branch to the tees
  Result<std::string> answer_sdp();  // after gathering
  // Unlinks from the tees when idle, then `done` runs on the control thread
  // via `post`; the bin is stopped and removed in the destructor.
  void begin_removal(std::function<void(std::function<void()>)> post, std::function<void()> done);

  // Health, for the control thread's watchdog.
  bool connected() const;
  // No RTCP from the browser for too long (it vanished without DELETE).
  bool rtcp_silent(gint64 now_us) const;
  gint64 created_us() const { return created_us_; }
  const std::string& session_id() const { return request_.session_id; }

  struct Shared;  // state shared with callbacks and probes (implementation detail)

 private:
  GstPad* add_branch(GstElement* payloader, GstCaps* preferences, const char* name);

  // Passed by argument
  ViewerRequest request_;
  media::BoothPipeline& booth_;
  IceOptions ice_;

  // Allocated by this
  std::shared_ptr<Shared> shared_;
  media::ElementPtr bin_;
  media::ElementPtr webrtc_;
  media::ElementPtr rtpbin_;
  GstPad* video_ghost_ = nullptr;  // owned by bin_
  GstPad* audio_ghost_ = nullptr;
  media::PadPtr video_tee_pad_;
  media::PadPtr audio_tee_pad_;
  bool linked_ = false;
  bool in_pipeline_ = false;
  gint64 created_us_ = 0;
  int serial_ = 0;
};

}  // namespace ocop::webrtc
