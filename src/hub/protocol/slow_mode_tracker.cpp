#include "hub/protocol/slow_mode_tracker.h"

namespace ocop::hub::protocol {

bool SlowModeTracker::allow(int64_t viewer_id, double now) {
  if (!enabled()) return true;
  if (wait_left(viewer_id, now) > 0) return false;
  last_[viewer_id] = now;
  return true;
}

double SlowModeTracker::wait_left(int64_t viewer_id, double now) const {
  if (!enabled()) return 0;
  const auto it = last_.find(viewer_id);
  if (it == last_.end()) return 0;
  const double left = it->second + static_cast<double>(interval_) - now;
  return left > 0 ? left : 0;
}

void SlowModeTracker::prune(double now) {
  for (auto it = last_.begin(); it != last_.end();) {
    if (it->second + static_cast<double>(interval_) <= now) {
      it = last_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace ocop::hub::protocol
