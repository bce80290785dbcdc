#include "ingest/rtmp_listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>

#include "common/log.h"
#include "common/random.h"
#include "ingest/ingest_stats.h"
#include "ingest/rtmp/server_session.h"
#include "ingest/timeline.h"

namespace ocop::ingest {
namespace {

constexpr uint64_t kListenId = 0;
constexpr uint64_t kWakeId = 1;
constexpr size_t kReadChunk = 64 * 1024;
constexpr size_t kMaxReadPerWake = 1 << 20;       // fairness between publishers
constexpr size_t kMaxOutput = 4u << 20;           // a peer that never reads our replies
constexpr size_t kMaxPendingFlv = 8u << 20;       // tags waiting for the booth's sink
constexpr int64_t kFiguresEveryMs = 1000;
constexpr int64_t kFailureWindowMs = 60'000;

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

std::string address_of(const sockaddr_storage& ss) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (ss.ss_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(ss).sin_addr, buf, sizeof buf);
  else if (ss.ss_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(ss).sin6_addr, buf, sizeof buf);
  return buf;
}

}  // namespace

struct RtmpListener::Impl {
  struct Conn {
    uint64_t id = 0;
    int fd = -1;
    std::string peer;
    rtmp::ServerSession session;
    int64_t accepted_ms = 0;
    int64_t last_rx_ms = 0;
    int64_t last_media_ms = 0;
    int64_t booth = 0;        // set once its publish was accepted
    bool media_seen = false;  // on_first_media was posted
    bool closing = false;     // close once `out` is written
    bool want_write = false;
    std::string out;
    explicit Conn(rtmp::SessionLimits limits) : session(limits) {}
  };

  struct Booth {
    uint64_t publisher = 0;  // connection id, 0: none
    std::shared_ptr<FlvSink> sink;
    std::deque<std::string> pending;
    size_t pending_bytes = 0;
    bool header_sent = false;
    bool attached_before = false;
    // The publisher's decoder configurations and metadata, replayed to a
    // pipeline that attaches mid-stream (a restart after a media error): the
    // publisher sends them once, at its start.
    std::string video_config, audio_config, metadata;
    uint32_t last_ts = 0;
    Timeline timeline;
    IngestStats stats;
    int64_t last_end_ms = -1;
    int64_t last_figures_ms = 0;
  };

  // Passed by argument
  config::RtmpConfig cfg;
  ControlLoop& loop;
  IngestEvents events;

  // Allocated by this
  int listen_fd = -1;
  int wake_fd = -1;
  int epoll_fd = -1;
  std::atomic<bool> stop{false};

  // Commands from other threads, run on the ingest thread.
  std::mutex mutex;
  std::deque<std::function<void()>> commands;

  // Ingest-thread state
  uint64_t next_id = 2;
  uint64_t refused_ = 0;
  std::map<uint64_t, std::unique_ptr<Conn>> conns;
  std::map<int64_t, Booth> booths;
  std::vector<std::pair<int64_t, std::string>> keys;
  // Failed publish times per "address" and per "address key": a mis-keyed
  // encoder behind a venue's NAT locks out its own key there, not every
  // seller at the venue; many different keys from one address lock the
  // address (kAddressFactor times the per-key limit).
  std::map<std::string, std::deque<int64_t>> failures;
  static constexpr int kAddressFactor = 4;
  static constexpr size_t kMaxFailureEntries = 10000;

  Impl(const config::RtmpConfig& c, ControlLoop& l, IngestEvents e) : cfg(c), loop(l), events(std::move(e)) {}

  ~Impl() {
    for (auto& [id, c] : conns) ::close(c->fd);
    if (listen_fd >= 0) ::close(listen_fd);
    if (wake_fd >= 0) ::close(wake_fd);
    if (epoll_fd >= 0) ::close(epoll_fd);
  }

