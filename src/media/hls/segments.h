#pragma once
// Live HLS without files: the booth's MPEG-TS (mpegtsmux's packets) is cut
// into segments at video keyframes, and the newest few are kept in memory
// and listed in a playlist (RFC 8216). Pure: no GStreamer, no clock.
//   HlsCutter: on the muxer's streaming thread, packets in, whole segments out.
//   HlsWindow: on the control thread, the segments a player may fetch.
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

namespace ocop::media {

struct HlsSegment {
  double duration = 0;  // seconds
  std::shared_ptr<const std::string> bytes;
};

class HlsCutter {
 public:
  // Segments end at the first keyframe at least `target_seconds` after their start.
  explicit HlsCutter(double target_seconds, size_t max_segment_bytes = 32u << 20)
      : target_ns_(static_cast<uint64_t>(target_seconds * 1e9)), max_bytes_(max_segment_bytes) {}
  // PAT and PMT, put at the head of every segment so each one starts decodable.
  void set_header(std::string header) { header_ = std::move(header); }
  // One output buffer of the muxer. `keyframe`: it starts a video keyframe;
  // `pts_ns` is its time (only read on keyframes). Returns the segment this
  // keyframe completed, if any.
  std::optional<HlsSegment> push(const uint8_t* data, size_t len, bool keyframe, uint64_t pts_ns);
  // Segments dropped because no keyframe came while they grew past the limit.
  uint64_t dropped() const { return dropped_; }

 private:
  uint64_t target_ns_;
  size_t max_bytes_;
  std::string header_;
  std::string current_;
  bool started_ = false;  // false: waiting for a keyframe
  uint64_t start_ns_ = 0;
  uint64_t dropped_ = 0;
};

class HlsWindow {
 public:
  // `name_prefix`: [A-Za-z0-9-], unique per live session: a segment's name
  // ("<prefix><sequence>") never means other bytes, so caches keep it for good.
  HlsWindow(std::string name_prefix, int target_seconds, size_t playlist_length);
  // A new segment; `discontinuity`: the media restarted before it (a new pipeline).
  void add(HlsSegment segment, bool discontinuity = false);
  // The live playlist, or "" before the first segment.
  std::string playlist() const;
  // A listed segment or one that just left the list (players may still fetch it), else null.
  std::shared_ptr<const std::string> segment(const std::string& name) const;
  size_t size() const { return segments_.size(); }
  // The sequence number the next segment will get (the newest is one less).
  uint64_t next_sequence() const { return next_sequence_; }
  int target_seconds() const { return target_seconds_; }

 private:
  struct Entry {
    uint64_t sequence;
    HlsSegment segment;
    bool discontinuity;
  };
  std::string prefix_;
  int target_seconds_;  // never lowered: EXT-X-TARGETDURATION must not change downwards
  size_t playlist_length_;
  size_t keep_;
  std::deque<Entry> segments_;
  uint64_t next_sequence_ = 0;
  uint64_t discontinuities_dropped_ = 0;
};

}  // namespace ocop::media
