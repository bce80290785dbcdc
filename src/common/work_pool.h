#pragma once
// Slow work (password hashing, photo decoding) off the control thread: a
// small fixed pool of threads, a bounded queue (beyond it a job is refused at
// once instead of waiting), and each job's answer run back on the control
// thread, which owns all state.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/control_loop.h"

namespace ocop {

class WorkPool {
 public:
  // `niceness`: below the control thread and the media workers, so a burst
  // of slow jobs may wait a little while the live hub and the video may not.
  WorkPool(ControlLoop& loop, int threads, size_t max_queue, int niceness = 10);
  ~WorkPool();
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  // A job runs on a pool thread and returns what then runs on the control
  // thread. Any thread. False (and nothing runs) when the queue is full.
  using Job = std::function<std::function<void()>()>;
  bool submit(Job job);
  size_t queued() const;

 private:
  void run();

  ControlLoop& loop_;
  const size_t max_queue_;
  const int niceness_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace ocop
