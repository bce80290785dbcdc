#include "common/control_loop.h"

#include <memory>

namespace ocop {
namespace {

struct TimerBox {
  std::function<bool()> fn;
};

gboolean timer_cb(gpointer data) {
  auto* box = static_cast<TimerBox*>(data);
  return box->fn() ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

void timer_free(gpointer data) { delete static_cast<TimerBox*>(data); }

}  // namespace

ControlLoop::ControlLoop() : loop_(g_main_loop_new(nullptr, FALSE)) {}

ControlLoop::~ControlLoop() {
  g_main_loop_unref(loop_);
}

void ControlLoop::post(Task task) {
  std::lock_guard<std::mutex> lock(mutex_);
  queue_.push_back(std::move(task));
  if (scheduled_) return;
  scheduled_ = true;
  // g_idle_add_full on the loop's context wakes it from any thread.
  GSource* src = g_idle_source_new();
  g_source_set_priority(src, G_PRIORITY_DEFAULT);
  g_source_set_callback(src, &ControlLoop::drain_cb, this, nullptr);
  g_source_attach(src, g_main_loop_get_context(loop_));
  g_source_unref(src);
}

gboolean ControlLoop::drain_cb(gpointer self) {
  static_cast<ControlLoop*>(self)->drain();
  return G_SOURCE_REMOVE;
}

void ControlLoop::drain() {
  std::deque<Task> batch;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    batch.swap(queue_);
    scheduled_ = false;
  }
  for (auto& t : batch) t();
}

void ControlLoop::run() { g_main_loop_run(loop_); }

void ControlLoop::quit() {
  drain();
  g_main_loop_quit(loop_);
}

guint ControlLoop::after(unsigned ms, Task fn) {
  return every(ms, [fn = std::move(fn)]() {
    fn();
    return false;
  });
}

guint ControlLoop::every(unsigned ms, std::function<bool()> fn) {
  return g_timeout_add_full(G_PRIORITY_DEFAULT, ms, timer_cb, new TimerBox{std::move(fn)},
                            timer_free);
}

}  // namespace ocop
