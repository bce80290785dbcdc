#include "http/server.h"

#include <arpa/inet.h>
#include <libwebsockets.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <optional>
#include <utility>

#include "common/log.h"
#include "http/parse/cross_site.h"
#include "http/parse/forwarded.h"
#include "http/parse/route.h"
#include "http/server_conn.h"

namespace ocop::http {
namespace {

constexpr size_t kHeaderBuffer = 8192;

// libwebsockets' "security best practices" set, with media from our own origin
// and from blob: URLs (hls.js plays HLS through a MediaSource).
constexpr char kCspHead[] =
    "default-src 'none'; img-src 'self' data:; media-src 'self' blob:; script-src 'self'; font-src 'self'; "
    "style-src 'self'; connect-src 'self' ws: wss:; frame-ancestors ";
constexpr char kCspTail[] = "; base-uri 'none'; form-action 'self'";
constexpr std::pair<const char*, const char*> kSecurityHeaders[] = {
    {"x-content-type-options:", "nosniff"},
    {"referrer-policy:", "no-referrer"},
};
constexpr size_t kWriteChunk = 16 * 1024;
// Bodies far beyond the limit are not read at all; the connection closes.
constexpr size_t kDiscardCeiling = 64u << 20;

// A header lws has no token for; `name` is lower case and ends in ':'.
std::string custom_header(lws* wsi, const char* name) {
  const int nlen = static_cast<int>(std::strlen(name));
  const int len = lws_hdr_custom_length(wsi, name, nlen);
  if (len <= 0 || len > 8192) return {};
  std::string out(static_cast<size_t>(len) + 1, '\0');
  const int got = lws_hdr_custom_copy(wsi, out.data(), len + 1, name, nlen);
  if (got < 0) return {};
  out.resize(static_cast<size_t>(got));
  return out;
}

// The client address of an accepted socket, as lws_get_peer_simple spells it.
std::string peer_of_fd(int fd) {
  sockaddr_storage sa{};
  socklen_t len = sizeof sa;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&sa), &len) != 0) return {};
  char buf[INET6_ADDRSTRLEN] = {0};
  if (sa.ss_family == AF_INET) inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&sa)->sin_addr, buf, sizeof buf);
  else if (sa.ss_family == AF_INET6) inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&sa)->sin6_addr, buf, sizeof buf);
  return buf;
}

std::string peer_of(lws* wsi) {
  char buf[128] = {0};
  lws_get_peer_simple(wsi, buf, sizeof buf);
  return buf;
}

Method method_of(int m) {
  switch (m) {
    case LWSHUMETH_GET: return Method::kGet;
    case LWSHUMETH_POST: return Method::kPost;
    case LWSHUMETH_OPTIONS: return Method::kOptions;
    case LWSHUMETH_PUT: return Method::kPut;
    case LWSHUMETH_PATCH: return Method::kPatch;
    case LWSHUMETH_DELETE: return Method::kDelete;
    case LWSHUMETH_HEAD: return Method::kHead;
    default: return Method::kOther;
  }
}

int trampoline(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
  (void)user;
  auto* server = static_cast<Server*>(lws_context_user(lws_get_context(wsi)));
  if (!server) return lws_callback_http_dummy(wsi, reason, user, in, len);
  return server->on_callback(wsi, static_cast<int>(reason), in, len);
}

void lws_log_emit(int level, const char* line) {
  std::string_view s(line);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  if (level & LLL_ERR)
    log::warn("lws", "{}", s);  // lws reports client misbehaviour as errors
  else
    log::debug("lws", "{}", s);
}

const lws_protocols kProtocols[] = {
    {"ocoplive", trampoline, 0, 0, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},  // lws 4.1 has no LWS_PROTOCOL_LIST_TERM
};

}  // namespace

std::string header(lws* wsi, lws_token_indexes token) {
  int len = lws_hdr_total_length(wsi, token);
  if (len <= 0 || len > 8192) return {};
  std::string out(static_cast<size_t>(len) + 1, '\0');
  int got = lws_hdr_copy(wsi, out.data(), len + 1, token);
  if (got < 0) return {};
  out.resize(static_cast<size_t>(got));
  return out;
}


