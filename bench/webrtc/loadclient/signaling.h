#pragma once
// How a viewer gets the server's SDP: WHEP (we offer, POST, 201 + answer,
// DELETE the Location) or the Janus HTTP API (create a session, attach the
// streaming plugin, "watch" a mountpoint, take Janus's offer, "start" with
// our answer, keepalives, destroy). One request in flight per viewer.
#include <netinet/in.h>

#include <functional>
#include <memory>
#include <string>

#include "event_loop.h"
#include "http_client.h"

namespace whep_load {

class Signaling {
 public:
  struct Callbacks {
    std::function<void(const std::string& remote_sdp)> on_remote;  // WHEP answer or Janus offer
    std::function<void(const std::string& error)> on_failed;
  };
  Signaling(EventLoop& loop, HttpUrl url, in_addr source, Callbacks cb)
      : loop_(loop), url_(std::move(url)), source_(source), cb_(std::move(cb)) {}
  virtual ~Signaling();

  virtual void start(const std::string& local_offer) = 0;
  virtual void answer(const std::string& /*sdp*/) {}  // Janus: our answer to its offer
  virtual void tick(int64_t /*now_us*/) {}            // Janus: keepalives
  virtual void stop() = 0;                            // ends the session on the server
  bool busy() const { return req_ != nullptr; }

 protected:
  void request(const std::string& method, const std::string& path, const std::string& content_type,
               const std::string& body, std::function<void(HttpResponse&)> done);
  void cancel();

  EventLoop& loop_;
  HttpUrl url_;
  in_addr source_;
  Callbacks cb_;
  std::unique_ptr<HttpRequest> req_;
};

std::unique_ptr<Signaling> make_whep_signaling(EventLoop& loop, HttpUrl url, in_addr source,
                                               Signaling::Callbacks cb);
std::unique_ptr<Signaling> make_janus_signaling(EventLoop& loop, HttpUrl url, in_addr source,
                                                Signaling::Callbacks cb, int mountpoint);

}  // namespace whep_load
