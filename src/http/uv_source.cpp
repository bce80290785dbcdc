#include "http/uv_source.h"

#include "common/log.h"

namespace ocop::http {

// GLib owns the GSource memory; it points back to the UvSource.
struct UvSource::Glue {
  GSource base;
  UvSource* self;

  static UvSource& of(GSource* s) { return *reinterpret_cast<Glue*>(s)->self; }
  // -1: wait for the fd only. An idle loop (nothing active, nothing
  // closing) also reports 0, which must not spin the main loop.
  static int timeout_ms(uv_loop_t* loop) {
    if (!uv_loop_alive(loop)) return -1;
    uv_update_time(loop);
    return uv_backend_timeout(loop);
  }

  static gboolean prepare(GSource* s, gint* timeout) {
    // 0 also when a handle changed its poll events (lws asked for POLLOUT):
    // libuv applies that to epoll only inside uv_run.
    *timeout = timeout_ms(&of(s).loop_);
    return *timeout == 0;
  }
  static gboolean check(GSource* s) {
    UvSource& u = of(s);
    return (g_source_query_unix_fd(s, u.fd_tag_) & G_IO_IN) || timeout_ms(&u.loop_) == 0;
  }
  static gboolean dispatch(GSource* s, GSourceFunc, gpointer) {
    of(s).run_once();
    return G_SOURCE_CONTINUE;
  }
};

namespace {
GSourceFuncs kFuncs = {UvSource::Glue::prepare, UvSource::Glue::check, UvSource::Glue::dispatch, nullptr, nullptr,
                       nullptr};
}  // namespace

std::unique_ptr<UvSource> UvSource::attach(GMainContext* context) {
  std::unique_ptr<UvSource> u(new UvSource());
  if (int rc = uv_loop_init(&u->loop_); rc != 0) {
    log::error("http", "cannot make an event loop: {}", uv_strerror(rc));
    return nullptr;
  }
  u->loop_open_ = true;
  u->source_ = g_source_new(&kFuncs, sizeof(Glue));
  reinterpret_cast<Glue*>(u->source_)->self = u.get();
  g_source_set_name(u->source_, "libuv");
  u->fd_tag_ = g_source_add_unix_fd(u->source_, uv_backend_fd(&u->loop_), G_IO_IN);
  g_source_attach(u->source_, context);
  return u;
}

void UvSource::run_once() { uv_run(&loop_, UV_RUN_NOWAIT); }

UvSource::~UvSource() {
  if (source_) {
    g_source_destroy(source_);
    g_source_unref(source_);
  }
  if (!loop_open_) return;
  // Handles closed by their owner (lws_context_destroy) finish closing in
  // the loop; bounded, as nothing new may start now.
  for (int i = 0; i < 1000 && uv_run(&loop_, UV_RUN_NOWAIT) != 0; ++i) {
  }
  if (uv_loop_close(&loop_) != 0) log::warn("http", "event loop closed with handles still open");
}

}  // namespace ocop::http
