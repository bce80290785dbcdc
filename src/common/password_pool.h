#pragma once
// Password checks off the control thread. scrypt costs tens of milliseconds
// and its memory on purpose; on the control thread 20 parallel logins held
// every page, websocket and order for seconds. The answer comes back on the
// control thread; beyond the bounded queue a login is refused at once.
#include <functional>
#include <string>

#include "common/work_pool.h"

namespace ocop {

class PasswordPool {
 public:
  PasswordPool(ControlLoop& loop, int threads, size_t max_queue) : pool_(loop, threads, max_queue) {}

  // Any thread. `done(ok)` runs later on the control thread. False (and
  // `done` never runs) when the queue is full.
  bool verify(std::string password, std::string stored_hash, std::function<void(bool ok)> done);
  // The same for making a hash (new accounts, new passwords).
  bool hash(std::string password, std::function<void(std::string hash)> done);
  size_t queued() const { return pool_.queued(); }

 private:
  WorkPool pool_;
};

}  // namespace ocop
