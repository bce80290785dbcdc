#include "hub/protocol/reaction_aggregator.h"

#include <cmath>

namespace ocop::hub::protocol {

ReactionAggregator::ReactionAggregator(double flush_interval_seconds)
    : interval_(std::isfinite(flush_interval_seconds) && flush_interval_seconds > 0
                    ? flush_interval_seconds
                    : kDefaultFlushInterval) {}

bool ReactionAggregator::due(double now) const {
  if (pending_.empty()) return false;
  return !last_flush_ || now - *last_flush_ >= interval_;
}

ReactionCounts ReactionAggregator::flush(double now) {
  ReactionCounts out = pending_;
  pending_ = {};
  last_flush_ = now;
  return out;
}

}  // namespace ocop::hub::protocol
