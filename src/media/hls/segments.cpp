#include "media/hls/segments.h"

#include <cmath>
#include <cstdio>

namespace ocop::media {

std::optional<HlsSegment> HlsCutter::push(const uint8_t* data, size_t len, bool keyframe, uint64_t pts_ns) {
  std::optional<HlsSegment> done;
  if (keyframe) {
    if (started_ && pts_ns >= start_ns_ + target_ns_) {
      done = HlsSegment{static_cast<double>(pts_ns - start_ns_) / 1e9,
                        std::make_shared<const std::string>(std::move(current_))};
      started_ = false;
    }
    if (!started_) {
      current_ = header_;
      start_ns_ = pts_ns;
      started_ = true;
    }
  }
  if (!started_) return done;  // before the first keyframe: nothing a player could start from
  if (current_.size() + len > max_bytes_) {
    // No keyframe for far too long: drop it rather than grow without bound.
    current_.clear();
    started_ = false;
    ++dropped_;
    return done;
  }
  current_.append(reinterpret_cast<const char*>(data), len);
  return done;
}

HlsWindow::HlsWindow(std::string name_prefix, int target_seconds, size_t playlist_length)
    : prefix_(std::move(name_prefix)), target_seconds_(target_seconds), playlist_length_(playlist_length),
      keep_(playlist_length + 4) {}

void HlsWindow::add(HlsSegment segment, bool discontinuity) {
  // RFC 8216 4.3.3.1: every EXTINF rounded to the nearest integer is at most the target.
  target_seconds_ = std::max(target_seconds_, static_cast<int>(std::lround(segment.duration)));
  const bool first = next_sequence_ == 0;  // nothing before it to break from
  segments_.push_back(Entry{next_sequence_++, std::move(segment), discontinuity && !first});
  while (segments_.size() > keep_) {
    discontinuities_dropped_ += segments_.front().discontinuity ? 1 : 0;
    segments_.pop_front();
  }
}

std::string HlsWindow::playlist() const {
  if (segments_.empty()) return {};
  const size_t first = segments_.size() > playlist_length_ ? segments_.size() - playlist_length_ : 0;
  uint64_t discontinuity_sequence = discontinuities_dropped_;
  for (size_t i = 0; i < first; ++i) discontinuity_sequence += segments_[i].discontinuity ? 1 : 0;
  // Blocking reload (RFC 8216bis 6.2.5.2): a player asks for the playlist
  // that will hold segment N and gets it the moment N is cut, instead of
  // polling once per target duration.
  std::string out = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:" + std::to_string(target_seconds_) +
                    "\n#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES\n#EXT-X-MEDIA-SEQUENCE:" +
                    std::to_string(segments_[first].sequence) + "\n";
  if (discontinuity_sequence) out += "#EXT-X-DISCONTINUITY-SEQUENCE:" + std::to_string(discontinuity_sequence) + "\n";
  for (size_t i = first; i < segments_.size(); ++i) {
    const Entry& e = segments_[i];
    if (e.discontinuity) out += "#EXT-X-DISCONTINUITY\n";
    char inf[48];
    std::snprintf(inf, sizeof inf, "#EXTINF:%.3f,\n", e.segment.duration);
    out += inf + prefix_ + std::to_string(e.sequence) + ".ts\n";
  }
  return out;
}

std::shared_ptr<const std::string> HlsWindow::segment(const std::string& name) const {
  if (name.size() <= prefix_.size() + 3 || name.compare(0, prefix_.size(), prefix_) != 0) return nullptr;
  if (name.compare(name.size() - 3, 3, ".ts") != 0) return nullptr;
  const std::string digits = name.substr(prefix_.size(), name.size() - prefix_.size() - 3);
  if (digits.empty() || digits.size() > 15 || digits.find_first_not_of("0123456789") != std::string::npos ||
      (digits.size() > 1 && digits[0] == '0'))
    return nullptr;
  const uint64_t seq = std::stoull(digits);
  if (segments_.empty() || seq < segments_.front().sequence || seq > segments_.back().sequence) return nullptr;
  return segments_[seq - segments_.front().sequence].segment.bytes;
}

}  // namespace ocop::media
