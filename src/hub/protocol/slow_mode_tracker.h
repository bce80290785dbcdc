#pragma once
// Slow mode (`slow_mode {seconds}`): each viewer may send one chat message
// per interval. Exempting the seller and organizers is the room's choice.
// (Named "tracker" because protocol::SlowMode is the client message.)
#include <cstddef>
#include <cstdint>
#include <unordered_map>

namespace ocop::hub::protocol {

class SlowModeTracker {
 public:
  // 0 turns slow mode off. Changing it keeps who sent when.
  void set_interval(int64_t seconds) { interval_ = seconds < 0 ? 0 : seconds; }
  int64_t interval() const { return interval_; }
  bool enabled() const { return interval_ > 0; }

  // True if viewer_id may send now; then records now as its last message.
  bool allow(int64_t viewer_id, double now_seconds);
  // Seconds until viewer_id may send again (0 if it may now).
  double wait_left(int64_t viewer_id, double now_seconds) const;

  void forget(int64_t viewer_id) { last_.erase(viewer_id); }
  // Drops viewers whose interval has passed, so the map stays small.
  void prune(double now_seconds);
  size_t size() const { return last_.size(); }

 private:
  int64_t interval_ = 0;
  std::unordered_map<int64_t, double> last_;
};

}  // namespace ocop::hub::protocol
