#pragma once
// The control thread's mailbox. All application state (booths, rooms,
// viewers, orders in flight) is owned by the thread that runs the GMainLoop;
// other threads (RTMP ingest, GStreamer streaming threads) post closures here
// and never touch that state directly.
#include "common/thread_check.h"

#include <glib.h>

#include <deque>
#include <functional>
#include <mutex>

namespace ocop {

class ControlLoop {
 public:
  using Task = std::function<void()>;

  ControlLoop();
  ~ControlLoop();
  ControlLoop(const ControlLoop&) = delete;
  ControlLoop& operator=(const ControlLoop&) = delete;

  // Any thread. Runs `task` on the control thread, in posting order.
  void post(Task task);

  // Control thread only.
  void run();
  void quit();
  GMainLoop* loop() const { return loop_; }
  // The thread that made the loop and runs it (also before it runs).
  bool on_control_thread() const { return owner_.on_owner(); }
  const ThreadChecker& owner() const { return owner_; }

  // Runs `fn` on the control thread after `ms` milliseconds (control thread).
  // Returns a source id for g_source_remove.
  guint after(unsigned ms, Task fn);
  // Repeats `fn` every `ms` until it returns false (control thread).
  guint every(unsigned ms, std::function<bool()> fn);

 private:
  static gboolean drain_cb(gpointer self);
  void drain();

  GMainLoop* loop_;
  ThreadChecker owner_;
  std::mutex mutex_;
  std::deque<Task> queue_;
  bool scheduled_ = false;
};

}  // namespace ocop
