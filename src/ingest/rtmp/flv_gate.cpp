#include "ingest/rtmp/flv_gate.h"

namespace ocop::rtmp {
namespace {
constexpr size_t kTagHeader = 11;
constexpr uint8_t kAudio = 8, kVideo = 9, kScript = 18;
}  // namespace

FlvTagKind flv_tag_kind(std::string_view u) {
  FlvTagKind k;
  if (u.size() >= 3 && u.substr(0, 3) == "FLV") {
    k.config = true;
    return k;
  }
  if (u.size() < kTagHeader + 1) return k;
  const auto type = static_cast<uint8_t>(u[0]) & 0x1f;
  const auto first = static_cast<uint8_t>(u[kTagHeader]);
  if (type == kScript) {
    k.config = true;
  } else if (type == kVideo) {
    k.video = true;
    k.keyframe = (first >> 4) == 1;
    // AVC (7) and HEVC (12) carry a packet type; 0 is the sequence header.
    const uint8_t codec = first & 0x0f;
    if ((codec == 7 || codec == 12) && u.size() > kTagHeader + 1) k.config = static_cast<uint8_t>(u[kTagHeader + 1]) == 0;
  } else if (type == kAudio) {
    // AAC (10): packet type 0 is the AudioSpecificConfig.
    if ((first >> 4) == 10 && u.size() > kTagHeader + 1) k.config = static_cast<uint8_t>(u[kTagHeader + 1]) == 0;
  }
  return k;
}

bool FlvGate::admit(std::string_view unit, size_t queued) {
  const FlvTagKind k = flv_tag_kind(unit);
  if (k.config) return true;
  if (dropping_ && k.keyframe && queued <= max_ / 2) dropping_ = false;
  if (!dropping_ && queued >= max_) {
    dropping_ = true;
    ++episodes_;
  }
  if (!dropping_) return true;
  ++dropped_units_;
  dropped_bytes_ += unit.size();
  return false;
}

}  // namespace ocop::rtmp
