#include "signaling.h"

namespace whep_load {

Signaling::~Signaling() { cancel(); }

void Signaling::request(const std::string& method, const std::string& path, const std::string& content_type,
                        const std::string& body, std::function<void(HttpResponse&)> done) {
  cancel();
  auto r = HttpRequest::start(loop_, url_, source_, method, path, content_type, body,
                              [this, done = std::move(done)](HttpResponse& response) {
                                // This runs inside the request: free it after the loop's batch.
                                if (req_) loop_.retire(std::move(req_));
                                done(response);
                              });
  if (!r->finished()) req_ = std::move(r);
}

void Signaling::cancel() {
  if (!req_) return;
  req_->cancel();
  loop_.retire(std::move(req_));
}

namespace {

class WhepSignaling : public Signaling {
 public:
  using Signaling::Signaling;

  void start(const std::string& offer) override {
    request("POST", url_.path, "application/sdp", offer, [this](HttpResponse& r) {
      if (r.status != 201) {
        cb_.on_failed(r.status ? "POST " + std::to_string(r.status) : "POST: " + r.error);
        return;
      }
      location_ = r.headers["location"];
      cb_.on_remote(r.body);
    });
  }

  void stop() override {
    cancel();
    if (location_.empty()) return;
    // Location is a path on the same server (DESIGN.md: /whep/sessions/{sid}).
    const std::string path = location_.rfind("http", 0) == 0 ? location_.substr(location_.find('/', 8)) : location_;
    location_.clear();
    request("DELETE", path, "", "", [](HttpResponse&) {});
  }

 private:
  std::string location_;
};

}  // namespace

std::unique_ptr<Signaling> make_whep_signaling(EventLoop& loop, HttpUrl url, in_addr source,
                                               Signaling::Callbacks cb) {
  return std::make_unique<WhepSignaling>(loop, std::move(url), source, std::move(cb));
}

}  // namespace whep_load
