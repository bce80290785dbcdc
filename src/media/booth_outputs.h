#pragma once
// What a live booth offers beside WebRTC, from the publisher's own media
// (the "video_in" and "audio_in" tees of booth_ingest.pipeline): HLS for the
// crowd past WebRTC's capacity, and live thumbnails. Added by BoothPipeline at
// the publisher's first keyframe, when the audio codec is known.
#include <gst/gst.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "media/hls/segments.h"
#include "media/recorder.h"

namespace ocop::media {

struct HlsOutput {
  int target_duration_seconds = 1;
  double part_target_seconds = 0;          // Low-Latency HLS parts; 0: none
  std::function<void(HlsCut)> on_cut;      // a streaming thread
};

struct ThumbnailOutput {
  int interval_seconds = 5;
  int width = 320;
  std::function<void(std::string jpeg)> on_jpeg;  // a streaming thread
};

struct RecordOutput {
  // Control thread, when the taps are added: the tracks' caps (audio null
  // when the publisher sends no AAC) in, the session's recorder out (a new
  // one, or the running one after a pipeline restart), or null for none.
  std::function<std::shared_ptr<Recorder>(GstCaps* video, GstCaps* audio)> open;
};

struct OutputOptions {
  std::optional<HlsOutput> hls;
  std::optional<ThumbnailOutput> thumbnail;
  std::optional<RecordOutput> record;
  bool any() const { return hls || thumbnail || record; }
};

}  // namespace ocop::media
