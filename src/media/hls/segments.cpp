#include "media/hls/segments.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/decimal.h"

namespace ocop::media {
namespace {

constexpr uint64_t kUnknownTime = UINT64_MAX;

// A packet whose payload starts a PES or a table: the stream may be split there.
bool starts_unit(const uint8_t* d, size_t n) { return n >= 188 && d[0] == 0x47 && (d[1] & 0x40); }

// RFC 8216bis 4.4.3.8: parts stay listed at least three target durations; a
// few more segments' worth costs nothing.
constexpr uint64_t kSegmentsWithParts = 3;

// The numbers in a name we made: canonical, so one name never has two spellings.
bool parse_number(const std::string& s, size_t from, size_t to, uint64_t& out) {
  if (to <= from || (to - from > 1 && s[from] == '0')) return false;
  return parse_decimal(std::string_view(s).substr(from, to - from), out, 15);
}

}  // namespace

HlsPart HlsCutter::end_part(uint64_t at_ns) {
  HlsPart p{static_cast<double>(at_ns > part_start_ns_ ? at_ns - part_start_ns_ : 0) / 1e9, part_independent_,
            std::make_shared<const std::string>(std::move(part_))};
  part_.clear();
  part_start_ns_ = at_ns;
  part_independent_ = false;
  return p;
}

HlsCut HlsCutter::push(const uint8_t* data, size_t len, bool keyframe, uint64_t pts_ns) {
  HlsCut cut;
  const bool timed = pts_ns != kUnknownTime;
  if (keyframe && timed) {
    if (started_ && pts_ns >= start_ns_ + target_ns_) {
      if (part_min_ns_) cut.part = end_part(pts_ns);
      cut.segment = HlsSegment{static_cast<double>(pts_ns - start_ns_) / 1e9,
                               std::make_shared<const std::string>(std::move(current_))};
      started_ = false;
    }
    if (!started_) {
      current_ = header_;
      start_ns_ = part_start_ns_ = newest_ns_ = pts_ns;
      started_ = true;
      if (part_min_ns_) {
        part_ = header_;
        part_independent_ = true;
      }
    }
  }
  if (!started_) return cut;  // before the first keyframe: nothing a player could start from
  if (current_.size() + len > max_bytes_) {
    // No keyframe for far too long: drop it rather than grow without bound.
    current_.clear();
    part_.clear();
    started_ = false;
    ++dropped_;
    cut.dropped = true;
    return cut;
  }
  if (timed) newest_ns_ = std::max(newest_ns_, pts_ns);
  if (part_min_ns_ && timed && !cut.part && starts_unit(data, len) && newest_ns_ >= part_start_ns_ + part_min_ns_)
    cut.part = end_part(newest_ns_);
  current_.append(reinterpret_cast<const char*>(data), len);
  if (part_min_ns_) part_.append(reinterpret_cast<const char*>(data), len);
  return cut;
}

HlsWindow::HlsWindow(std::string name_prefix, int target_seconds, size_t playlist_length, double part_target_seconds)
    : prefix_(std::move(name_prefix)), target_seconds_(target_seconds), playlist_length_(playlist_length),
      keep_(playlist_length + 4), part_target_(part_target_seconds) {}

void HlsWindow::add(HlsCut cut, bool discontinuity) {
  if (cut.part || discontinuity || cut.dropped) held_ = false;
  if (discontinuity || cut.dropped) {
    // The parts of a segment that will never be finished.
    pending_.clear();
    pending_discontinuity_ = true;
  }
  if (cut.part) pending_.push_back(std::move(*cut.part));
  if (!cut.segment) return;
  // RFC 8216 4.3.3.1: every EXTINF rounded to the nearest integer is at most the target.
  target_seconds_ = std::max(target_seconds_, static_cast<int>(std::lround(cut.segment->duration)));
  const bool first = next_sequence_ == 0;  // nothing before it to break from
  segments_.push_back(Entry{next_sequence_++, std::move(*cut.segment), std::move(pending_),
                            pending_discontinuity_ && !first});
  pending_.clear();
  pending_discontinuity_ = false;
  held_ = part_target_ > 0;
  while (segments_.size() > keep_) {
    discontinuities_dropped_ += segments_.front().discontinuity ? 1 : 0;
    segments_.pop_front();
  }
}

std::string HlsWindow::name(uint64_t sequence, std::optional<size_t> part) const {
  return prefix_ + std::to_string(sequence) + (part ? "p" + std::to_string(*part) : std::string()) + ".ts";
}

void HlsWindow::list_parts(std::string& out, uint64_t sequence, const std::vector<HlsPart>& parts) const {
  for (size_t i = 0; i < parts.size(); ++i) {
    char tag[48];
    std::snprintf(tag, sizeof tag, "#EXT-X-PART:DURATION=%.3f,URI=\"", parts[i].duration);
    out += tag + name(sequence, i) + (parts[i].independent ? "\",INDEPENDENT=YES\n" : "\"\n");
  }
}

std::string HlsWindow::playlist() const {
  if (!has_playlist()) return {};
  const size_t listed = segments_.size() - (held_ ? 1 : 0);
  const size_t first = listed > playlist_length_ ? listed - playlist_length_ : 0;
  uint64_t discontinuity_sequence = discontinuities_dropped_;
  for (size_t i = 0; i < first; ++i) discontinuity_sequence += segments_[i].discontinuity ? 1 : 0;
  // Blocking reload (RFC 8216bis 6.2.5.2): a player asks for the playlist
  // that will hold segment N (or part P of it) and gets it the moment that is
  // cut, instead of polling.
  std::string out = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:" + std::to_string(target_seconds_) +
                    "\n#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES";
  char line[96];
  if (part_target_ > 0) {
    // Three parts behind the newest, as the RFC recommends.
    std::snprintf(line, sizeof line, ",PART-HOLD-BACK=%.3f\n#EXT-X-PART-INF:PART-TARGET=%.3f", 3 * part_target_,
                  part_target_);
    out += line;
  }
  out += "\n#EXT-X-MEDIA-SEQUENCE:" + std::to_string(segments_[first].sequence) + "\n";
  if (discontinuity_sequence) out += "#EXT-X-DISCONTINUITY-SEQUENCE:" + std::to_string(discontinuity_sequence) + "\n";
  for (size_t i = first; i < listed; ++i) {
    const Entry& e = segments_[i];
    if (e.discontinuity) out += "#EXT-X-DISCONTINUITY\n";
    if (e.sequence + kSegmentsWithParts >= next_sequence_) list_parts(out, e.sequence, e.parts);
    std::snprintf(line, sizeof line, "#EXTINF:%.3f,\n", e.segment.duration);
    out += line + name(e.sequence) + "\n";
  }
  if (held_) {
    const Entry& e = segments_.back();
    if (e.discontinuity) out += "#EXT-X-DISCONTINUITY\n";
    list_parts(out, e.sequence, e.parts);
  } else if (!pending_.empty()) {
    if (pending_discontinuity_) out += "#EXT-X-DISCONTINUITY\n";
    list_parts(out, next_sequence_, pending_);
  }
  return out;
}

std::shared_ptr<const std::string> HlsWindow::segment(const std::string& name) const {
  if (name.size() <= prefix_.size() + 3 || name.compare(0, prefix_.size(), prefix_) != 0) return nullptr;
  if (name.compare(name.size() - 3, 3, ".ts") != 0) return nullptr;
  const size_t end = name.size() - 3;
  const size_t p = name.find('p', prefix_.size());
  uint64_t seq = 0, part = 0;
  if (!parse_number(name, prefix_.size(), std::min(p, end), seq)) return nullptr;
  if (p != std::string::npos && !parse_number(name, p + 1, end, part)) return nullptr;
  const std::vector<HlsPart>* parts = nullptr;
  if (seq == next_sequence_) {
    parts = &pending_;
  } else {
    if (segments_.empty() || seq < segments_.front().sequence || seq > segments_.back().sequence) return nullptr;
    const Entry& e = segments_[seq - segments_.front().sequence];
    if (p == std::string::npos) return e.segment.bytes;
    parts = &e.parts;
  }
  if (p == std::string::npos || part >= parts->size()) return nullptr;
  return (*parts)[part].bytes;
}

bool HlsWindow::has(uint64_t msn, std::optional<uint64_t> part) const {
  const uint64_t growing = next_sequence_ - (held_ ? 1 : 0);
  if (msn < growing) return true;
  return part && msn == growing && *part < (held_ ? segments_.back().parts.size() : pending_.size());
}

}  // namespace ocop::media