Result<std::unique_ptr<Server>> Server::start(const ServerOptions& options, Router& router, GMainLoop* loop) {
  std::unique_ptr<Server> server(new Server(options, router));
  lws_set_log_level(LLL_ERR | LLL_WARN, lws_log_emit);

  lws_context_creation_info info;
  std::memset(&info, 0, sizeof info);
  server->uv_ = UvSource::attach(g_main_loop_get_context(loop));
  if (!server->uv_) return make_error("internal", "cannot make the HTTP event loop");
  void* foreign_loops[1] = {server->uv_->loop()};
  // NO_SIGSEGV_SIGFPE_SPIN: crashes must end the process, not hang it.
  info.options = LWS_SERVER_OPTION_LIBUV | LWS_SERVER_OPTION_UV_NO_SIGSEGV_SIGFPE_SPIN |
                 LWS_SERVER_OPTION_VALIDATE_UTF8;
  if (options.bind.find(':') == std::string::npos) info.options |= LWS_SERVER_OPTION_DISABLE_IPV6;
  info.foreign_loops = foreign_loops;
  info.port = options.port;
  info.iface = options.bind.c_str();
  info.protocols = kProtocols;
  info.user = server.get();
  info.max_http_header_data = 8192;
  // A header slot for every connection allowed: with fewer, idle sockets
  // that hold one make everyone else wait (per address they are capped).
  info.max_http_header_pool = static_cast<unsigned short>(std::clamp(options.max_connections, 16, 65535));
  info.timeout_secs = static_cast<unsigned int>(options.request_timeout_seconds);
  // No fd_limit_per_thread: below the process's descriptor limit, lws 4.1
  // finds sockets by scanning its table on every event (13 % of CPU at 10k
  // clients). The connection limit is enforced in the accept filter instead.
  info.pt_serv_buf_size = 32 * 1024;
  server->context_ = lws_create_context(&info);
  if (!server->context_)
    return make_error("internal", "cannot start HTTP on " + options.bind + ":" + std::to_string(options.port) +
                                      " (port in use, or the address is not on this machine?)");
  lws_vhost* vh = lws_get_vhost_by_name(server->context_, "default");
  server->port_ = vh ? lws_get_vhost_listen_port(vh) : options.port;
  if (server->port_ <= 0) return make_error("internal", "HTTP listener has no port");
  server->sweep_timer_ = g_timeout_add_seconds(1, &Server::sweep_cb, server.get());
  return server;
}

Server::Server(const ServerOptions& options, Router& router) : options_(options), router_(router) {}

gboolean Server::sweep_cb(gpointer self) {
  auto* server = static_cast<Server*>(self);
  const gint64 now = g_get_monotonic_time();
  for (auto& [wsi, c] : server->conns_)
    if (c->ws && c->ws->stalled(now, server->options_.ws_stall_seconds)) c->ws->drop("stalled");
  return G_SOURCE_CONTINUE;
}

Server::~Server() {
  if (sweep_timer_) g_source_remove(sweep_timer_);
  if (context_) lws_context_destroy(context_);
  uv_.reset();  // runs the loop until lws's handles have closed
  conns_.clear();
}

std::string Server::client_of(lws* wsi) const {
  const std::string peer = peer_of(wsi);
  if (options_.trusted_proxies.empty()) return peer;
  return client_address(peer, header(wsi, WSI_TOKEN_X_FORWARDED_FOR), options_.trusted_proxies);
}

void Server::forget_socket(lws* wsi) {
  auto it = socket_peer_.find(wsi);
  if (it == socket_peer_.end()) return;
  auto count = sockets_per_address_.find(it->second);
  if (count != sockets_per_address_.end() && --count->second <= 0) sockets_per_address_.erase(count);
  socket_peer_.erase(it);
}

Server::Conn& Server::conn(lws* wsi) {
  auto& slot = conns_[wsi];
  if (!slot) slot = std::make_unique<Conn>();
  return *slot;
}

