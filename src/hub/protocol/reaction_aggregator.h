#pragma once
// Reactions are counted, not forwarded: a room of 10,000 viewers tapping
// hearts would otherwise send 10,000 x 10,000 frames a second. The room adds
// each react and, when due(), broadcasts flush() as one `reactions` message,
// so a room sends at most 1 / flush_interval of them per second.
#include <cstdint>
#include <optional>

#include "hub/protocol/reaction_kind.h"

namespace ocop::hub::protocol {

class ReactionAggregator {
 public:
  static constexpr double kDefaultFlushInterval = 0.25;  // 4 messages/s at most

  explicit ReactionAggregator(double flush_interval_seconds = kDefaultFlushInterval);

  void add(ReactionKind kind, int64_t n = 1) { pending_.add(kind, n); }
  // True when reactions are pending and the interval since the last flush has
  // passed. The first reactions of a quiet room are due at once.
  bool due(double now_seconds) const;
  // The counts since the previous flush; resets them and restarts the interval.
  ReactionCounts flush(double now_seconds);
  const ReactionCounts& pending() const { return pending_; }
  double flush_interval() const { return interval_; }

 private:
  double interval_;
  ReactionCounts pending_;
  std::optional<double> last_flush_;
};

}  // namespace ocop::hub::protocol
