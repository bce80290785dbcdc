#pragma once
// One GStreamer pipeline per live booth (pipelines/booth_ingest.pipeline):
// the ingest's FLV in through appsrc, encoded video and Opus audio out on two
// tees that viewer branches attach to. Video passes through, or is re-encoded
// (pipelines/booth_transcode.pipeline) when the publisher sends B-frames;
// the switch happens at a keyframe behind an input-selector, so viewers stay.
// Created, changed and destroyed on the control thread; its FlvSink is pushed
// from the ingest thread, and its probes run on streaming threads.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/control_loop.h"
#include "common/result.h"
#include "ingest/flv_sink.h"
#include "media/booth_outputs.h"
#include "media/gop_cache.h"
#include "media/gst_ptr.h"
#include "media/pipeline_template.h"

namespace ocop::media {

enum class RtpTrack { kVideo, kAudio };
// Receives the booth's RTP packets, each track packetized once (fan-out
// engine). Called on a streaming thread per track.
using RtpSink = std::function<void(RtpTrack track, const uint8_t* data, size_t len)>;

// Media the ingest dropped because a pipeline fell behind its publisher
// (the queue's bound, ingest/rtmp/flv_gate.h); shared by all booths.
struct IngestDrops {
  std::atomic<uint64_t> bytes{0};
};

struct BoothPipelineOptions {
  int opus_bitrate = 64000;
  size_t max_input_bytes = 16u << 20;  // the FLV queue in front of the pipeline
  std::shared_ptr<IngestDrops> drops;
  std::string transcode_preset = "superfast";
  int transcode_keyframe_frames = 60;  // bounded keyframe interval when re-encoding
  RtpSink rtp_sink;                    // set: payload each track once into it
  int rtp_mtu = 1200;
  OutputOptions outputs;               // HLS and thumbnails, added at the first keyframe
};

enum class VideoMode { kPassthrough, kTranscode };

class BoothPipeline {
 public:
  using ErrorHandler = std::function<void(const std::string& message)>;

  static Result<std::unique_ptr<BoothPipeline>> create(int64_t booth_id, const PipelineTemplates& templates,
                                                       const BoothPipelineOptions& options, ControlLoop& loop,
                                                       ErrorHandler on_error);
  ~BoothPipeline();
  BoothPipeline(const BoothPipeline&) = delete;
  BoothPipeline& operator=(const BoothPipeline&) = delete;

  std::shared_ptr<ingest::FlvSink> input() const { return input_; }
  GstElement* pipeline() const { return pipeline_.get(); }
  GstElement* video_tee() const { return video_tee_.get(); }
  GstElement* audio_tee() const { return audio_tee_.get(); }
  int64_t booth_id() const { return booth_id_; }

  // Control thread: re-encode (true) or pass through (false). The switch
  // takes effect at the next keyframe of the wanted input.
  void set_transcode(bool want, int bitrate_kbps);
  VideoMode mode() const { return mode_.load(); }
  // Any thread: ask the encoder for a keyframe (a viewer joined). At most
  // one request per second reaches the encoder. No-op when passing through.
  void request_keyframe();
  // Test hook: posts an error on the pipeline's bus, as a failing element would.
  void inject_error(const std::string& why);
  const std::shared_ptr<GopCache>& gop_cache() const { return gop_cache_; }

  // Control thread: stops the media (before viewer branches are removed).
  void stop();
  // Elements in the pipeline, recursively (for leak checks in /metrics).
  int element_count() const;

  struct Switch;  // state shared with the selector probes (implementation detail)

 private:
  BoothPipeline() = default;
  static gboolean on_bus(GstBus* bus, GstMessage* msg, gpointer self);
  Status add_transcoder(int bitrate_kbps);
  Status add_rtp_tap(RtpTrack track);
  void remove_transcoder();
  // A bin from pipeline templates (several: one description, so their
  // elements may name each other); `ghost`: its unlinked pads become "sink"/"src".
  Result<ElementPtr> parse_bin(const std::vector<std::string>& names, const TemplateParams& params, bool ghost) const;
  // booth_outputs.cpp: on the control thread once the first keyframe passed.
  void add_outputs();
  Status add_hls(const HlsOutput& o);
  Status add_thumbnail(const ThumbnailOutput& o);
  Status add_record(const RecordOutput& o);
  // Brings `bin` to PLAYING, then links tee -> its pad (linking first stalls a live tee).
  Status attach_branch(GstElement* tee, GstElement* bin, const char* pad_name);

  // Passed by argument
  int64_t booth_id_ = 0;
  BoothPipelineOptions options_;
  const PipelineTemplates* templates_ = nullptr;
  ControlLoop* loop_ = nullptr;
  ErrorHandler on_error_;

  // Allocated by this
  ElementPtr pipeline_;
  ElementPtr video_in_;
  ElementPtr audio_in_;
  ElementPtr selector_;
  ElementPtr video_tee_;
  ElementPtr audio_tee_;
  ElementPtr transcoder_;     // null while passing through
  PadPtr transcode_in_pad_;   // video_in's request pad feeding the transcoder
  PadPtr transcode_sel_pad_;  // the selector's input from the transcoder
  std::shared_ptr<ingest::FlvSink> input_;
  std::shared_ptr<GopCache> gop_cache_ = std::make_shared<GopCache>();
  std::shared_ptr<GopCache> input_gop_ = std::make_shared<GopCache>();  // the publisher's own, for recordings
  std::shared_ptr<Switch> switch_;
  std::atomic<VideoMode> mode_{VideoMode::kPassthrough};
  bool want_transcode_ = false;
  guint bus_watch_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // guards posted tasks
};

}  // namespace ocop::media
