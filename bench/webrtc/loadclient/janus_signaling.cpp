// The Janus HTTP API (janus.transport.http) for one streaming viewer. Janus
// has no WHEP endpoint, and its streaming plugin offers: we answer.
#include <nlohmann/json.hpp>

#include "signaling.h"

namespace whep_load {
namespace {

using nlohmann::json;

// Janus ends a session after session_timeout (60 s) without a request.
constexpr int64_t kKeepaliveUs = 20'000'000;

class JanusSignaling : public Signaling {
 public:
  JanusSignaling(EventLoop& loop, HttpUrl url, in_addr source, Callbacks cb, int mountpoint)
      : Signaling(loop, std::move(url), source, std::move(cb)), mountpoint_(mountpoint) {}

  void start(const std::string&) override {
    post(url_.path, {{"janus", "create"}}, [this](const json& j) {
      session_ = url_.path + "/" + std::to_string(j["data"]["id"].get<uint64_t>());
      post(session_, {{"janus", "attach"}, {"plugin", "janus.plugin.streaming"}}, [this](const json& a) {
        handle_ = session_ + "/" + std::to_string(a["data"]["id"].get<uint64_t>());
        json watch = {{"janus", "message"}, {"body", {{"request", "watch"}, {"id", mountpoint_}}}};
        post(handle_, watch, [this](const json& w) {
          if (!take_offer(w)) poll();
        });
      });
    });
  }

  void answer(const std::string& sdp) override {
    json start = {{"janus", "message"}, {"body", {{"request", "start"}}}, {"jsep", {{"type", "answer"}, {"sdp", sdp}}}};
    post(handle_, start, [](const json&) {});
  }

  void tick(int64_t now_us) override {
    if (session_.empty() || busy()) return;
    if (last_keepalive_us_ == 0) last_keepalive_us_ = now_us;
    if (now_us - last_keepalive_us_ < kKeepaliveUs) return;
    last_keepalive_us_ = now_us;
    post(session_, {{"janus", "keepalive"}}, [](const json&) {});
  }

  void stop() override {
    cancel();
    if (session_.empty()) return;
    const std::string s = session_;
    session_.clear();
    post(s, {{"janus", "destroy"}}, [](const json&) {});
  }

 private:
  void post(const std::string& path, json body, std::function<void(const json&)> next) {
    body["transaction"] = "t" + std::to_string(++transaction_);
    request("POST", path, "application/json", body.dump(), [this, next = std::move(next)](HttpResponse& r) {
      handle_json(r, next);
    });
  }

  // Events (the offer among them) come on a long poll of the session.
  void poll() {
    request("GET", session_ + "?maxev=1", "", "", [this](HttpResponse& r) {
      handle_json(r, [this](const json& e) {
        if (!take_offer(e)) poll();
      });
    });
  }

  void handle_json(HttpResponse& r, const std::function<void(const json&)>& next) {
    if (r.status != 200) {
      cb_.on_failed(r.status ? "janus HTTP " + std::to_string(r.status) : "janus: " + r.error);
      return;
    }
    json j = json::parse(r.body, nullptr, false);
    if (j.is_discarded() || j.value("janus", "") == "error") {
      cb_.on_failed("janus: " + r.body.substr(0, 200));
      return;
    }
    try {
      next(j);
    } catch (const json::exception& e) {
      cb_.on_failed(std::string("janus: ") + e.what());
    }
  }

  bool take_offer(const json& e) {
    if (!e.contains("jsep")) {
      const json& data = e.contains("plugindata") ? e["plugindata"]["data"] : json();
      if (data.is_object() && data.contains("error")) {
        cb_.on_failed("janus streaming: " + data["error"].dump());
        return true;
      }
      return false;
    }
    cb_.on_remote(e["jsep"]["sdp"].get<std::string>());
    return true;
  }

  int mountpoint_;
  uint64_t transaction_ = 0;
  std::string session_, handle_;
  int64_t last_keepalive_us_ = 0;
};

}  // namespace

std::unique_ptr<Signaling> make_janus_signaling(EventLoop& loop, HttpUrl url, in_addr source,
                                                Signaling::Callbacks cb, int mountpoint) {
  return std::make_unique<JanusSignaling>(loop, std::move(url), source, std::move(cb), mountpoint);
}

}  // namespace whep_load
