#define _GNU_SOURCE
#include "wsclient.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "measure.h"

ws_stats_t ws_stats;

static int epfd = -1;
static struct sockaddr_in server_addr;
static char upgrade_plain[1024], upgrade_cookie[8192];
static char scratch[1 << 18];  // reads land here first; only a partial frame is copied out

void ws_setup(int port, const char *path, const char *cookie) {
  epfd = epoll_create1(EPOLL_CLOEXEC);
  server_addr.sin_family = AF_INET;
  server_addr.sin_port = htons((uint16_t)port);
  server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // The key must be 16 bytes in base64 (§4.1); it need not be random here.
  const char *fmt =
      "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
  int n = snprintf(upgrade_plain, sizeof upgrade_plain, fmt, path, port);
  snprintf(upgrade_plain + n, sizeof upgrade_plain - (size_t)n, "\r\n");
  n = snprintf(upgrade_cookie, sizeof upgrade_cookie, fmt, path, port);
  snprintf(upgrade_cookie + n, sizeof upgrade_cookie - (size_t)n, "Cookie: %s\r\n\r\n", cookie ? cookie : "");
}

void ws_close(conn_t *c, const char *why) {
  if (c->state == ST_CLOSED) return;
  if (c->state == ST_CONNECTING || c->state == ST_HANDSHAKE || c->state == ST_HELLO) ws_stats.connecting--;
  if (c->state == ST_READY) ws_stats.ready--;
  else if (c->state != ST_IDLE) ws_stats.refused++;
  c->state = ST_CLOSED;
  ws_stats.closed++;
  if (c->fd >= 0) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
  }
  free(c->rb);
  free(c->wb);
  free(c->frag);
  c->rb = c->wb = c->frag = NULL;
  c->rlen = c->rcap = c->wlen = c->wcap = c->woff = c->flen = c->fcap = 0;
  if (ws_stats.closed <= 5) fprintf(stderr, "hubload: connection %d closed: %s\n", c->id, why);
}

void ws_mark_ready(conn_t *c) {
  if (c->state != ST_HELLO) return;
  c->state = ST_READY;
  ws_stats.connecting--;
  ws_stats.ready++;
}

static void want_write(conn_t *c, int on) {
  struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c};
  epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

static void flush_out(conn_t *c) {
  while (c->woff < c->wlen) {
    ssize_t n = write(c->fd, c->wb + c->woff, c->wlen - c->woff);
    if (n > 0) {
      c->woff += (uint32_t)n;
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      want_write(c, 1);
      return;
    }
    ws_close(c, "write failed");
    return;
  }
  c->woff = c->wlen = 0;
}

static void queue_bytes(conn_t *c, const void *data, size_t len) {
  if (c->state == ST_CLOSED) return;
  if (c->wlen + len > c->wcap) {
    uint32_t cap = c->wcap ? c->wcap : 512;
    while (cap < c->wlen + len) cap *= 2;
    c->wb = realloc(c->wb, cap);
    c->wcap = cap;
  }
  memcpy(c->wb + c->wlen, data, len);
  c->wlen += (uint32_t)len;
}

static uint32_t rnd32(void) {
  static uint64_t x;
  if (!x) x = now_ns() ^ ((uint64_t)getpid() << 32) ^ 0x9E3779B97F4A7C15ull;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return (uint32_t)x;
}

// Every client frame is masked (§5.3).
static void ws_send(conn_t *c, int opcode, const char *payload, size_t len) {
  if (c->state == ST_CLOSED) return;
  unsigned char hdr[14];
  size_t h = 0;
  hdr[h++] = (unsigned char)(0x80 | opcode);
  if (len < 126) {
    hdr[h++] = (unsigned char)(0x80 | len);
  } else if (len < 65536) {
    hdr[h++] = 0x80 | 126;
    hdr[h++] = (unsigned char)(len >> 8);
    hdr[h++] = (unsigned char)len;
  } else {
    hdr[h++] = 0x80 | 127;
    for (int i = 7; i >= 0; i--) hdr[h++] = (unsigned char)((uint64_t)len >> (8 * i));
  }
  const uint32_t key = rnd32();
  unsigned char mask[4];
  memcpy(mask, &key, 4);
  memcpy(hdr + h, mask, 4);
  h += 4;
  const int was_empty = c->wlen == 0;
  queue_bytes(c, hdr, h);
  const size_t at = c->wlen;
  queue_bytes(c, payload, len);
  if (c->state == ST_CLOSED) return;
  for (size_t i = 0; i < len; i++) c->wb[at + i] ^= (char)mask[i & 3];
  ws_stats.frames_out++;
  if (was_empty) flush_out(c);
}

