#pragma once
// What a live booth offers beside WebRTC, from the publisher's own media
// (the "video_in" and "audio_in" tees of booth_ingest.pipeline): HLS for the
// crowd past WebRTC's capacity, and live thumbnails. Added by BoothPipeline at
// the publisher's first keyframe, when the audio codec is known.
#include <functional>
#include <optional>
#include <string>

#include "media/hls/segments.h"

namespace ocop::media {

struct HlsOutput {
  int target_duration_seconds = 1;
  std::function<void(HlsSegment)> on_segment;  // a streaming thread
};

struct ThumbnailOutput {
  int interval_seconds = 5;
  int width = 320;
  std::function<void(std::string jpeg)> on_jpeg;  // a streaming thread
};

struct OutputOptions {
  std::optional<HlsOutput> hls;
  std::optional<ThumbnailOutput> thumbnail;
  bool any() const { return hls || thumbnail; }
};

}  // namespace ocop::media