int Server::on_callback(lws* wsi, int reason, void* in, size_t len) {
  switch (reason) {
    case LWS_CALLBACK_FILTER_NETWORK_CONNECTION: {
      if (static_cast<int>(socket_peer_.size()) >= options_.max_connections) {
        ++refused_total_;
        log::warn("http", "refusing a connection: {} open (http.max_connections)", socket_peer_.size());
        return 1;
      }
      const std::string peer = peer_of_fd(static_cast<int>(reinterpret_cast<intptr_t>(in)));
      auto it = sockets_per_address_.find(peer);
      const bool proxy = std::find(options_.trusted_proxies.begin(), options_.trusted_proxies.end(), peer) !=
                         options_.trusted_proxies.end();
      if (!proxy && it != sockets_per_address_.end() && it->second >= options_.max_connections_per_address) {
        // Logged once per burst, not once per refused socket.
        if (refused_total_++ % 100 == 0)
          log::warn("http", "refusing connections from {}: {} open (http.max_connections_per_address)", peer,
                    it->second);
        return 1;
      }
      return 0;
    }

    case LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED: {
      if (lws_get_socket_fd(wsi) >= 0) {
        const std::string peer = peer_of_fd(lws_get_socket_fd(wsi));
        if (!peer.empty()) {
          socket_peer_[wsi] = peer;
          ++sockets_per_address_[peer];
        }
      }
      return 0;
    }

    case LWS_CALLBACK_HTTP:
      return on_http(wsi, conn(wsi), static_cast<const char*>(in));

    case LWS_CALLBACK_HTTP_BODY: {
      Conn& c = conn(wsi);
      if (!c.exchange) return -1;
      auto& ex = *c.exchange;
      if (ex.request.body.size() + len > ex.body_limit) {
        ex.body_too_large = true;
        ex.request.body.clear();
        ex.request.body.shrink_to_fit();
      } else if (!ex.body_too_large) {
        ex.request.body.append(static_cast<const char*>(in), len);
      }
      return 0;
    }

    case LWS_CALLBACK_HTTP_BODY_COMPLETION: {
      Conn& c = conn(wsi);
      if (!c.exchange) return -1;
      dispatch(wsi, c);
      return 0;
    }

    case LWS_CALLBACK_HTTP_WRITEABLE: {
      auto it = conns_.find(wsi);
      if (it == conns_.end() || !it->second->exchange) return 0;
      return write_http(wsi, *it->second);
    }

    case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE: {
      WsUpgrade up;
      up.path = header(wsi, WSI_TOKEN_GET_URI);
      up.cookie = header(wsi, WSI_TOKEN_HTTP_COOKIE);
      up.peer = client_of(wsi);
      // A websocket carries the visitor's role: only our pages may open one.
      const std::string origin = header(wsi, WSI_TOKEN_ORIGIN);
      if (!origin_allowed(origin, header(wsi, WSI_TOKEN_HOST), options_.allowed_origins)) {
        log::info("http", "refusing a websocket from {}: page of another site ({})", up.peer, origin);
        return -1;
      }
      return router_.ws_admits(up) ? 0 : -1;
    }

    case LWS_CALLBACK_ESTABLISHED:
      return on_ws_established(wsi, conn(wsi));

    case LWS_CALLBACK_RECEIVE: {
      auto it = conns_.find(wsi);
      if (it == conns_.end() || !it->second->ws) return -1;
      return on_ws_receive(wsi, *it->second, static_cast<const char*>(in), len);
    }

    case LWS_CALLBACK_SERVER_WRITEABLE: {
      auto it = conns_.find(wsi);
      if (it == conns_.end() || !it->second->ws) return 0;
      return write_ws(wsi, *it->second);
    }

    case LWS_CALLBACK_CLOSED:
    case LWS_CALLBACK_CLOSED_HTTP:
    case LWS_CALLBACK_WSI_DESTROY: {
      if (reason == LWS_CALLBACK_WSI_DESTROY) forget_socket(wsi);
      auto it = conns_.find(wsi);
      if (it == conns_.end()) return 0;
      std::unique_ptr<Conn> c = std::move(it->second);
      conns_.erase(it);
      if (c->ws) {
        c->ws->closed = true;
        c->ws->wsi = nullptr;
        --ws_count_;
        if (c->ws->handler) {
          auto handler = std::move(c->ws->handler);
          handler->on_close();
        }
      }
      return 0;
    }

    default:
      return lws_callback_http_dummy(wsi, static_cast<lws_callback_reasons>(reason), nullptr, in, len);
  }
}

