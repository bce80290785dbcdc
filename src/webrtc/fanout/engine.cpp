#include "webrtc/fanout/engine.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/ranges.h>

#include <algorithm>
#include <cstring>
#include <thread>

#include "common/log.h"
#include "common/random.h"
#include "webrtc/sdp/answer.h"

namespace ocop::webrtc::fanout {
namespace {

// A GOP burst to a joining viewer is hundreds of packets at once.
constexpr int kSocketBuffer = 4 << 20;

std::vector<std::string> local_addresses() {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr || !(i->ifa_flags & IFF_UP) || (i->ifa_flags & IFF_LOOPBACK)) continue;
    char buf[INET6_ADDRSTRLEN] = {};
    if (i->ifa_addr->sa_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr, buf, sizeof buf);
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      auto* a6 = reinterpret_cast<sockaddr_in6*>(i->ifa_addr);
      if (IN6_IS_ADDR_LINKLOCAL(&a6->sin6_addr)) continue;
      inet_ntop(AF_INET6, &a6->sin6_addr, buf, sizeof buf);
    } else {
      continue;
    }
    out.emplace_back(buf);
  }
  freeifaddrs(list);
  return out;
}

uint32_t random_ssrc() {
  uint32_t v = 0;
  while (v == 0) {
    const std::string b = random_bytes(4);
    std::memcpy(&v, b.data(), 4);
  }
  return v;
}

ViewerEnd public_reason(Viewer::End why) {
  switch (why) {
    case Viewer::End::kConsentExpired: return ViewerEnd::kConsentExpired;
    case Viewer::End::kNeverConnected: return ViewerEnd::kNeverConnected;
    case Viewer::End::kTransportFailed: return ViewerEnd::kTransportFailed;
    case Viewer::End::kPeerClosed: return ViewerEnd::kPeerClosed;
    case Viewer::End::kNone: break;
  }
  return ViewerEnd::kTransportFailed;
}

}  // namespace

