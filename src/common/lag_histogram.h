#pragma once
// A Prometheus histogram of how late the control loop runs a timer: every
// stall of the one thread that holds the hub, REST and websockets shows up
// here (ocoplive_control_loop_lag_seconds). Pure; one thread.
#include <array>
#include <cstdint>
#include <string>

namespace ocop {

class LagHistogram {
 public:
  static constexpr std::array<double, 10> kBounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

  void observe(double seconds);
  uint64_t count() const { return count_; }
  double sum() const { return sum_; }
  double max() const { return max_; }
  // The metric in Prometheus text format: HELP, TYPE, cumulative buckets,
  // _sum and _count.
  std::string prometheus(const std::string& name, const std::string& help) const;

 private:
  std::array<uint64_t, kBounds.size()> buckets_{};
  uint64_t count_ = 0;
  double sum_ = 0, max_ = 0;
};

}  // namespace ocop