int Server::on_http(lws* wsi, Conn& c, const char* uri) {
  c.exchange = std::make_shared<Exchange>();
  auto& ex = *c.exchange;
  ex.wsi = wsi;
  Request& req = ex.request;
  char* uri_ptr = nullptr;
  int uri_len = 0;
  req.method = method_of(lws_http_get_uri_and_method(wsi, &uri_ptr, &uri_len));
  req.path = uri ? uri : "/";
  req.content_type = header(wsi, WSI_TOKEN_HTTP_CONTENT_TYPE);
  req.cookie = header(wsi, WSI_TOKEN_HTTP_COOKIE);
  req.peer = client_of(wsi);
  req.host = header(wsi, WSI_TOKEN_HOST);
  req.accept_encoding = header(wsi, WSI_TOKEN_HTTP_ACCEPT_ENCODING);
  req.range = header(wsi, WSI_TOKEN_HTTP_RANGE);
  req.origin = header(wsi, WSI_TOKEN_ORIGIN);
  if (req.method == Method::kOptions) req.cors_request_method = custom_header(wsi, "access-control-request-method:");

  // lws splits the query at '&' and percent-decodes each pair itself.
  std::vector<std::string> pairs;
  char frag[2048];
  for (int i = 0; i < 64; ++i) {
    int n = lws_hdr_copy_fragment(wsi, frag, sizeof frag, WSI_TOKEN_HTTP_URI_ARGS, i);
    if (n < 0) break;
    pairs.emplace_back(frag, static_cast<size_t>(n));
  }
  auto query = query_from_decoded_pairs(pairs);
  if (!query.ok()) {
    ex.deliver(Response::error(400, "invalid", query.error().message));
    return 0;
  }
  req.query = std::move(*query);

  // Framing that could be read two ways is refused (request smuggling), and
  // chunked bodies at once rather than after a timeout: no client of ours
  // sends one, and each needs its length up front to be held to the limit.
  const std::string length_text = header(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH);
  const std::string encoding = header(wsi, WSI_TOKEN_HTTP_TRANSFER_ENCODING);
  char second[32];
  const bool two_lengths = lws_hdr_copy_fragment(wsi, second, sizeof second, WSI_TOKEN_HTTP_CONTENT_LENGTH, 1) >= 0;
  const bool bad_length = length_text.size() > 19 ||
                          length_text.find_first_not_of("0123456789") != std::string::npos;
  if (two_lengths || bad_length || (!encoding.empty() && !length_text.empty())) {
    Response r = Response::error(400, "bad_framing", "one Content-Length, digits only, and no Transfer-Encoding with it");
    r.close = true;
    ex.deliver(std::move(r));
    return 0;
  }
  if (!encoding.empty()) {
    Response r = Response::error(411, "length_required", "send the body with a Content-Length, not chunked");
    r.close = true;
    ex.deliver(std::move(r));
    return 0;
  }
  uint64_t length = 0;
  for (char ch : length_text) length = length * 10 + static_cast<uint64_t>(ch - '0');
  ex.upload = options_.is_upload && options_.is_upload(req);
  ex.body_limit = ex.upload ? options_.max_upload_bytes : options_.max_body_bytes;
  // An upload over its limit is read and dropped (like any body, up to the
  // discard ceiling) and then refused: a client still sending when the
  // answer comes would see a reset instead of the 413.
  if (ex.upload && length <= options_.max_upload_bytes) {
    if (*uploads_ >= options_.max_uploads_in_flight) {
      Response r = Response::error(503, "busy", "other uploads are being processed; try again in a moment");
      r.header("retry-after", "5");
      r.close = true;
      ex.deliver(std::move(r));
      return 0;
    }
    ++*uploads_;
    ex.upload_slot = std::shared_ptr<void>(nullptr, [count = uploads_](void*) { --*count; });
  }
  if (length > kDiscardCeiling) {
    Response r = Response::error(413, "too_large", "request body over " + std::to_string(options_.max_body_bytes) + " bytes");
    r.close = true;
    ex.deliver(std::move(r));
    return 0;
  }
  if (length > 0) return 0;  // wait for the body
  dispatch(wsi, c);
  return 0;
}

void Server::dispatch(lws* wsi, Conn& c) {
  (void)wsi;
  auto ex = c.exchange;
  if (ex->response) return;
  const Request& req = ex->request;
  const bool changes_state = req.method == Method::kPost || req.method == Method::kPut ||
                             req.method == Method::kPatch || req.method == Method::kDelete;
  if (changes_state && req.path.rfind("/api/", 0) == 0) {
    if (!origin_allowed(req.origin, req.host, options_.allowed_origins)) {
      log::info("http", "refusing {} {} from {}: page of another site ({})", method_name(req.method), req.path,
                req.peer, req.origin);
      return ex->deliver(Response::error(403, "cross_site", "this request must come from a page of this site"));
    }
    if (!ex->upload && !json_content_type_ok(req.content_type, req.body.size()))
      return ex->deliver(Response::error(415, "unsupported_media_type", "send JSON as application/json"));
  }
  if (ex->body_too_large) {
    ex->deliver(Response::error(413, "too_large", "request body over " + std::to_string(ex->body_limit) + " bytes"));
    return;
  }
  router_.dispatch(ex->request, Responder(ex));
}

