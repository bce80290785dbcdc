#pragma once
// Order rate limits that follow the buyer, not the socket. A bot opens a
// fresh websocket (without a cookie, or with a fresh one) for every order, so
// a per-connection count stops nothing; its address stays, and a real
// buyer's viewer cookie stays across reconnects. Counted hub-wide, over all
// booths. Time is passed in (monotonic seconds), so tests need no clock.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

namespace ocop::hub::protocol {

// At most `max_events` per key in any `window_seconds`.
template <typename Key>
class SlidingWindow {
 public:
  SlidingWindow(int max_events, double window_seconds) : max_(max_events), window_(window_seconds) {}

  bool full(const Key& key, double now) {
    auto it = times_.find(key);
    if (it == times_.end()) return max_ <= 0;
    expire(it->second, now);
    return static_cast<int>(it->second.size()) >= max_;
  }

  void add(const Key& key, double now) {
    times_[key].push_back(now);
    // Every key with nothing left in the window goes now and then, so a
    // stream of one-off addresses cannot grow the map without bound.
    if (++adds_ % kPruneEvery == 0) prune(now);
  }

  void prune(double now) {
    for (auto it = times_.begin(); it != times_.end();) {
      expire(it->second, now);
      it = it->second.empty() ? times_.erase(it) : std::next(it);
    }
  }

  size_t keys() const { return times_.size(); }

 private:
  static constexpr uint64_t kPruneEvery = 1024;
  void expire(std::deque<double>& times, double now) const {
    while (!times.empty() && times.front() <= now - window_) times.pop_front();
  }

  int max_;
  double window_;
  uint64_t adds_ = 0;
  std::unordered_map<Key, std::deque<double>> times_;
};

enum class OrderLimitHit { kNone, kAddress, kViewer };

class OrderLimits {
 public:
  OrderLimits(int per_address_per_minute, int per_viewer_per_minute)
      : address_(per_address_per_minute, 60), viewer_(per_viewer_per_minute, 60) {}

  // kNone: the order may go and counts against both keys. `address` is the
  // full client address (127.0.0.2 and 127.0.1.5 are different clients);
  // `viewer` the id of a signed viewer cookie, none without one. A refused
  // attempt counts against nothing, so waiting is enough to order again.
  OrderLimitHit admit(const std::string& address, std::optional<int64_t> viewer, double now) {
    if (address_.full(address, now)) return OrderLimitHit::kAddress;
    if (viewer && viewer_.full(*viewer, now)) return OrderLimitHit::kViewer;
    address_.add(address, now);
    if (viewer) viewer_.add(*viewer, now);
    return OrderLimitHit::kNone;
  }

  size_t tracked_addresses() const { return address_.keys(); }

 private:
  SlidingWindow<std::string> address_;
  SlidingWindow<int64_t> viewer_;
};

}  // namespace ocop::hub::protocol