void ws_text(conn_t *c, const char *s, size_t n) { ws_send(c, 1, s, n); }

int ws_connect(conn_t *c) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, (struct sockaddr *)&server_addr, sizeof server_addr) < 0 && errno != EINPROGRESS) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  c->fd = fd;
  c->state = ST_CONNECTING;
  struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
  epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
  ws_stats.started++;
  ws_stats.connecting++;
  return 0;
}

// Whole frames from buf; returns the bytes consumed.
static size_t parse_frames(conn_t *c, char *buf, size_t len, uint64_t t) {
  size_t at = 0;
  while (c->state != ST_CLOSED && len - at >= 2) {
    const unsigned char *p = (const unsigned char *)buf + at;
    const int fin = p[0] & 0x80, op = p[0] & 0x0f, masked = p[1] & 0x80;
    uint64_t plen = p[1] & 0x7f;
    size_t h = 2;
    if (plen == 126) {
      if (len - at < 4) break;
      plen = ((uint64_t)p[2] << 8) | p[3];
      h = 4;
    } else if (plen == 127) {
      if (len - at < 10) break;
      plen = 0;
      for (int i = 0; i < 8; i++) plen = (plen << 8) | p[2 + i];
      h = 10;
    }
    if (masked) h += 4;  // a server must not mask (§5.1); tolerate it anyway
    if (plen > (64u << 20)) {
      ws_close(c, "frame over 64 MiB");
      break;
    }
    if (len - at < h + plen) break;
    char *payload = buf + at + h;
    if (masked)
      for (uint64_t i = 0; i < plen; i++) payload[i] ^= (char)p[h - 4 + (i & 3)];
    ws_stats.bytes_in += h + plen;
    at += h + plen;
    switch (op) {
      case 0x1:
      case 0x0:
        if (op == 0x1 && fin) {
          ws_stats.frames_in++;
          on_message(c, payload, plen, t);
        } else {
          if (c->flen + plen > c->fcap) {
            c->fcap = (uint32_t)(c->flen + plen) * 2;
            c->frag = realloc(c->frag, c->fcap);
          }
          memcpy(c->frag + c->flen, payload, plen);
          c->flen += (uint32_t)plen;
          if (fin) {
            ws_stats.frames_in++;
            on_message(c, c->frag, c->flen, t);
            c->flen = 0;
          }
        }
        break;
      case 0x8: {
        char why[64];
        c->close_code = plen >= 2 ? (uint16_t)(((unsigned char)payload[0] << 8) | (unsigned char)payload[1]) : 1005;
        snprintf(why, sizeof why, "server closed with %u", c->close_code);
        ws_close(c, why);
        break;
      }
      case 0x9:
        ws_send(c, 0xA, payload, plen);
        break;
      default:
        break;
    }
  }
  return at;
}

// The upgrade answer; returns the bytes it took, or -1 to wait for more (or
// when the connection was refused and closed).
static long parse_upgrade(conn_t *c, const char *buf, size_t len) {
  const char *end = memmem(buf, len, "\r\n\r\n", 4);
  if (!end) {
    if (len > 16384) ws_close(c, "upgrade answer over 16 KiB");
    return -1;
  }
  if (len < 12 || memcmp(buf + 9, "101", 3)) {
    char why[80];
    const char *eol = memchr(buf, '\r', len);
    snprintf(why, sizeof why, "upgrade refused: %.*s", (int)(eol - buf), buf);
    ws_close(c, why);
    return -1;
  }
  c->state = ST_HELLO;
  on_upgraded(c);
  return (long)(end + 4 - buf);
}

