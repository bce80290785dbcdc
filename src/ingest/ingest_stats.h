#pragma once
// Ingest figures of one booth, from the FLV tags as they arrive: bitrate and
// frame rate over a sliding window, codecs, resolution (onMetaData), keyframe
// interval, and whether B-frames are present (composition time != 0).
// Pure: the caller passes the arrival time.
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "hub/live_board.h"
#include "ingest/rtmp/flv.h"

namespace ocop::ingest {

class IngestStats {
 public:
  void on_tag(rtmp::MediaKind kind, uint32_t timestamp_ms, std::string_view body, int64_t now_ms);
  hub::IngestFigures figures(int64_t now_ms);
  bool bframes() const { return bframes_; }
  bool has_audio() const { return !audio_codec_.empty(); }
  bool has_video() const { return !video_codec_.empty(); }

 private:
  void expire(int64_t now_ms);

  static constexpr int64_t kWindowMs = 3000;
  std::deque<std::pair<int64_t, size_t>> bytes_;  // arrival time, tag size
  std::deque<int64_t> frames_;                   // arrival times of video frames
  int64_t first_ms_ = -1;                        // first tag, so early rates are not diluted
  std::string video_codec_, audio_codec_;
  int width_ = 0, height_ = 0;
  double meta_fps_ = 0;
  bool bframes_ = false;
  int64_t last_key_ts_ = -1;
  double key_interval_s_ = 0;
};

}  // namespace ocop::ingest
