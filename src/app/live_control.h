#pragma once
// A booth's life on the control thread: RTMP ingest reports first media and a
// publisher gone; this turns those into live / reconnecting (for the grace
// period) / offline on the LiveBoard, keeps one live session across a
// reconnect, and owns each live booth's media pipeline.
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/control_loop.h"
#include "config/config.h"
#include "hub/live_board.h"
#include "ingest/rtmp_listener.h"
#include "media/booth_pipeline.h"
#include "media/hls/segments.h"
#include "store/store.h"
#include "webrtc/egress.h"
#include "webrtc/fanout/engine.h"
#include "webrtc/ice_options.h"

namespace ocop::app {

class LiveControl {
 public:
  LiveControl(store::Store& store, hub::LiveBoard& board, ControlLoop& loop, const config::Config& cfg,
              const media::PipelineTemplates& templates);
  ~LiveControl();
  // Starts the configured WebRTC engine (the fan-out binds its UDP port).
  Status start();

  void set_listener(ingest::RtmpListener* listener) { listener_ = listener; }
  ingest::IngestEvents events();

  // Sends the current stream keys to the ingest (start-up, new booth).
  void refresh_keys();
  // A booth's key changed: new keys to the ingest, and its publisher is cut.
  void key_rotated(int64_t booth_id);

  media::BoothPipeline* pipeline(int64_t booth_id);
  // The booth's egress while its pipeline runs (live or reconnecting), else null.
  webrtc::Egress* egress(int64_t booth_id);
  // Where egresses report viewers that left (the WHEP sessions).
  void set_viewer_gone(webrtc::Egress::Gone gone) { viewer_gone_ = std::move(gone); }
  int element_count() const;
  // Prometheus lines of the WebRTC engine ("" for webrtcbin) and of HLS and thumbnails.
  std::string engine_metrics() const;
  // A live booth's HLS playlist ("" when none yet) and segments (null when unknown).
  std::string hls_playlist(int64_t booth_id) const;
  std::shared_ptr<const std::string> hls_segment(int64_t booth_id, const std::string& name) const;
  // Blocking playlist reload: `answer` gets the playlist once it lists
  // segment `msn` (at once if it does; with what there is after three target
  // durations; "" if the booth goes offline). False: `msn` is more than two
  // segments ahead, which a player never asks (400).
  bool hls_wait(int64_t booth_id, uint64_t msn, std::optional<uint64_t> part,
                std::function<void(std::string playlist)> answer);
  // The newest thumbnail of a live booth, or null.
  std::shared_ptr<const std::string> thumbnail(int64_t booth_id) const;
  // The hub's pin and unpin: the booth's recording marks them for its replay.
  void pinned(int64_t booth_id, std::optional<int64_t> product_id, bool deal);
  // Deletes replays past recording.retention_days, then the oldest finished
  // ones while all of them together exceed recording.max_total_mb.
  void sweep_replays();

 private:
  std::optional<hub::DeliveryFigures> delivery(int64_t booth_id) const;
  struct Booth {
    uint64_t publisher = 0;
    guint grace_timer = 0;
    std::unique_ptr<media::BoothPipeline> pipeline;
    std::unique_ptr<webrtc::Egress> egress;  // viewers on that pipeline
    std::shared_ptr<webrtc::fanout::BoothFeed> feed;  // fan-out: the booth's packets
    std::unique_ptr<media::HlsWindow> hls;  // this live session's newest segments
    int pipeline_runs = 0;                  // in this live session (a restart is a discontinuity)
    std::deque<double> restarts;            // when the pipeline failed, within the last minute (monotonic s)
    guint restart_timer = 0;                // a backed-off restart waiting
    std::shared_ptr<const std::string> thumbnail;
    struct HlsWaiter {
      uint64_t msn;
      std::optional<uint64_t> part;
      gint64 deadline_us;
      std::function<void(std::string)> answer;
    };
    std::vector<HlsWaiter> hls_waiters;
    std::shared_ptr<media::Recorder> recorder;  // this live session's recording
    int64_t replay_id = 0;
  };

  void on_first_media(int64_t booth_id, uint64_t publisher);
  void on_publisher_gone(int64_t booth_id, uint64_t publisher);
  void go_offline(int64_t booth_id);
  void restart_pipeline(int64_t booth_id, const std::string& why);
  void stop_media(Booth& b);
  Status ensure_pipeline(int64_t booth_id, Booth& b, std::optional<int64_t> session);
  media::OutputOptions outputs(int64_t booth_id, Booth& b, std::optional<int64_t> session);
  std::shared_ptr<media::Recorder> open_recording(int64_t booth_id, int64_t session, GstCaps* video, GstCaps* audio);
  void finish_recording(Booth& b);
  // Answers the booth's waiting players whose segment is listed, or whose time is up (`all`: every one).
  void answer_hls_waiters(Booth& b, bool all);
  std::string recording_dir() const;

  // Passed by argument
  store::Store& store_;
  hub::LiveBoard& board_;
  ControlLoop& loop_;
  const config::Config& cfg_;
  const media::PipelineTemplates& templates_;
  ingest::RtmpListener* listener_ = nullptr;
  webrtc::Egress::Gone viewer_gone_;
  webrtc::IceOptions ice_;

  // Allocated by this
  std::unique_ptr<webrtc::fanout::Engine> fanout_;  // null with the webrtcbin engine
  std::map<int64_t, Booth> booths_;
  uint64_t hls_segments_ = 0;   // for /metrics
  uint64_t hls_bytes_ = 0;
  uint64_t thumbnails_ = 0;
  uint64_t recording_errors_ = 0;
  uint64_t pipeline_restarts_ = 0;
  std::shared_ptr<media::IngestDrops> ingest_drops_ = std::make_shared<media::IngestDrops>();
  guint sweep_timer_ = 0;
  guint hls_wait_timer_ = 0;  // runs while players wait for a playlist
  // Recordings writing their last index after their session ended.
  std::map<media::Recorder*, std::shared_ptr<media::Recorder>> finishing_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // guards tasks posted from streaming threads
};

}  // namespace ocop::app
