#pragma once
// Records one live session to MP4 without re-encoding. The publisher's H.264
// (and AAC) come from the booth pipeline's taps into a pipeline of its own
// (pipelines/booth_record.pipeline), so a full or failing disk stops the
// recording, never the live stream. It spans publisher reconnects (the booth
// pipeline's timeline runs on) and pipeline restarts (timestamps rebased).
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "media/gst_ptr.h"
#include "media/pipeline_template.h"

namespace ocop::media {

class Recorder {
 public:
  struct Options {
    std::string path;
    int max_seconds = 6 * 3600;   // index space reserved for this long
    int moov_update_seconds = 5;  // a crash loses at most this much
  };
  using Failed = std::function<void(const std::string& why)>;  // control thread
  using Done = std::function<void(bool ok, int64_t duration_ms)>;

  // Control thread. `audio`: the AAC caps, or null to record video only.
  static Result<std::shared_ptr<Recorder>> start(const PipelineTemplates& templates, const Options& o, GstCaps* video,
                                                 GstCaps* audio, Failed on_failed);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // Streaming threads of the booth pipeline. Borrows `buf`. Until prime()
  // the buffers wait (a bounded few seconds' worth).
  void push(bool video, GstBuffer* buf);
  // Control thread, once the taps are linked: the video since the last
  // keyframe, which passed before they were (a recording starts with the
  // publisher's first picture, not a GOP later). Then the waiting buffers
  // that are newer follow.
  void prime(const std::vector<BufferPtr>& gop);
  // Control thread: the booth pipeline was rebuilt and its timestamps start
  // again; the recording goes on after the wall-clock gap.
  void new_generation();
  // Any thread: media time of the newest video frame written.
  int64_t position_ms() const { return position_ms_.load(); }
  bool failed() const { return failed_.load(); }

  // Control thread: ends the file (EOS; mp4mux writes its final index) and
  // calls `done` once it is closed, or after 5 s at most.
  void finish(Done done);
  // Control thread, at shutdown: the same, waiting here.
  bool finish_now();

 private:
  Recorder() = default;
  static gboolean on_bus(GstBus*, GstMessage* msg, gpointer self);
  void stop_pipeline();
  void complete(bool ok);
  void write_locked(bool video, GstBuffer* buf);

  // Passed by argument
  Options options_;
  Failed on_failed_;

  // Allocated by this
  ElementPtr pipeline_;
  ElementPtr video_src_;
  ElementPtr audio_src_;  // null: video only
  guint bus_watch_ = 0;
  guint finish_timer_ = 0;
  Done done_;

  // Shared with streaming threads
  std::mutex mutex_;
  bool based_ = false;          // the current generation's first keyframe came
  GstClockTime in_base_ = 0;    // its input time
  GstClockTime out_base_ = 0;   // and where it goes in the file
  GstClockTime last_out_ = 0;   // end of the newest video frame written
  gint64 gap_started_us_ = 0;   // when the generation changed
  bool closing_ = false;
  bool primed_ = false;
  std::vector<std::pair<bool, BufferPtr>> waiting_;  // before prime()
  std::atomic<int64_t> position_ms_{0};
  std::atomic<bool> failed_{false};
};

}  // namespace ocop::media
