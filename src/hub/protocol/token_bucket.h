#pragma once
// Token bucket for per-viewer rate limits (chat, reactions, orders). Time is
// passed in (monotonic seconds), so tests need no clock and no sleeps.
#include <optional>

namespace ocop::hub::protocol {

class TokenBucket {
 public:
  // Refills `rate_per_second` tokens per second up to `burst`; starts full.
  // Negative or non-finite settings count as 0.
  TokenBucket(double rate_per_second, double burst);

  // Takes `n` tokens if there are that many. A clock that steps back
  // refills nothing.
  bool take(double now_seconds, double n = 1);
  double tokens() const { return tokens_; }

 private:
  double rate_;
  double burst_;
  double tokens_;
  std::optional<double> last_;
};

}  // namespace ocop::hub::protocol