static void on_readable(conn_t *c) {
  for (;;) {
    char *dst;
    size_t room;
    if (c->rlen == 0) {
      dst = scratch;
      room = sizeof scratch;
    } else {
      if (c->rcap - c->rlen < 16384) {
        c->rcap = c->rcap * 2 > c->rlen + 16384 ? c->rcap * 2 : c->rlen + 16384;
        c->rb = realloc(c->rb, c->rcap);
      }
      dst = c->rb + c->rlen;
      room = c->rcap - c->rlen;
    }
    const ssize_t n = read(c->fd, dst, room);
    if (n == 0) {
      ws_close(c, "the server closed the connection");
      return;
    }
    if (n < 0) {
      if (errno != EAGAIN && errno != EINTR) ws_close(c, strerror(errno));
      return;
    }
    const uint64_t t = now_ns();
    char *buf = c->rlen ? c->rb : scratch;
    const size_t len = c->rlen + (size_t)n;
    size_t used = 0;
    if (c->state == ST_HANDSHAKE) {
      const long u = parse_upgrade(c, buf, len);
      if (c->state == ST_CLOSED) return;
      if (u >= 0) used = (size_t)u + parse_frames(c, buf + u, len - (size_t)u, t);
    } else {
      used = parse_frames(c, buf, len, t);
    }
    if (c->state == ST_CLOSED) return;
    const size_t left = len - used;
    if (left == 0) {  // the usual case: reads end on a frame boundary, so keep nothing
      c->rlen = 0;
      free(c->rb);
      c->rb = NULL;
      c->rcap = 0;
    } else if (buf == scratch) {
      if (c->rcap < left + 16384) {
        c->rcap = (uint32_t)left + 16384;
        c->rb = realloc(c->rb, c->rcap);
      }
      memcpy(c->rb, scratch + used, left);
      c->rlen = (uint32_t)left;
    } else {
      memmove(c->rb, c->rb + used, left);
      c->rlen = (uint32_t)left;
    }
    if ((size_t)n < room) return;  // the socket is drained
  }
}

static void on_event(conn_t *c, uint32_t ev) {
  if (c->state == ST_CLOSED) return;
  if (c->state == ST_CONNECTING) {
    if (ev & (EPOLLERR | EPOLLHUP)) {
      ws_close(c, "connect failed");
      return;
    }
    if (ev & EPOLLOUT) {
      c->state = ST_HANDSHAKE;
      want_write(c, 0);
      const char *req = c->with_cookie ? upgrade_cookie : upgrade_plain;
      queue_bytes(c, req, strlen(req));
      flush_out(c);
    }
    return;
  }
  if (ev & EPOLLIN) on_readable(c);
  if (c->state == ST_CLOSED) return;
  if (ev & EPOLLOUT) {
    flush_out(c);
    if (c->state != ST_CLOSED && c->wlen == 0) want_write(c, 0);
  } else if (ev & (EPOLLERR | EPOLLHUP)) {
    ws_close(c, "socket error");
  }
}

void ws_poll(int timeout_ms) {
  static struct epoll_event evs[1024];
  const int k = epoll_wait(epfd, evs, 1024, timeout_ms);
  for (int i = 0; i < k; i++) on_event((conn_t *)evs[i].data.ptr, evs[i].events);
}

// ---------------------------------------------------------------- JSON
static size_t skip_string(const char *s, size_t n, size_t i) {  // s[i] is '"'; returns the index after the closing one
  for (i++; i < n; i++) {
    if (s[i] == '\\') i++;
    else if (s[i] == '"') return i + 1;
  }
  return n;
}

static size_t skip_ws(const char *s, size_t n, size_t i) {
  while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) i++;
  return i;
}

static size_t skip_value(const char *s, size_t n, size_t i) {
  if (i >= n) return n;
  if (s[i] == '"') return skip_string(s, n, i);
  if (s[i] == '{' || s[i] == '[') {
    int depth = 0;
    for (; i < n; i++) {
      const char ch = s[i];
      if (ch == '"') {
        i = skip_string(s, n, i) - 1;
      } else if (ch == '{' || ch == '[') {
        depth++;
      } else if ((ch == '}' || ch == ']') && --depth == 0) {
        return i + 1;
      }
    }
    return n;
  }
  while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']') i++;
  return i;
}

void json_top(const char *s, size_t n, jfield_t *f, int nf) {
  for (int k = 0; k < nf; k++) f[k].v = NULL;
  size_t i = skip_ws(s, n, 0);
  if (i >= n || s[i] != '{') return;
  i++;
  while (i < n) {
    i = skip_ws(s, n, i);
    if (i >= n || s[i] != '"') return;
    const size_t ks = i + 1, ke = skip_string(s, n, i) - 1;
    i = skip_ws(s, n, ke + 1);
    if (i >= n || s[i] != ':') return;
    i = skip_ws(s, n, i + 1);
    const size_t vs = i, ve = skip_value(s, n, i);
    for (int k = 0; k < nf; k++) {
      if (f[k].v || strlen(f[k].key) != ke - ks || memcmp(f[k].key, s + ks, ke - ks)) continue;
      if (s[vs] == '"' && ve > vs + 1) {
        f[k].v = s + vs + 1;
        f[k].n = ve - vs - 2;
      } else {
        f[k].v = s + vs;
        f[k].n = ve - vs;
      }
    }
    i = skip_ws(s, n, ve);
    if (i >= n || s[i] != ',') return;
    i++;
  }
}

int jeq(const jfield_t *f, const char *lit) { return f->v && f->n == strlen(lit) && !memcmp(f->v, lit, f->n); }