Result<std::unique_ptr<Engine>> Engine::start(const EngineOptions& o, ControlLoop& loop) {
  std::unique_ptr<Engine> e(new Engine(loop));
  auto identity = DtlsIdentity::create();
  if (!identity.ok()) return identity.error();
  e->identity_ = *identity;

  sockaddr_storage addr{};
  socklen_t addr_len = 0;
  if (inet_pton(AF_INET, o.bind_address.c_str(), &reinterpret_cast<sockaddr_in*>(&addr)->sin_addr) == 1) {
    auto* a = reinterpret_cast<sockaddr_in*>(&addr);
    a->sin_family = AF_INET;
    a->sin_port = htons(static_cast<uint16_t>(o.udp_port));
    addr_len = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, o.bind_address.c_str(), &reinterpret_cast<sockaddr_in6*>(&addr)->sin6_addr) == 1) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(static_cast<uint16_t>(o.udp_port));
    addr_len = sizeof(sockaddr_in6);
  } else {
    return make_error("config", "WebRTC: cannot bind to '" + o.bind_address + "'");
  }
  e->udp_fd_ = socket(addr.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (e->udp_fd_ < 0) return make_error("internal", std::string("WebRTC UDP socket: ") + std::strerror(errno));
  for (int opt : {SO_SNDBUF, SO_RCVBUF}) {
    const int force = opt == SO_SNDBUF ? SO_SNDBUFFORCE : SO_RCVBUFFORCE;
    if (setsockopt(e->udp_fd_, SOL_SOCKET, force, &kSocketBuffer, sizeof kSocketBuffer) != 0)
      setsockopt(e->udp_fd_, SOL_SOCKET, opt, &kSocketBuffer, sizeof kSocketBuffer);
  }
  if (bind(e->udp_fd_, reinterpret_cast<sockaddr*>(&addr), addr_len) != 0)
    return make_error("config", "WebRTC: cannot bind UDP " + o.bind_address + ":" + std::to_string(o.udp_port) +
                                    ": " + std::strerror(errno) + " (set webrtc.udp_port)");
  sockaddr_storage bound{};
  socklen_t bound_len = sizeof bound;
  getsockname(e->udp_fd_, reinterpret_cast<sockaddr*>(&bound), &bound_len);
  e->udp_port_ = ntohs(bound.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                                                  : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);

  if (o.tcp_port > 0) {
    e->tcp_fd_ = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (e->tcp_fd_ < 0) return make_error("internal", std::string("WebRTC TCP socket: ") + std::strerror(errno));
    const int one = 1;
    setsockopt(e->tcp_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_storage tcp_addr = addr;
    if (tcp_addr.ss_family == AF_INET) reinterpret_cast<sockaddr_in*>(&tcp_addr)->sin_port = htons(static_cast<uint16_t>(o.tcp_port));
    else reinterpret_cast<sockaddr_in6*>(&tcp_addr)->sin6_port = htons(static_cast<uint16_t>(o.tcp_port));
    if (bind(e->tcp_fd_, reinterpret_cast<sockaddr*>(&tcp_addr), addr_len) != 0 || listen(e->tcp_fd_, 128) != 0)
      return make_error("config", "WebRTC: cannot listen on TCP " + o.bind_address + ":" + std::to_string(o.tcp_port) +
                                      ": " + std::strerror(errno) + " (set webrtc.tcp_port, 0 turns ICE-TCP off)");
    e->tcp_port_ = o.tcp_port;
  }

  e->candidate_addresses_ = o.ice_addresses.empty() ? local_addresses() : o.ice_addresses;
  if (!o.public_ip.empty()) e->candidate_addresses_.push_back(o.public_ip);
  if (e->candidate_addresses_.empty()) return make_error("config", "WebRTC: no address to offer (webrtc.ice_addresses)");

  int n = o.workers > 0 ? o.workers : static_cast<int>(std::thread::hardware_concurrency());
  n = std::clamp(n, 1, 64);  // a worker is one bit of a feed's interest mask
  for (int i = 0; i < n; ++i) e->workers_.push_back(std::make_unique<Worker>(i, *e, e->udp_fd_, i == 0 ? e->tcp_fd_ : -1));
  for (auto& w : e->workers_) w->start();
  log::info("webrtc", "fan-out engine: UDP port {}, ICE-TCP {}, {} workers, candidates {}", e->udp_port_,
            e->tcp_port_ ? "port " + std::to_string(e->tcp_port_) : std::string("off"), n,
            fmt::join(e->candidate_addresses_, ","));
  return e;
}

Engine::~Engine() {
  *alive_ = false;
  for (auto& w : workers_) w->stop();
  workers_.clear();
  if (udp_fd_ >= 0) close(udp_fd_);
  if (tcp_fd_ >= 0) close(tcp_fd_);
}

std::shared_ptr<BoothFeed> Engine::feed(int64_t booth_id) {
  auto& f = feeds_[booth_id];
  if (!f) {
    f = std::make_shared<BoothFeed>(booth_id, [this, booth_id](uint64_t mask, const PacketPtr& p) {
      for (size_t i = 0; i < workers_.size(); ++i)
        if (mask & (uint64_t{1} << i)) workers_[i]->post_packet(booth_id, p);
    });
  }
  return f;
}

void Engine::drop_feed(int64_t booth_id) { feeds_.erase(booth_id); }

int Engine::pick_worker() const {
  int best = 0;
  for (size_t i = 1; i < workers_.size(); ++i)
    if (workers_[i]->viewers() < workers_[static_cast<size_t>(best)]->viewers()) best = static_cast<int>(i);
  return best;
}

Result<Engine::Added> Engine::add_viewer(int64_t booth_id, const ViewerRequest& request, Ended ended) {
  auto offer = sdp::parse_offer(request.offer_sdp);
  if (!offer.ok()) return offer.error();
  auto choice = sdp::choose_codecs(*offer);
  if (!choice.ok()) return choice.error();

  ViewerSetup setup;
  setup.id = next_viewer_id_++;
  setup.session_id = request.session_id;
  setup.booth_id = booth_id;
  setup.local_ufrag = random_hex(4);
  setup.local_pwd = random_hex(12);
  setup.remote_fingerprint = offer->fingerprint;
  setup.video_pt = choice->video_pt;
  setup.audio_pt = choice->audio_pt;
  setup.video_ssrc = random_ssrc();
  setup.audio_ssrc = random_ssrc();

  sdp::AnswerParams params;
  params.ice_ufrag = setup.local_ufrag;
  params.ice_pwd = setup.local_pwd;
  params.fingerprint_sha256 = identity_->fingerprint();
  for (const auto& a : candidate_addresses_) params.candidates.push_back({a, udp_port_, false});
  if (tcp_port_ > 0)
    for (const auto& a : candidate_addresses_) params.candidates.push_back({a, tcp_port_, true});
  params.video_ssrc = setup.video_ssrc;
  params.audio_ssrc = setup.audio_ssrc;
  params.session_id = setup.id;
  auto answer = sdp::build_answer(*offer, *choice, params);
  if (!answer.ok()) return answer.error();

  const int w = pick_worker();
  const uint64_t id = setup.id;
  const std::string ufrag = setup.local_ufrag;
  const std::string pwd = setup.local_pwd;
  viewers_[id] = ViewerRecord{w, ufrag, std::move(ended)};
  auto viewer = std::make_shared<std::unique_ptr<Viewer>>(std::make_unique<Viewer>(
      std::move(setup), identity_, feed(booth_id), counters_, steady_us()));
  // The viewer first, then its route: a check routed to the worker finds it.
  Worker* owner = workers_[static_cast<size_t>(w)].get();
  owner->post([owner, viewer] { owner->add_viewer(std::move(*viewer)); });
  Worker* w0 = workers_[0].get();
  w0->post([w0, ufrag, pwd, w, id] { w0->add_route(ufrag, pwd, w, id); });
  return Added{id, std::move(*answer)};
}

void Engine::remove_viewer(uint64_t viewer_id) {
  auto it = viewers_.find(viewer_id);
  if (it == viewers_.end()) return;
  const int w = it->second.worker;
  const std::string ufrag = it->second.ufrag;
  viewers_.erase(it);
  workers_[0]->post([w0 = workers_[0].get(), ufrag] { w0->remove_route(ufrag); });
  Worker* owner = workers_[static_cast<size_t>(w)].get();
  owner->post([owner, viewer_id] { owner->remove_viewer(viewer_id); });
}

void Engine::viewer_ended(const ViewerSetup& setup, Viewer::End why) {
  workers_[0]->post([w0 = workers_[0].get(), ufrag = setup.local_ufrag] { w0->remove_route(ufrag); });
  const uint64_t id = setup.id;
  loop_.post([this, alive = std::weak_ptr<bool>(alive_), id, reason = public_reason(why)] {
    if (alive.expired()) return;
    auto it = viewers_.find(id);
    if (it == viewers_.end()) return;
    Ended ended = std::move(it->second.ended);
    viewers_.erase(it);
    if (ended) ended(id, reason);
  });
}

std::map<int64_t, BoothFigures> Engine::booth_figures() const {
  std::map<int64_t, BoothFigures> booths;
  for (const auto& w : workers_) {
    for (const auto& [booth, f] : w->figures()) {
      BoothFigures& b = booths[booth];
      b.viewers += f.viewers;
      b.connected += f.connected;
      b.loss_sum += f.loss_sum;
      b.jitter_ms_sum += f.jitter_ms_sum;
      b.rtt_ms_sum += f.rtt_ms_sum;
      b.rtt_count += f.rtt_count;
    }
  }
  return booths;
}

std::string Engine::metrics() const {
  const std::map<int64_t, BoothFigures> booths = booth_figures();
  auto counter = [](std::string& out, const char* name, const char* help, uint64_t v) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} counter\n{0} {2}\n", name, help, v);
  };
  std::string out;
  const auto& c = counters_;
  counter(out, "ocoplive_webrtc_packets_sent_total", "RTP and RTCP packets sent to WebRTC viewers.",
          c.packets_sent.load());
  counter(out, "ocoplive_webrtc_bytes_sent_total", "Bytes sent to WebRTC viewers.", c.bytes_sent.load());
  counter(out, "ocoplive_webrtc_send_errors_total", "Datagrams the kernel would not take.", c.send_errors.load());
  counter(out, "ocoplive_webrtc_nacks_total", "Packets WebRTC viewers asked again for (RTCP NACK).",
          c.nacks_received.load());
  counter(out, "ocoplive_webrtc_retransmissions_total", "Packets sent again in answer to a NACK.",
          c.retransmissions.load());
  counter(out, "ocoplive_webrtc_keyframe_requests_total", "PLI and FIR from viewers.", c.keyframe_requests.load());
  counter(out, "ocoplive_webrtc_stun_requests_total", "ICE connectivity checks received.", c.stun_requests.load());
  counter(out, "ocoplive_webrtc_stun_rejected_total", "Checks for no viewer or with bad integrity.",
          c.stun_rejected.load());
  counter(out, "ocoplive_webrtc_dtls_failures_total", "DTLS handshakes that failed.", c.dtls_failures.load());
  counter(out, "ocoplive_webrtc_tcp_accepted_total", "ICE-TCP connections accepted.", c.tcp_accepted.load());
  counter(out, "ocoplive_webrtc_tcp_refused_total", "ICE-TCP connections closed over a limit or without a valid check.",
          c.tcp_refused.load());
  counter(out, "ocoplive_webrtc_tcp_dropped_total", "Packets dropped for a full ICE-TCP send queue.",
          c.tcp_dropped.load());
  counter(out, "ocoplive_webrtc_congestion_skips_total", "Times a congested viewer skipped to the next keyframe.",
          c.congestion_skips.load());
  out += fmt::format("# HELP ocoplive_webrtc_workers Fan-out worker threads.\n# TYPE ocoplive_webrtc_workers gauge\n"
                     "ocoplive_webrtc_workers {}\n", workers_.size());
  out += "# HELP ocoplive_webrtc_viewer_loss Mean fraction lost in viewers' last receiver reports, per booth.\n"
         "# TYPE ocoplive_webrtc_viewer_loss gauge\n";
  for (const auto& [booth, b] : booths)
    if (b.connected) out += fmt::format("ocoplive_webrtc_viewer_loss{{booth=\"{}\"}} {:.4f}\n", booth, b.loss_sum / b.connected);
  out += "# HELP ocoplive_webrtc_viewer_jitter_ms Mean interarrival jitter viewers report, per booth.\n"
         "# TYPE ocoplive_webrtc_viewer_jitter_ms gauge\n";
  for (const auto& [booth, b] : booths)
    if (b.connected)
      out += fmt::format("ocoplive_webrtc_viewer_jitter_ms{{booth=\"{}\"}} {:.2f}\n", booth, b.jitter_ms_sum / b.connected);
  out += "# HELP ocoplive_webrtc_viewer_rtt_ms Mean round-trip time to viewers, per booth.\n"
         "# TYPE ocoplive_webrtc_viewer_rtt_ms gauge\n";
  for (const auto& [booth, b] : booths)
    if (b.rtt_count)
      out += fmt::format("ocoplive_webrtc_viewer_rtt_ms{{booth=\"{}\"}} {:.2f}\n", booth, b.rtt_ms_sum / b.rtt_count);
  return out;
}

}  // namespace ocop::webrtc::fanout