  void command(std::function<void()> fn) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      commands.push_back(std::move(fn));
    }
    uint64_t one = 1;
    (void)!::write(wake_fd, &one, sizeof one);
  }

  Status open(const std::string& bind) {
    const bool v6 = bind.find(':') != std::string::npos;
    listen_fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (listen_fd < 0) return make_error("internal", std::string("rtmp socket: ") + std::strerror(errno));
    int yes = 1;
    ::setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_storage ss{};
    socklen_t len = 0;
    if (v6) {
      auto& a = reinterpret_cast<sockaddr_in6&>(ss);
      a.sin6_family = AF_INET6;
      a.sin6_port = htons(static_cast<uint16_t>(cfg.port));
      inet_pton(AF_INET6, bind.c_str(), &a.sin6_addr);
      len = sizeof a;
    } else {
      auto& a = reinterpret_cast<sockaddr_in&>(ss);
      a.sin_family = AF_INET;
      a.sin_port = htons(static_cast<uint16_t>(cfg.port));
      inet_pton(AF_INET, bind.c_str(), &a.sin_addr);
      len = sizeof a;
    }
    if (::bind(listen_fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 || ::listen(listen_fd, 128) != 0)
      return make_error("internal", "cannot listen for RTMP on " + bind + ":" + std::to_string(cfg.port) + ": " +
                                        std::strerror(errno));
    wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    if (wake_fd < 0 || epoll_fd < 0) return make_error("internal", "rtmp: cannot create epoll/eventfd");
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kListenId;
    ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev);
    ev.data.u64 = kWakeId;
    ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &ev);
    return {};
  }

  int port() const {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    ::getsockname(listen_fd, reinterpret_cast<sockaddr*>(&ss), &len);
    return ss.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6&>(ss).sin6_port)
                                    : ntohs(reinterpret_cast<sockaddr_in&>(ss).sin_port);
  }

  // ---- ingest thread ----

  void run() {
    epoll_event evs[64];
    while (!stop) {
      int n = ::epoll_wait(epoll_fd, evs, 64, 250);
      const int64_t now = now_ms();
      for (int i = 0; i < n; ++i) {
        const uint64_t id = evs[i].data.u64;
        if (id == kListenId) {
          accept_all(now);
        } else if (id == kWakeId) {
          uint64_t v;
          (void)!::read(wake_fd, &v, sizeof v);
          run_commands();
        } else {
          auto it = conns.find(id);
          if (it == conns.end()) continue;
          Conn& c = *it->second;
          if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c, now);
          if (conns.count(id) && (evs[i].events & EPOLLOUT)) flush(c);
        }
      }
      tick(now);
    }
  }

  void run_commands() {
    std::deque<std::function<void()>> batch;
    {
      std::lock_guard<std::mutex> lock(mutex);
      batch.swap(commands);
    }
    for (auto& fn : batch) fn();
  }

  int recent_failures(const std::string& who, int64_t now) {
    auto it = failures.find(who);
    if (it == failures.end()) return 0;
    while (!it->second.empty() && it->second.front() <= now - kFailureWindowMs) it->second.pop_front();
    if (it->second.empty()) {
      failures.erase(it);
      return 0;
    }
    return static_cast<int>(it->second.size());
  }
  bool over_failure_limit(const std::string& peer, int64_t now) {
    return recent_failures(peer, now) >= cfg.failed_publishes_per_minute * kAddressFactor;
  }
  void record_failure(const std::string& peer, std::string_view key, int64_t now) {
    if (failures.size() > kMaxFailureEntries) {  // an address sweep: forget what has expired
      for (auto it = failures.begin(); it != failures.end();)
        it = it->second.empty() || it->second.back() <= now - kFailureWindowMs ? failures.erase(it) : std::next(it);
    }
    failures[peer].push_back(now);
    failures[peer + " " + std::string(key.substr(0, 64))].push_back(now);
  }

  int connections_from(const std::string& peer) const {
    int n = 0;
    for (const auto& [id, c] : conns) n += c->peer == peer ? 1 : 0;
    return n;
  }

  void accept_all(int64_t now) {
    for (;;) {
      sockaddr_storage ss{};
      socklen_t len = sizeof ss;
      int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      const std::string peer = address_of(ss);
      const char* refusal = static_cast<int>(conns.size()) >= cfg.max_connections ? "too many connections"
                            : connections_from(peer) >= cfg.max_connections_per_address
                                ? "too many connections from this address"
                            : over_failure_limit(peer, now) ? "too many failed publishes"
                                                             : nullptr;
      if (refusal) {
        // A flood is logged once in a hundred refusals, not once per socket.
        if (refused_++ % 100 == 0) log::warn("rtmp", "refusing connection from {}: {}", peer, refusal);
        ::close(fd);
        continue;
      }
      int yes = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
      rtmp::SessionLimits limits;
      limits.max_message_size = cfg.max_message_size;
      auto c = std::make_unique<Conn>(limits);
      c->id = next_id++;
      c->fd = fd;
      c->peer = peer;
      c->accepted_ms = c->last_rx_ms = now;
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = c->id;
      ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev);
      log::debug("rtmp", "connection {} from {}", c->id, peer);
      conns.emplace(c->id, std::move(c));
    }
  }

  void on_readable(Conn& c, int64_t now) {
    const uint64_t id = c.id;
    char buf[kReadChunk];
    size_t total = 0;
    while (total < kMaxReadPerWake) {
      ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
      if (n == 0) return close_conn(id, "closed by peer");
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        if (errno == EINTR) continue;
        return close_conn(id, std::strerror(errno));
      }
      total += static_cast<size_t>(n);
      c.last_rx_ms = now;
      if (c.closing) continue;  // draining after a refusal: read and drop
      Status st = c.session.feed(reinterpret_cast<const uint8_t*>(buf), static_cast<size_t>(n));
      while (auto ev = c.session.pop_event()) {
        handle_event(c, *ev, now);
        if (!conns.count(id)) return;
      }
      c.out += c.session.take_output();
      if (!st.ok()) {
        log::info("rtmp", "connection {} from {}: {}", id, c.peer, st.error().message);
        c.closing = true;
      }
    }
    flush(c);
  }

  void handle_event(Conn& c, rtmp::Event& ev, int64_t now) {
    if (auto* pub = std::get_if<rtmp::PublishEvent>(&ev)) return on_publish(c, *pub, now);
    if (auto* media = std::get_if<rtmp::MediaEvent>(&ev)) return on_media(c, *media, now);
    if (std::holds_alternative<rtmp::UnpublishEvent>(ev)) return end_publishing(c, now);
  }

  // Constant-time over all keys, so timing does not leak how much of a key matched.
  int64_t booth_for_key(const std::string& key) const {
    int64_t found = 0;
    for (const auto& [booth, k] : keys)
      if (equal_constant_time(k, key) && !key.empty()) found = booth;
    return found;
  }

  void refuse(Conn& c, std::string_view description) {
    c.session.reject_publish("NetStream.Publish.BadName", description);
    c.out += c.session.take_output();
    c.closing = true;
  }

  void on_publish(Conn& c, const rtmp::PublishEvent& pub, int64_t now) {
    if (c.booth) return refuse(c, "this connection already publishes");
    std::string app = c.session.app().substr(0, c.session.app().find('?'));
    while (!app.empty() && app.back() == '/') app.pop_back();
    const std::string_view key = std::string_view(pub.stream_key).substr(0, 64);
    if (recent_failures(c.peer + " " + std::string(key), now) >= cfg.failed_publishes_per_minute) {
      log::warn("rtmp", "connection {} from {}: refused publish: this key failed too often from here; wait a minute",
                c.id, c.peer);
      return refuse(c, "too many failed publishes with this key; wait a minute");
    }
    const int64_t booth_id = app == "live" ? booth_for_key(pub.stream_key) : 0;
    if (!booth_id) {
      record_failure(c.peer, key, now);
      log::warn("rtmp", "connection {} from {}: refused publish with an unknown stream key", c.id, c.peer);
      return refuse(c, "unknown stream key");
    }
    Booth& b = booths[booth_id];
    if (b.publisher && conns.count(b.publisher)) {
      Conn& cur = *conns[b.publisher];
      const int64_t idle = now - std::max(cur.last_media_ms, cur.accepted_ms);
      if (!cfg.always_take_over && idle < int64_t{cfg.takeover_idle_seconds} * 1000) {
        log::warn("rtmp", "booth {}: refused a second publisher from {} (connection {} is live)", booth_id, c.peer,
                  cur.id);
        return refuse(c, "this booth already has a live publisher");
      }
      log::info("rtmp", "booth {}: publisher {} replaced by {} after {} ms without media", booth_id, cur.id, c.id,
                idle);
      cur.booth = 0;  // replaced: its close must not end the booth's session
      close_conn(cur.id, "replaced by a new publisher");
      b.publisher = 0;
    }
    b.publisher = c.id;
    b.stats = IngestStats();
    b.video_config.clear();
    b.audio_config.clear();
    b.metadata.clear();
    b.timeline.new_publisher(b.last_end_ms >= 0 ? now - b.last_end_ms : 0);
    c.booth = booth_id;
    c.session.accept_publish();
    log::info("rtmp", "booth {}: publishing from {} (connection {})", booth_id, c.peer, c.id);
  }

  void on_media(Conn& c, rtmp::MediaEvent& m, int64_t now) {
    if (!c.booth) return;
    auto bit = booths.find(c.booth);
    if (bit == booths.end() || bit->second.publisher != c.id) return;
    Booth& b = bit->second;
    c.last_media_ms = now;
    b.stats.on_tag(m.kind, m.timestamp_ms, m.payload, now);
    if (!c.media_seen && m.kind != rtmp::MediaKind::kData) {
      c.media_seen = true;
      const int64_t booth_id = c.booth;
      const uint64_t pub = c.id;
      loop.post([fn = events.on_first_media, booth_id, pub] { if (fn) fn(booth_id, pub); });
    }
    remember_config(b, m);
    b.last_ts = b.timeline.map(m.timestamp_ms);
    deliver(b, rtmp::flv_tag(m.kind, b.last_ts, m.payload));
  }

  static void remember_config(Booth& b, const rtmp::MediaEvent& m) {
    constexpr size_t kMaxConfig = 64 * 1024;
    if (m.payload.size() > kMaxConfig) return;
    if (m.kind == rtmp::MediaKind::kVideo) {
      auto v = rtmp::parse_video_tag(m.payload);
      if (v && v->sequence_header) b.video_config.assign(m.payload.data(), m.payload.size());
    } else if (m.kind == rtmp::MediaKind::kAudio) {
      auto a = rtmp::parse_audio_tag(m.payload);
      if (a && a->sequence_header) b.audio_config.assign(m.payload.data(), m.payload.size());
    } else if (rtmp::parse_metadata(m.payload).ok()) {
      b.metadata.assign(m.payload.data(), m.payload.size());
    }
  }

  void deliver(Booth& b, std::string tag) {
    if (b.sink && b.header_sent) return b.sink->push(std::move(tag));
    b.pending_bytes += tag.size();
    b.pending.push_back(std::move(tag));
    while (b.pending_bytes > kMaxPendingFlv && !b.pending.empty()) {
      b.pending_bytes -= b.pending.front().size();
      b.pending.pop_front();
    }
  }

  void end_publishing(Conn& c, int64_t now) {
    if (!c.booth) return;
    auto bit = booths.find(c.booth);
    const int64_t booth_id = c.booth;
    c.booth = 0;
    if (bit == booths.end() || bit->second.publisher != c.id) return;
    bit->second.publisher = 0;
    bit->second.last_end_ms = now;
    if (!c.media_seen) return;
    const uint64_t pub = c.id;
    loop.post([fn = events.on_publisher_gone, booth_id, pub] { if (fn) fn(booth_id, pub); });
  }

  void flush(Conn& c) {
    while (!c.out.empty()) {
      ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        c.out.erase(0, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (n < 0 && errno == EINTR) continue;
      return close_conn(c.id, "write failed");
    }
    if (c.out.size() > kMaxOutput) return close_conn(c.id, "peer does not read");
    if (c.out.empty() && c.closing) return close_conn(c.id, "refused or protocol error");
    const bool want = !c.out.empty();
    if (want != c.want_write) {
      epoll_event ev{};
      ev.events = EPOLLIN | (want ? static_cast<uint32_t>(EPOLLOUT) : 0u);
      ev.data.u64 = c.id;
      ::epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c.fd, &ev);
      c.want_write = want;
    }
  }

  void close_conn(uint64_t id, std::string_view why) {
    auto it = conns.find(id);
    if (it == conns.end()) return;
    std::unique_ptr<Conn> c = std::move(it->second);
    conns.erase(it);
    log::debug("rtmp", "connection {} from {} closed: {}", id, c->peer, why);
    end_publishing(*c, now_ms());
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c->fd, nullptr);
    ::close(c->fd);
  }

  void tick(int64_t now) {
    std::vector<std::pair<uint64_t, const char*>> expired;
    for (auto& [id, c] : conns) {
      if (!c->booth && !c->session.publishing() && now - c->accepted_ms > int64_t{cfg.handshake_timeout_seconds} * 1000)
        expired.emplace_back(id, "no publish in time");
      else if (now - c->last_rx_ms > int64_t{cfg.idle_timeout_seconds} * 1000)
        expired.emplace_back(id, "idle");
    }
    for (auto& [id, why] : expired) close_conn(id, why);
    for (auto& [booth_id, b] : booths) {
      if (!b.publisher || now - b.last_figures_ms < kFiguresEveryMs) continue;
      b.last_figures_ms = now;
      loop.post([fn = events.on_figures, id = booth_id, f = b.stats.figures(now)] { if (fn) fn(id, f); });
    }
  }

  // ---- commands (ingest thread) ----

  void do_attach(int64_t booth_id, std::shared_ptr<FlvSink> sink) {
    Booth& b = booths[booth_id];
    b.sink = std::move(sink);
    if (!b.header_sent) {
      // Audio and video flags both set: flvdemux adds pads for what arrives.
      b.sink->push(rtmp::flv_file_header(true, true));
      b.header_sent = true;
      if (b.attached_before) {
        // Mid-stream: the new demuxer needs what the publisher sent once.
        if (!b.metadata.empty()) b.sink->push(rtmp::flv_tag(rtmp::MediaKind::kData, b.last_ts, b.metadata));
        if (!b.video_config.empty()) b.sink->push(rtmp::flv_tag(rtmp::MediaKind::kVideo, b.last_ts, b.video_config));
        if (!b.audio_config.empty()) b.sink->push(rtmp::flv_tag(rtmp::MediaKind::kAudio, b.last_ts, b.audio_config));
        log::info("rtmp", "booth {}: a new pipeline attached mid-stream; replayed the publisher's codec configuration",
                  booth_id);
      }
      b.attached_before = true;
    }
    for (auto& tag : b.pending) b.sink->push(std::move(tag));
    b.pending.clear();
    b.pending_bytes = 0;
  }

  void do_detach(int64_t booth_id) {
    auto it = booths.find(booth_id);
    if (it == booths.end()) return;
    if (it->second.publisher) {  // a publisher is back already: keep its state, drop the old sink
      it->second.sink.reset();
      it->second.header_sent = false;
      return;
    }
    booths.erase(it);
  }

  void do_cut(int64_t booth_id) {
    auto it = booths.find(booth_id);
    if (it == booths.end() || !it->second.publisher) return;
    log::info("rtmp", "booth {}: stream key rotated, closing publisher {}", booth_id, it->second.publisher);
    close_conn(it->second.publisher, "stream key rotated");
  }
};

