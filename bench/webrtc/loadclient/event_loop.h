#pragma once
// One epoll set for every socket of every viewer: the whole client runs on
// one thread, so thousands of viewers cost file descriptors, not threads.
#include <sys/epoll.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

namespace whep_load {

inline int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Anything registered with the loop. epoll hands back the pointer.
class Handler {
 public:
  virtual ~Handler() = default;
  virtual void on_event(uint32_t events) = 0;
};

class EventLoop {
 public:
  EventLoop() : fd_(epoll_create1(EPOLL_CLOEXEC)) {}
  ~EventLoop() { close(fd_); }
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  bool add(int fd, uint32_t events, Handler* h) { return ctl(EPOLL_CTL_ADD, fd, events, h); }
  bool modify(int fd, uint32_t events, Handler* h) { return ctl(EPOLL_CTL_MOD, fd, events, h); }
  void remove(int fd) { epoll_ctl(fd_, EPOLL_CTL_DEL, fd, nullptr); }

  // A handler that ends inside a callback is parked here and freed after the
  // batch: a later event of the same batch may still name it.
  void retire(std::unique_ptr<Handler> h) { graveyard_.push_back(std::move(h)); }

  // Returns the number of ready descriptors handled.
  int run_once(int timeout_ms) {
    epoll_event events[512];
    const int n = epoll_wait(fd_, events, 512, timeout_ms);
    for (int i = 0; i < n; ++i) static_cast<Handler*>(events[i].data.ptr)->on_event(events[i].events);
    graveyard_.clear();
    return n;
  }

 private:
  bool ctl(int op, int fd, uint32_t events, Handler* h) {
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = h;
    return epoll_ctl(fd_, op, fd, &ev) == 0;
  }
  int fd_;
  std::vector<std::unique_ptr<Handler>> graveyard_;
};

}  // namespace whep_load
