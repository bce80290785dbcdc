#include "common/lag_histogram.h"

#include <fmt/format.h>

#include <algorithm>

namespace ocop {

void LagHistogram::observe(double seconds) {
  seconds = std::max(0.0, seconds);
  for (size_t i = 0; i < kBounds.size(); ++i)
    if (seconds <= kBounds[i]) ++buckets_[i];
  ++count_;
  sum_ += seconds;
  max_ = std::max(max_, seconds);
}

std::string LagHistogram::prometheus(const std::string& name, const std::string& help) const {
  std::string out = fmt::format("# HELP {0} {1}\n# TYPE {0} histogram\n", name, help);
  for (size_t i = 0; i < kBounds.size(); ++i)
    out += fmt::format("{}_bucket{{le=\"{}\"}} {}\n", name, kBounds[i], buckets_[i]);
  out += fmt::format("{0}_bucket{{le=\"+Inf\"}} {1}\n{0}_sum {2:.6f}\n{0}_count {1}\n", name, count_, sum_);
  return out;
}

}  // namespace ocop
