#pragma once
// Ownership checks: an object is used only from the thread that owns it
// (the control thread for hub, HTTP and live state). They run in every
// build: a debug build stops at the first call from a wrong thread; a
// release build logs it (at most once a second) and counts it in /metrics
// (ocoplive_ownership_violations_total), so a market day is not ended by a
// check, yet the fault is seen.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <thread>

#include "common/log.h"

namespace ocop {

class ThreadChecker {
 public:
  ThreadChecker() : owner_(std::this_thread::get_id()) {}
  void rebind() { owner_ = std::this_thread::get_id(); }
  bool on_owner() const { return std::this_thread::get_id() == owner_; }

 private:
  std::thread::id owner_;
};

inline std::atomic<uint64_t>& ownership_violation_count() {
  static std::atomic<uint64_t> n{0};
  return n;
}

inline uint64_t ownership_violations() { return ownership_violation_count().load(std::memory_order_relaxed); }

inline void ownership_violation(const char* where) {
  ownership_violation_count().fetch_add(1, std::memory_order_relaxed);
  static std::atomic<int64_t> last_log_s{0};
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::steady_clock::now().time_since_epoch()).count();
  if (last_log_s.exchange(now) != now)
    log::error("thread", "{} called from a thread that does not own it ({} so far)", where, ownership_violations());
#ifndef NDEBUG
  std::abort();
#endif
}

#define OCOP_ASSERT_OWNER(checker)                                      \
  do {                                                                  \
    if (!(checker).on_owner()) ::ocop::ownership_violation(__func__);   \
  } while (0)

}  // namespace ocop
