#pragma once
// Requests and responses as the REST handlers see them: no lws types here.
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "http/parse/query.h"

namespace ocop::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };
const char* method_name(Method m);

struct Request {
  Method method = Method::kGet;
  std::string path;
  QueryParams query;
  std::string body;
  std::string content_type;
  std::string cookie;    // raw Cookie header
  std::string peer;      // client address
  std::string host;      // Host header, as the client reached us
  std::string accept_encoding;
  std::string origin;                // Origin header: the page's origin on cross-origin requests
  std::string cors_request_method;   // Access-Control-Request-Method: only a CORS preflight has it
  std::string range;                 // Range header (media files)
  std::vector<int64_t> ids;  // the {id} segments of the matched route
  std::vector<std::string> tokens;  // its {token} segments
};

// A part of an open file sent as a body, read chunk by chunk as the socket
// takes it: a replay is hundreds of megabytes. Owns the descriptor.
struct FileBody {
  int fd = -1;
  uint64_t offset = 0;
  uint64_t length = 0;
  FileBody(int f, uint64_t o, uint64_t l) : fd(f), offset(o), length(l) {}
  ~FileBody();
  FileBody(const FileBody&) = delete;
  FileBody& operator=(const FileBody&) = delete;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";  // empty: no Content-Type (a 204)
  std::string body;
  std::shared_ptr<FileBody> file;  // set: sent instead of `body`
  std::vector<std::pair<std::string, std::string>> headers;
  bool close = false;  // close the connection after sending (e.g. an unread body)
  // CSP frame-ancestors sources (space-separated) for a page others may
  // frame; empty: 'none', and X-Frame-Options: deny.
  std::string frame_ancestors;

  static Response json(int status, const nlohmann::json& body);
  // `field`/`rule` (bad input): which field broke which rule; left out when empty.
  static Response error(int status, const std::string& code, const std::string& message,
                        const std::string& field = "", const std::string& rule = "");
  static Response text(int status, std::string content_type, std::string body);
  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// Handle for answering one request, now or later (WHEP answers wait for ICE
// gathering). Control thread only. Sending to a connection that has closed
// does nothing.
class Responder {
 public:
  struct Slot {
    virtual ~Slot() = default;
    virtual void deliver(Response r) = 0;
  };
  Responder() = default;
  explicit Responder(std::weak_ptr<Slot> slot) : slot_(std::move(slot)) {}
  void send(Response r) const {
    if (auto s = slot_.lock()) s->deliver(std::move(r));
  }
  bool alive() const { return !slot_.expired(); }

 private:
  std::weak_ptr<Slot> slot_;
};

using Handler = std::function<void(Request&, Responder)>;

// A text frame's payload, built once and shared by every client it goes to.
using WsText = std::shared_ptr<const std::string>;

// One websocket connection as the hub sees it (control thread only).
class WsPeer {
 public:
  virtual ~WsPeer() = default;
  // Queues a text frame. A reply (an answer to this client's own message)
  // goes ahead of queued broadcasts, so an order_ack never waits behind a
  // busy room's chat. false: the client is too far behind and is dropped.
  virtual bool send(WsText text, bool reply) = 0;
  bool send(std::string text) { return send(std::make_shared<const std::string>(std::move(text)), true); }
  virtual void close(int status, const std::string& reason) = 0;
  virtual const std::string& peer_address() const = 0;
};

class WsHandler {
 public:
  virtual ~WsHandler() = default;
  virtual void on_message(std::string_view text) = 0;
  virtual void on_close() = 0;
};

struct WsUpgrade {
  std::string path;
  std::vector<int64_t> ids;
  std::string cookie;
  std::string peer;
};

// Returns the connection's handler, or null to refuse the upgrade.
using WsAcceptor = std::function<std::unique_ptr<WsHandler>(const WsUpgrade&, std::shared_ptr<WsPeer>)>;

}  // namespace ocop::http
