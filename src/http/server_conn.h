#pragma once
// What the server keeps per connection, shared by server.cpp (HTTP) and
// server_ws.cpp (websockets). Private to the server: only its files include it.
#include <libwebsockets.h>

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/log.h"
#include "http/server.h"

namespace ocop::http {

// A request header, "" when absent or over 8 KiB.
std::string header(lws* wsi, lws_token_indexes token);

// One HTTP transaction. Responders hold it weakly, so an answer that arrives
// after the client left (or after the next keep-alive request began) is dropped.
struct Server::Exchange : Responder::Slot {
  lws* wsi = nullptr;
  Request request;
  std::optional<Response> response;
  size_t sent = 0;
  bool headers_sent = false;
  bool body_too_large = false;
  size_t body_limit = 0;
  bool upload = false;
  std::shared_ptr<void> upload_slot;  // frees the server's upload count when the exchange ends
  void deliver(Response r) override {
    if (response) return;  // one answer per request
    response = std::move(r);
    lws_callback_on_writable(wsi);
  }
};

struct Server::WsConn : WsPeer {
  lws* wsi = nullptr;
  Server* server = nullptr;
  std::string peer;
  std::deque<WsText> replies;  // sent before `queue`
  std::deque<WsText> queue;
  std::vector<unsigned char> scratch;  // LWS_PRE + payload, reused for every write
  std::unique_ptr<WsHandler> handler;
  std::string partial;  // fragments of the message being received
  gint64 progress_us = 0;  // last time the queue moved (or became non-empty)
  bool closed = false;
  std::optional<std::pair<int, std::string>> close_request;

  size_t pending() const { return replies.size() + queue.size(); }
  bool send(WsText text, bool reply) override {
    if (closed || close_request) return false;
    if (pending() >= server->options_.max_ws_queue) {
      drop("queue full");
      return false;
    }
    if (pending() == 0) {
      progress_us = g_get_monotonic_time();
      lws_callback_on_writable(wsi);
    }
    (reply ? replies : queue).push_back(std::move(text));
    return true;
  }
  // The client stopped reading; it must not hold memory or slow the room.
  void drop(const char* why) {
    if (closed) return;
    log::info("http", "dropping websocket client {}: {} ({} messages unsent)", peer, why, pending());
    closed = true;
    replies.clear();
    queue.clear();
    // Its socket may never become writable again: lws closes it from a timer.
    lws_set_timeout(wsi, PENDING_TIMEOUT_KILLED_BY_PARENT, LWS_TO_KILL_ASYNC);
  }
  bool stalled(gint64 now_us, int seconds) const {
    return !closed && pending() > 0 && now_us - progress_us > gint64{seconds} * 1000000;
  }
  void close(int status, const std::string& reason) override {
    if (closed || close_request) return;
    close_request = std::make_pair(status, reason.substr(0, 120));
    lws_callback_on_writable(wsi);
  }
  const std::string& peer_address() const override { return peer; }
};

struct Server::Conn {
  std::shared_ptr<Exchange> exchange;
  std::shared_ptr<WsConn> ws;
};

}  // namespace ocop::http
