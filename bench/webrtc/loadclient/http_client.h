#pragma once
// A non-blocking HTTP/1.1 request on the shared event loop: one connection
// per request ("Connection: close"), so a slow answer (webrtcbin's, or a
// Janus long poll) never holds up the media of other viewers.
#include <netinet/in.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "event_loop.h"

namespace whep_load {

struct HttpUrl {
  sockaddr_in address{};
  std::string host_port;  // for the Host header
  std::string path;
};
// "http://1.2.3.4:8080/path": numeric IPv4 only (the benchmark's servers).
bool parse_url(const std::string& url, HttpUrl& out);

struct HttpResponse {
  int status = 0;  // 0: transport failure
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string error;
};

class HttpRequest : public Handler {
 public:
  using Done = std::function<void(HttpResponse&)>;
  // Starts at once; `done` runs exactly once, from the loop (or from start()
  // itself on an immediate failure). The owner retires the request after it.
  static std::unique_ptr<HttpRequest> start(EventLoop& loop, const HttpUrl& url, const in_addr& source,
                                            const std::string& method, const std::string& path,
                                            const std::string& content_type, const std::string& body, Done done);
  ~HttpRequest() override;
  void on_event(uint32_t events) override;
  bool finished() const { return finished_; }
  void cancel();  // closes the connection; `done` never runs

 private:
  HttpRequest(EventLoop& loop, Done done) : loop_(loop), done_(std::move(done)) {}
  void finish(const std::string& error);
  bool parse();  // true once the whole response is in

  EventLoop& loop_;
  Done done_;
  int fd_ = -1;
  std::string out_;
  size_t sent_ = 0;
  std::string in_;
  bool finished_ = false;
  HttpResponse response_;
};

}  // namespace whep_load
