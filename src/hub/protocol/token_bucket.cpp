#include "hub/protocol/token_bucket.h"

#include <algorithm>
#include <cmath>

namespace ocop::hub::protocol {

namespace {
double sane(double v) { return std::isfinite(v) && v > 0 ? v : 0; }
}  // namespace

TokenBucket::TokenBucket(double rate_per_second, double burst)
    : rate_(sane(rate_per_second)), burst_(sane(burst)), tokens_(burst_) {}

bool TokenBucket::take(double now, double n) {
  if (std::isfinite(now)) {
    if (last_ && now > *last_) tokens_ = std::min(burst_, tokens_ + (now - *last_) * rate_);
    if (!last_ || now > *last_) last_ = now;
  }
  if (!(n >= 0) || tokens_ < n) return false;
  tokens_ -= n;
  return true;
}

}  // namespace ocop::hub::protocol
