#pragma once
// HTTP and websockets on libwebsockets, running on the control thread: lws
// runs on a libuv loop that is one source of the control thread's GMainLoop
// (http/uv_source.h), so every callback, handler and websocket event
// happens on that one thread.
#include <glib.h>

#include <map>
#include <unordered_map>
#include <memory>
#include <string>

#include "common/result.h"
#include "http/router.h"
#include <functional>

#include "http/uv_source.h"

struct lws;
struct lws_context;

namespace ocop::http {

struct ServerOptions {
  std::string bind = "0.0.0.0";
  int port = 8080;
  size_t max_body_bytes = 1 << 20;
  size_t max_ws_message = 64 * 1024;
  size_t max_ws_queue = 4096;
  int ws_stall_seconds = 15;  // queued messages that have not moved this long drop the client
  int max_connections = 4096;
  // Sockets one client address may hold (idle ones and websockets included),
  // so one script cannot take every header slot or connection.
  int max_connections_per_address = 100;
  int request_timeout_seconds = 10;  // to send a whole request once connected
  // Pages besides our own that may change state or open websockets with a
  // visitor's cookie (http/parse/cross_site.h).
  std::vector<std::string> allowed_origins;
  // Proxies in front whose X-Forwarded-For is believed (http/parse/forwarded.h);
  // their own sockets are not held to the per-address cap.
  std::vector<std::string> trusted_proxies;
  bool hsts = false;  // Strict-Transport-Security on every answer (behind TLS)
  // Uploads (product photos): routes `is_upload` names may send a larger
  // body, in any content type, a few at a time server-wide.
  std::function<bool(const Request&)> is_upload;
  size_t max_upload_bytes = 16u << 20;
  int max_uploads_in_flight = 4;
};

class Server {
 public:
  static Result<std::unique_ptr<Server>> start(const ServerOptions& options, Router& router, GMainLoop* loop);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  size_t ws_clients() const { return ws_count_; }

  // lws entry point; public only for the C trampoline.
  int on_callback(lws* wsi, int reason, void* in, size_t len);

 private:
  struct Exchange;
  struct WsConn;
  struct Conn;

  Server(const ServerOptions& options, Router& router);
  Conn& conn(lws* wsi);
  int on_http(lws* wsi, Conn& c, const char* uri);
  void dispatch(lws* wsi, Conn& c);
  int write_http(lws* wsi, Conn& c);
  int on_ws_established(lws* wsi, Conn& c);
  int on_ws_receive(lws* wsi, Conn& c, const char* data, size_t len);
  int write_ws(lws* wsi, Conn& c);
  static gboolean sweep_cb(gpointer self);
  void forget_socket(lws* wsi);
  std::string client_of(lws* wsi) const;

  ServerOptions options_;
  Router& router_;
  std::unique_ptr<UvSource> uv_;  // outlives context_
  lws_context* context_ = nullptr;
  int port_ = 0;
  size_t ws_count_ = 0;
  guint sweep_timer_ = 0;
  std::map<lws*, std::unique_ptr<Conn>> conns_;
  // Every accepted socket, from accept to close, by its client address.
  std::unordered_map<lws*, std::string> socket_peer_;
  std::unordered_map<std::string, int> sockets_per_address_;
  uint64_t refused_total_ = 0;
  // Uploads being received or processed; each holds a slot until its
  // exchange ends (shared: an exchange may outlive the server at shutdown).
  std::shared_ptr<int> uploads_ = std::make_shared<int>(0);

 public:
  size_t sockets() const { return socket_peer_.size(); }
  uint64_t refused_connections() const { return refused_total_; }
};

}  // namespace ocop::http
