#pragma once
// How long to wait before restarting something that keeps failing (a
// booth's media pipeline). Pure, so it is tested without GStreamer.
#include <algorithm>
#include <cstdint>
#include <deque>

namespace ocop {

// `failures` holds the earlier failures' times (seconds, any monotonic
// clock); this one at `now` is added and those older than a minute dropped.
// The first two failures in a minute restart at once (viewers see video
// again within seconds); more back off 1 s, 2 s, 4 s ... up to 30 s, so a
// pipeline that fails on every start does not spin the control thread.
inline unsigned restart_backoff_ms(std::deque<double>& failures, double now) {
  while (!failures.empty() && failures.front() <= now - 60) failures.pop_front();
  failures.push_back(now);
  const size_t n = failures.size();
  if (n <= 2) return 0;
  return static_cast<unsigned>(std::min<uint64_t>(30000, uint64_t{1000} << std::min<size_t>(n - 3, 5)));
}

}  // namespace ocop
