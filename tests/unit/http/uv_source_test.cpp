// The libuv loop that carries libwebsockets runs as one GSource: its timers,
// its descriptors, and poll changes made outside (and inside) its own
// callbacks must all be served by iterating the GMainContext alone.
#include <catch2/catch.hpp>
#include <unistd.h>

#include "http/uv_source.h"

using ocop::http::UvSource;

namespace {

struct Context {
  GMainContext* ctx = g_main_context_new();
  ~Context() { g_main_context_unref(ctx); }
  // Iterates until `done` or 3 s; returns the milliseconds it took.
  template <typename F>
  gint64 spin_until(F done) {
    const gint64 start = g_get_monotonic_time();
    while (!done() && g_get_monotonic_time() - start < 3 * G_USEC_PER_SEC) g_main_context_iteration(ctx, TRUE);
    return (g_get_monotonic_time() - start) / 1000;
  }
  // A closed handle's memory must live until libuv has finished with it.
  void close(uv_handle_t* h) {
    bool closed = false;
    h->data = &closed;
    uv_close(h, [](uv_handle_t* x) { *static_cast<bool*>(x->data) = true; });
    spin_until([&] { return closed; });
    REQUIRE(closed);
  }
};

struct Pipe {
  int fd[2] = {-1, -1};
  Pipe() { REQUIRE(pipe(fd) == 0); }
  ~Pipe() {
    close(fd[0]);
    close(fd[1]);
  }
};

struct PollState {
  int readable = 0;
  int writable = 0;
  uv_poll_t* other = nullptr;  // started from inside the callback
};

void on_poll(uv_poll_t* h, int status, int events) {
  auto* st = static_cast<PollState*>(h->data);
  REQUIRE(status == 0);
  if (events & UV_READABLE) {
    ++st->readable;
    uv_os_fd_t fd = -1;
    uv_fileno(reinterpret_cast<uv_handle_t*>(h), &fd);
    char byte;
    REQUIRE(read(fd, &byte, 1) == 1);  // nothing left to wake the loop
    uv_poll_stop(h);
    if (st->other) uv_poll_start(st->other, UV_WRITABLE, on_poll);
  }
  if (events & UV_WRITABLE) {
    ++st->writable;
    uv_poll_stop(h);
  }
}

}  // namespace

SCENARIO("a libuv loop runs as one GLib source", "[http][uv]") {
  Context c;
  auto uv = UvSource::attach(c.ctx);
  REQUIRE(uv);

  GIVEN("a libuv timer") {
    uv_timer_t timer;
    uv_timer_init(uv->loop(), &timer);
    bool fired = false;
    timer.data = &fired;
    uv_timer_start(&timer, [](uv_timer_t* t) { *static_cast<bool*>(t->data) = true; }, 50, 0);
    THEN("GLib wakes for it, not earlier than it is due and not much later") {
      const gint64 ms = c.spin_until([&] { return fired; });
      CHECK(fired);
      CHECK(ms >= 45);
      CHECK(ms < 1000);
    }
    c.close(reinterpret_cast<uv_handle_t*>(&timer));
  }

  GIVEN("a descriptor watched from outside the loop's callbacks") {
    Pipe p;
    PollState st;
    uv_poll_t reader;
    uv_poll_init(uv->loop(), &reader, p.fd[0]);
    reader.data = &st;
    uv_poll_start(&reader, UV_READABLE, on_poll);
    g_main_context_iteration(c.ctx, FALSE);  // the watch is applied
    REQUIRE(write(p.fd[1], "x", 1) == 1);
    THEN("its readiness is delivered") {
      c.spin_until([&] { return st.readable > 0; });
      CHECK(st.readable == 1);
    }
    c.close(reinterpret_cast<uv_handle_t*>(&reader));
  }

  GIVEN("a watch started inside a callback of the loop (as lws asks for POLLOUT)") {
    Pipe p;
    PollState st;
    uv_poll_t reader, writer;
    uv_poll_init(uv->loop(), &reader, p.fd[0]);
    uv_poll_init(uv->loop(), &writer, p.fd[1]);
    reader.data = writer.data = &st;
    st.other = &writer;
    uv_poll_start(&reader, UV_READABLE, on_poll);
    g_main_context_iteration(c.ctx, FALSE);
    REQUIRE(write(p.fd[1], "x", 1) == 1);
    THEN("it takes effect without any other event") {
      const gint64 ms = c.spin_until([&] { return st.writable > 0; });
      CHECK(st.readable == 1);
      CHECK(st.writable == 1);
      CHECK(ms < 1000);
    }
    c.close(reinterpret_cast<uv_handle_t*>(&reader));
    c.close(reinterpret_cast<uv_handle_t*>(&writer));
  }
}