int Server::write_http(lws* wsi, Conn& c) {
  auto ex = c.exchange;
  if (!ex->response) return 0;
  Response& r = *ex->response;
  const bool head = ex->request.method == Method::kHead;
  if (!ex->headers_sent) {
    unsigned char buf[LWS_PRE + kHeaderBuffer];
    unsigned char* start = buf + LWS_PRE;
    unsigned char* p = start;
    unsigned char* end = buf + sizeof buf - 1;
    const uint64_t length = r.file ? r.file->length : r.body.size();
    if (lws_add_http_common_headers(wsi, static_cast<unsigned int>(r.status),
                                    r.content_type.empty() ? nullptr : r.content_type.c_str(), length, &p, end))
      return -1;
    for (const auto& [name, value] : r.headers) {
      std::string n = name + ":";
      for (auto& ch : n) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char*>(n.c_str()),
                                      reinterpret_cast<const unsigned char*>(value.data()),
                                      static_cast<int>(value.size()), &p, end))
        return -1;
    }
    auto add = [&](const char* name, std::string_view value) {
      return lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char*>(name),
                                         reinterpret_cast<const unsigned char*>(value.data()),
                                         static_cast<int>(value.size()), &p, end) == 0;
    };
    for (const auto& [name, value] : kSecurityHeaders)
      if (!add(name, value)) return -1;
    const bool framable = !r.frame_ancestors.empty();
    if (!add("content-security-policy:",
             std::string(kCspHead) + (framable ? r.frame_ancestors : std::string("'none'")) + kCspTail))
      return -1;
    if (!framable && !add("x-frame-options:", "deny")) return -1;
    static const char kHsts[] = "max-age=31536000";
    if (options_.hsts && lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char*>("strict-transport-security:"),
                                                      reinterpret_cast<const unsigned char*>(kHsts), sizeof kHsts - 1, &p, end))
      return -1;
    if (r.close &&
        lws_add_http_header_by_token(wsi, WSI_TOKEN_CONNECTION, reinterpret_cast<const unsigned char*>("close"), 5,
                                     &p, end))
      return -1;
    if (lws_finalize_write_http_header(wsi, start, &p, end)) return -1;
    ex->headers_sent = true;
    if (!head && length > 0) {
      lws_callback_on_writable(wsi);
      return 0;
    }
  } else if (!head && r.file && ex->sent < r.file->length) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kWriteChunk, r.file->length - ex->sent));
    std::string buf(LWS_PRE + n, '\0');
    const ssize_t got = ::pread(r.file->fd, buf.data() + LWS_PRE, n, static_cast<off_t>(r.file->offset + ex->sent));
    if (got != static_cast<ssize_t>(n)) return -1;  // the file shrank (a replay deleted): end the answer
    const bool last = ex->sent + n == r.file->length;
    if (lws_write(wsi, reinterpret_cast<unsigned char*>(buf.data() + LWS_PRE), n,
                  last ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP) != static_cast<int>(n))
      return -1;
    ex->sent += n;
    if (!last) {
      lws_callback_on_writable(wsi);
      return 0;
    }
  } else if (!head && ex->sent < r.body.size()) {
    const size_t n = std::min(kWriteChunk, r.body.size() - ex->sent);
    std::string buf(LWS_PRE + n, '\0');
    std::memcpy(buf.data() + LWS_PRE, r.body.data() + ex->sent, n);
    const bool last = ex->sent + n == r.body.size();
    if (lws_write(wsi, reinterpret_cast<unsigned char*>(buf.data() + LWS_PRE), n,
                  last ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP) != static_cast<int>(n))
      return -1;
    ex->sent += n;
    if (!last) {
      lws_callback_on_writable(wsi);
      return 0;
    }
  }
  const bool close = r.close;
  c.exchange.reset();
  if (close) return -1;
  return lws_http_transaction_completed(wsi) ? -1 : 0;
}

}  // namespace ocop::http