RtmpListener::RtmpListener(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<RtmpListener>> RtmpListener::start(const config::RtmpConfig& cfg, const std::string& bind,
                                                          ControlLoop& loop, IngestEvents events) {
  auto impl = std::make_unique<Impl>(cfg, loop, std::move(events));
  if (Status s = impl->open(bind); !s.ok()) return s.error();
  std::unique_ptr<RtmpListener> listener(new RtmpListener(std::move(impl)));
  listener->port_ = listener->impl_->port();
  listener->thread_ = std::thread([impl = listener->impl_.get()] { impl->run(); });
  return listener;
}

RtmpListener::~RtmpListener() {
  impl_->stop = true;
  impl_->command([] {});
  if (thread_.joinable()) thread_.join();
}

void RtmpListener::set_keys(std::vector<std::pair<int64_t, std::string>> keys) {
  impl_->command([impl = impl_.get(), keys = std::move(keys)]() mutable { impl->keys = std::move(keys); });
}

void RtmpListener::attach(int64_t booth_id, std::shared_ptr<FlvSink> sink) {
  impl_->command([impl = impl_.get(), booth_id, sink = std::move(sink)]() mutable {
    impl->do_attach(booth_id, std::move(sink));
  });
}

void RtmpListener::detach(int64_t booth_id) {
  impl_->command([impl = impl_.get(), booth_id] { impl->do_detach(booth_id); });
}

void RtmpListener::cut(int64_t booth_id) {
  impl_->command([impl = impl_.get(), booth_id] { impl->do_cut(booth_id); });
}

}  // namespace ocop::ingest
