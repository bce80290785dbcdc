#pragma once
// One continuous FLV timeline per booth across publishers. A phone that
// reconnects starts its timestamps again (often at 0); the booth's pipeline
// and its viewers must see time keep moving forward instead, so each new
// publisher's timestamps are shifted to continue where the last one stopped,
// plus the wall-clock gap between them. Pure: times are passed in.
#include <cstdint>
#include <optional>

namespace ocop::ingest {

class Timeline {
 public:
  // A new publisher begins; its first tag maps to just after the last output,
  // `gap_ms` later (the time the booth had no publisher).
  void new_publisher(int64_t gap_ms);
  // Maps one incoming RTMP timestamp (32-bit, wrapping) to the booth timeline.
  uint32_t map(uint32_t incoming_ms);
  std::optional<uint32_t> last() const { return last_out_; }

 private:
  std::optional<uint32_t> first_in_;  // of the current publisher
  uint32_t last_in_ = 0;
  int64_t unwrapped_in_ = 0;          // incoming time, unwrapped across 2^32
  int64_t base_out_ = 0;              // output time of the current publisher's first tag
  std::optional<uint32_t> last_out_;
  int64_t pending_gap_ms_ = 0;
};

}  // namespace ocop::ingest
