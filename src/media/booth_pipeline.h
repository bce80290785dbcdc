#pragma once
// One GStreamer pipeline per live booth (from pipelines/booth_ingest.pipeline):
// the ingest's FLV in through appsrc, encoded video and Opus audio out on two
// tees that viewer branches attach to. Created and destroyed on the control
// thread; its FlvSink is pushed from the ingest thread.
#include <functional>
#include <memory>
#include <string>

#include "common/result.h"
#include "ingest/flv_sink.h"
#include "media/gst_ptr.h"
#include "media/pipeline_template.h"

namespace ocop::media {

struct BoothPipelineOptions {
  int opus_bitrate = 64000;
  size_t max_input_bytes = 16u << 20;
};

class BoothPipeline {
 public:
  using ErrorHandler = std::function<void(const std::string& message)>;

  static Result<std::unique_ptr<BoothPipeline>> create(int64_t booth_id, const PipelineTemplates& templates,
                                                       const BoothPipelineOptions& options, ErrorHandler on_error);
  ~BoothPipeline();
  BoothPipeline(const BoothPipeline&) = delete;
  BoothPipeline& operator=(const BoothPipeline&) = delete;

  std::shared_ptr<ingest::FlvSink> input() const { return input_; }
  GstElement* pipeline() const { return pipeline_.get(); }
  GstElement* video_tee() const { return video_tee_.get(); }
  GstElement* audio_tee() const { return audio_tee_.get(); }
  int64_t booth_id() const { return booth_id_; }

 private:
  BoothPipeline() = default;
  static gboolean on_bus(GstBus* bus, GstMessage* msg, gpointer self);

  int64_t booth_id_ = 0;
  ElementPtr pipeline_;
  ElementPtr video_tee_;
  ElementPtr audio_tee_;
  std::shared_ptr<ingest::FlvSink> input_;
  guint bus_watch_ = 0;
  ErrorHandler on_error_;
};

}  // namespace ocop::media
