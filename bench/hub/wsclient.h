// A minimal RFC 6455 client for many connections in one thread: non-blocking
// connect, the upgrade request, masked frames out, unmasked frames in, pings
// answered, close frames honoured. One epoll set; the bytes of a partial frame
// are the only per-connection buffer, so an idle connection costs ~100 bytes
// here plus the kernel's socket. The Sec-WebSocket-Accept answer is not
// checked: this only ever talks to our own server on loopback.
#pragma once
#include <stddef.h>
#include <stdint.h>

enum { ST_IDLE, ST_CONNECTING, ST_HANDSHAKE, ST_HELLO, ST_READY, ST_CLOSED };

typedef struct {
  int fd;
  int id;
  uint8_t state;
  uint8_t with_cookie;  // sends the cookie given to ws_setup (the seller)
  uint16_t close_code;
  char *rb;  // leftover bytes of a partial frame (or of the upgrade answer)
  uint32_t rlen, rcap;
  char *wb;  // bytes the socket did not take yet
  uint32_t wlen, woff, wcap;
  char *frag;  // a fragmented text message being reassembled
  uint32_t flen, fcap;
  // Used by the program, not by this layer.
  uint32_t order_seq;
  uint8_t outstanding;
  uint64_t order_sent_ns;
} conn_t;

typedef struct {
  int started, connecting, ready, closed, refused;  // connecting: started, not yet ready
  uint64_t frames_in, bytes_in, frames_out;
} ws_stats_t;
extern ws_stats_t ws_stats;

// Provided by the program: the upgrade succeeded (c->state is ST_HELLO after
// this returns, unless the program closed it); a whole text message arrived at
// t_ns (CLOCK_MONOTONIC, taken right after the read that completed it).
void on_upgraded(conn_t *c);
void on_message(conn_t *c, const char *text, size_t len, uint64_t t_ns);

void ws_setup(int port, const char *path, const char *cookie);
int ws_connect(conn_t *c);  // 0, or -1 with errno
void ws_text(conn_t *c, const char *s, size_t n);
void ws_close(conn_t *c, const char *why);
void ws_mark_ready(conn_t *c);  // ST_HELLO -> ST_READY (the program saw its welcome)
void ws_poll(int timeout_ms);   // waits once and handles what is ready

// Top-level fields of a JSON object, without building it: each wanted key's
// raw value (strings without their quotes, escapes untouched).
typedef struct {
  const char *key;
  const char *v;
  size_t n;
} jfield_t;
void json_top(const char *s, size_t n, jfield_t *f, int nf);
int jeq(const jfield_t *f, const char *lit);
