#include "ingest/timeline.h"

#include <algorithm>

namespace ocop::ingest {

void Timeline::new_publisher(int64_t gap_ms) {
  first_in_.reset();
  pending_gap_ms_ = std::max<int64_t>(gap_ms, 0);
}

uint32_t Timeline::map(uint32_t in) {
  if (!first_in_) {
    first_in_ = in;
    last_in_ = in;
    unwrapped_in_ = 0;
    // 1 ms after the previous publisher's last tag, plus the time off air.
    base_out_ = last_out_ ? int64_t{*last_out_} + 1 + pending_gap_ms_ : 0;
  } else {
    // Signed 32-bit difference: small steps back (audio/video interleaving)
    // stay small, and a wrap past 2^32 keeps counting up.
    const int32_t step = static_cast<int32_t>(in - last_in_);
    unwrapped_in_ += step;
    last_in_ = in;
  }
  const int64_t out = std::max<int64_t>(0, base_out_ + unwrapped_in_);
  last_out_ = static_cast<uint32_t>(out);
  return *last_out_;
}

}  // namespace ocop::ingest
