#pragma once
// Password checks off the control thread. scrypt costs tens of milliseconds
// and its memory on purpose; on the control thread 20 parallel logins held
// every page, websocket and order for seconds. A small fixed pool of threads
// verifies; the answer comes back on the control thread. The queue is
// bounded: beyond it a login is refused at once instead of waiting.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/control_loop.h"

namespace ocop {

class PasswordPool {
 public:
  PasswordPool(ControlLoop& loop, int threads, size_t max_queue);
  ~PasswordPool();
  PasswordPool(const PasswordPool&) = delete;
  PasswordPool& operator=(const PasswordPool&) = delete;

  // Any thread. `done(ok)` runs later on the control thread. False (and
  // `done` never runs) when the queue is full.
  bool verify(std::string password, std::string stored_hash, std::function<void(bool ok)> done);
  size_t queued() const;

 private:
  struct Job {
    std::string password, stored_hash;
    std::function<void(bool)> done;
  };
  void run();

  ControlLoop& loop_;
  const size_t max_queue_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace ocop
