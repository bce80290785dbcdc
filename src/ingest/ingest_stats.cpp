#include "ingest/ingest_stats.h"

#include <algorithm>

namespace ocop::ingest {
namespace {
std::string video_codec_name(const rtmp::VideoTagInfo& v) {
  if (!v.fourcc.empty()) return v.fourcc == "avc1" ? "h264" : v.fourcc == "hvc1" ? "h265" : v.fourcc;
  switch (v.codec_id) {
    case rtmp::kVideoCodecAvc: return "h264";
    case rtmp::kVideoCodecHevc: return "h265";
    case 2: return "h263";
    case 4: case 5: return "vp6";
    default: return "unknown";
  }
}
std::string audio_codec_name(const rtmp::AudioTagInfo& a) {
  if (!a.fourcc.empty()) return a.fourcc;
  switch (a.codec_id) {
    case rtmp::kAudioCodecAac: return "aac";
    case rtmp::kAudioCodecMp3: return "mp3";
    case 11: return "speex";
    case 7: case 8: return "g711";
    default: return "unknown";
  }
}
}  // namespace

void IngestStats::on_tag(rtmp::MediaKind kind, uint32_t ts, std::string_view body, int64_t now_ms) {
  if (first_ms_ < 0) first_ms_ = now_ms;
  bytes_.emplace_back(now_ms, body.size() + 15);  // tag header and trailer count as traffic
  if (kind == rtmp::MediaKind::kVideo) {
    auto v = rtmp::parse_video_tag(body);
    if (!v || v->command_frame) return;
    video_codec_ = video_codec_name(*v);
    if (v->sequence_header || v->end_of_sequence) return;
    frames_.push_back(now_ms);
    if (v->composition_time_ms != 0) bframes_ = true;
    if (v->keyframe) {
      if (last_key_ts_ >= 0 && ts > last_key_ts_) key_interval_s_ = (ts - last_key_ts_) / 1000.0;
      last_key_ts_ = ts;
    }
  } else if (kind == rtmp::MediaKind::kAudio) {
    if (auto a = rtmp::parse_audio_tag(body)) audio_codec_ = audio_codec_name(*a);
  } else if (auto meta = rtmp::parse_metadata(body); meta.ok()) {
    if (auto w = rtmp::metadata_number(*meta, "width")) width_ = static_cast<int>(*w);
    if (auto h = rtmp::metadata_number(*meta, "height")) height_ = static_cast<int>(*h);
    if (auto f = rtmp::metadata_number(*meta, "framerate")) meta_fps_ = *f;
  }
  expire(now_ms);
}

void IngestStats::expire(int64_t now_ms) {
  while (!bytes_.empty() && bytes_.front().first < now_ms - kWindowMs) bytes_.pop_front();
  while (!frames_.empty() && frames_.front() < now_ms - kWindowMs) frames_.pop_front();
}

hub::IngestFigures IngestStats::figures(int64_t now_ms) {
  expire(now_ms);
  hub::IngestFigures f;
  size_t total = 0;
  for (const auto& [t, n] : bytes_) total += n;
  const int64_t window = first_ms_ < 0 ? kWindowMs : std::max<int64_t>(500, std::min(kWindowMs, now_ms - first_ms_));
  f.bitrate_bps = static_cast<int64_t>(total * 8 * 1000 / static_cast<size_t>(window));
  f.fps = frames_.empty() ? 0 : static_cast<double>(frames_.size()) * 1000.0 / static_cast<double>(window);
  if (f.fps == 0) f.fps = meta_fps_;
  f.width = width_;
  f.height = height_;
  f.video_codec = video_codec_;
  f.audio_codec = audio_codec_;
  f.keyframe_interval_s = key_interval_s_;
  f.bframes = bframes_;
  return f;
}

}  // namespace ocop::ingest
