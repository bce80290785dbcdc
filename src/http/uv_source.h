#pragma once
// A libuv loop run as ONE source of a GMainContext.
//
// libwebsockets' GLib event library gives every connection its own GSource;
// GLib walks a list of all of them each time one is dispatched or changes
// its poll events, so fanning one message out to N websocket clients cost
// O(N^2) (docs/benchmarks.md, "What limited the hub"). On libuv, a
// connection is an epoll registration; the whole loop is one epoll fd, which
// this source hands to GLib.
#include <glib.h>
#include <uv.h>

#include <memory>

namespace ocop::http {

class UvSource {
 public:
  // nullptr when libuv cannot make a loop (out of descriptors).
  static std::unique_ptr<UvSource> attach(GMainContext* context);
  ~UvSource();  // lets the loop close its handles first
  UvSource(const UvSource&) = delete;
  UvSource& operator=(const UvSource&) = delete;

  uv_loop_t* loop() { return &loop_; }

  // GSourceFuncs; public only for the C table.
  struct Glue;

 private:
  UvSource() = default;
  void run_once();

  uv_loop_t loop_{};
  bool loop_open_ = false;
  GSource* source_ = nullptr;
  gpointer fd_tag_ = nullptr;
};

}  // namespace ocop::http
