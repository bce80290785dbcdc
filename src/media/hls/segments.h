#pragma once
// Live HLS without files: the booth's MPEG-TS (mpegtsmux's packets) is cut
// into segments at video keyframes, and each segment into partial segments
// of a few hundred milliseconds (Low-Latency HLS, RFC 8216bis 4.4.4.9) that a
// player fetches while the segment still grows. The newest are kept in
// memory and listed in a playlist. Pure: no GStreamer, no clock.
//   HlsCutter: on the muxer's streaming thread, packets in, parts and segments out.
//   HlsWindow: on the control thread, the parts and segments a player may fetch.
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ocop::media {

struct HlsSegment {
  double duration = 0;  // seconds
  std::shared_ptr<const std::string> bytes;
};

struct HlsPart {
  double duration = 0;       // seconds
  bool independent = false;  // starts with a keyframe (and the stream tables)
  std::shared_ptr<const std::string> bytes;
};

// What one muxer buffer completed: a part, and the segment that part ended.
struct HlsCut {
  std::optional<HlsPart> part;
  std::optional<HlsSegment> segment;
  bool dropped = false;  // the segment in progress was dropped: its parts are void
  explicit operator bool() const { return part || segment || dropped; }
};

class HlsCutter {
 public:
  // Segments end at the first keyframe at least `target_seconds` after their
  // start; parts at the first packet that starts a new PES at least 85 % of
  // `part_target_seconds` after theirs (RFC 8216bis: no shorter, and at most
  // one frame longer). part_target_seconds 0: no parts.
  explicit HlsCutter(double target_seconds, double part_target_seconds = 0, size_t max_segment_bytes = 32u << 20)
      : target_ns_(static_cast<uint64_t>(target_seconds * 1e9)),
        part_min_ns_(static_cast<uint64_t>(part_target_seconds * 0.85 * 1e9)),
        max_bytes_(max_segment_bytes) {}
  // PAT and PMT, put at the head of every segment so each one starts decodable.
  void set_header(std::string header) { header_ = std::move(header); }
  // One output buffer of the muxer (whole 188-byte packets). `keyframe`: it
  // starts a video keyframe; `pts_ns`: the time of the PES it belongs to, or
  // UINT64_MAX when unknown.
  HlsCut push(const uint8_t* data, size_t len, bool keyframe, uint64_t pts_ns);
  // Segments dropped because no keyframe came while they grew past the limit.
  uint64_t dropped() const { return dropped_; }

 private:
  HlsPart end_part(uint64_t at_ns);

  uint64_t target_ns_;
  uint64_t part_min_ns_;
  size_t max_bytes_;
  std::string header_;
  std::string current_;  // the segment so far
  std::string part_;     // its part so far
  bool started_ = false;  // false: waiting for a keyframe
  bool part_independent_ = false;
  uint64_t start_ns_ = 0;
  uint64_t part_start_ns_ = 0;
  uint64_t newest_ns_ = 0;  // PTS run backwards across streams and B-frames: parts end at the newest seen
  uint64_t dropped_ = 0;
};

class HlsWindow {
 public:
  // `name_prefix`: [A-Za-z0-9-], unique per live session: a name
  // ("<prefix><sequence>.ts", "<prefix><sequence>p<part>.ts") never means
  // other bytes, so caches keep it for good. part_target_seconds 0: no parts.
  HlsWindow(std::string name_prefix, int target_seconds, size_t playlist_length, double part_target_seconds = 0);
  // A cut of the muxer. `discontinuity`: the media restarted before it (a new
  // pipeline); the parts of the segment the old one left unfinished are dropped.
  void add(HlsCut cut, bool discontinuity = false);
  // The live playlist, or "" before the first segment.
  std::string playlist() const;
  bool has_playlist() const { return segments_.size() > (held_ ? 1u : 0u); }
  // A listed segment or part, or one that just left the list (players may still fetch it), else null.
  std::shared_ptr<const std::string> segment(const std::string& name) const;
  // Whether the playlist holds segment `msn` (complete), or with `part`, that
  // part of it or anything later: what a blocking reload waits for.
  bool has(uint64_t msn, std::optional<uint64_t> part = std::nullopt) const;
  size_t size() const { return segments_.size(); }
  // The sequence number the next segment will get (the newest is one less).
  uint64_t next_sequence() const { return next_sequence_; }
  int target_seconds() const { return target_seconds_; }

 private:
  struct Entry {
    uint64_t sequence;
    HlsSegment segment;
    std::vector<HlsPart> parts;
    bool discontinuity;
  };
  std::string name(uint64_t sequence, std::optional<size_t> part = std::nullopt) const;
  void list_parts(std::string& out, uint64_t sequence, const std::vector<HlsPart>& parts) const;

  std::string prefix_;
  int target_seconds_;  // never lowered: EXT-X-TARGETDURATION must not change downwards
  size_t playlist_length_;
  size_t keep_;
  double part_target_;
  std::deque<Entry> segments_;
  std::vector<HlsPart> pending_;  // parts of the segment still growing (sequence next_sequence_)
  bool pending_discontinuity_ = false;
  // With parts, a finished segment is listed only once the next one's first
  // part is cut: until then it stays the growing one. hls.js takes the times
  // of a growing segment's loaded parts for the whole segment when it is
  // listed, and would misplace the timeline if the last part were missing.
  bool held_ = false;
  uint64_t next_sequence_ = 0;
  uint64_t discontinuities_dropped_ = 0;
};

}  // namespace ocop::media
