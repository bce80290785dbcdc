#include "common/password_pool.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/password.h"

namespace ocop {

PasswordPool::PasswordPool(ControlLoop& loop, int threads, size_t max_queue) : loop_(loop), max_queue_(max_queue) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

PasswordPool::~PasswordPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

bool PasswordPool::verify(std::string password, std::string stored_hash, std::function<void(bool)> done) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (jobs_.size() >= max_queue_) return false;
    jobs_.push_back(Job{std::move(password), std::move(stored_hash), std::move(done)});
  }
  wake_.notify_one();
  return true;
}

size_t PasswordPool::queued() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return jobs_.size();
}

void PasswordPool::run() {
  // Below the control thread and the media workers: a burst of logins may
  // wait a little, the live hub and the video may not.
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    const bool ok = verify_password(job.password, job.stored_hash);
    loop_.post([done = std::move(job.done), ok] { done(ok); });
  }
}

}  // namespace ocop
