#include "webrtc/fanout/worker.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>

#include "common/log.h"
#include "webrtc/fanout/engine.h"
#include "webrtc/rtp/packet.h"
#include "webrtc/rtp/stun_username.h"

namespace ocop::webrtc::fanout {
namespace {

constexpr int64_t kTickUs = 50'000;
constexpr int64_t kFiguresUs = 1'000'000;
constexpr size_t kMaxAddressesPerViewer = 8;  // candidate pairs a browser may check
constexpr unsigned kRecvBatch = 32;
constexpr size_t kDatagramBytes = 2048;

int64_t now_us() { return steady_us(); }

std::string address_key(const sockaddr_storage& a, socklen_t len) {
  return std::string(reinterpret_cast<const char*>(&a), std::min<size_t>(len, sizeof a));
}

}  // namespace

Worker::Worker(int index, Engine& engine, int udp_fd, int tcp_listen_fd)
    : index_(index), engine_(engine), udp_fd_(udp_fd), tcp_listen_fd_(tcp_listen_fd), batch_(udp_fd) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  event_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = event_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, event_fd_, &ev);
  if (index_ == 0) {
    epoll_event uev{};
    uev.events = EPOLLIN;
    uev.data.fd = udp_fd_;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, udp_fd_, &uev);
    if (tcp_listen_fd_ >= 0) watch(tcp_listen_fd_, false, true);
  }
}

Worker::~Worker() {
  stop();
  if (event_fd_ >= 0) close(event_fd_);
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

void Worker::start() {
  thread_ = std::thread([this] { run(); });
}

void Worker::stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  const uint64_t one = 1;
  (void)!write(event_fd_, &one, sizeof one);
  thread_.join();
  for (auto& [booth, list] : by_booth_)
    if (!list.empty()) list.front()->feed().set_worker_interest(index_, false);
  by_booth_.clear();
  viewers_.clear();
  links_.clear();
}

void Worker::post(Task task) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(inbox_mutex_);
    wake = tasks_.empty() && packets_.empty();
    tasks_.push_back(std::move(task));
  }
  if (wake) {
    const uint64_t one = 1;
    (void)!write(event_fd_, &one, sizeof one);
  }
}

void Worker::post_packet(int64_t booth_id, PacketPtr packet) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(inbox_mutex_);
    wake = tasks_.empty() && packets_.empty();
    packets_.emplace_back(booth_id, std::move(packet));
  }
  if (wake) {
    const uint64_t one = 1;
    (void)!write(event_fd_, &one, sizeof one);
  }
}

void Worker::run() {
  std::array<epoll_event, 8> events;
  while (!stopping_) {
    const int64_t now = now_us();
    const int timeout_ms = static_cast<int>(std::max<int64_t>(0, (next_tick_us_ - now) / 1000));
    const int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), timeout_ms);
    for (int i = 0; i < n; ++i) {
      if (events[i].data.fd == event_fd_) {
        uint64_t count;
        (void)!read(event_fd_, &count, sizeof count);
        drain_inbox();
      } else if (events[i].data.fd == udp_fd_) {
        read_socket();
      } else if (events[i].data.fd == tcp_listen_fd_) {
        accept_links();
      } else {
        on_link_event(events[i].data.fd, events[i].events);
      }
    }
    const int64_t after = now_us();
    if (after >= next_tick_us_) {
      tick(after);
      next_tick_us_ = after + kTickUs;
    }
    batch_.flush();
    flush_links();
  }
}

void Worker::drain_inbox() {
  std::vector<Task> tasks;
  std::vector<std::pair<int64_t, PacketPtr>> packets;
  {
    std::lock_guard<std::mutex> lock(inbox_mutex_);
    tasks.swap(tasks_);
    packets.swap(packets_);
  }
  for (auto& t : tasks) t();
  for (const auto& [booth, packet] : packets) {
    auto it = by_booth_.find(booth);
    if (it == by_booth_.end()) continue;
    for (Viewer* v : it->second) v->on_packet(*packet, batch_);
  }
}

void Worker::read_socket() {
  std::array<std::array<uint8_t, kDatagramBytes>, kRecvBatch> bufs;
  std::array<iovec, kRecvBatch> iov;
  std::array<mmsghdr, kRecvBatch> msgs{};
  std::array<sockaddr_storage, kRecvBatch> from{};
  for (int round = 0; round < 8; ++round) {  // bounded, so ticks and the inbox still run
    for (unsigned i = 0; i < kRecvBatch; ++i) {
      iov[i] = {bufs[i].data(), bufs[i].size()};
      msgs[i] = {};
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_name = &from[i];
      msgs[i].msg_hdr.msg_namelen = sizeof from[i];
    }
    const int n = recvmmsg(udp_fd_, msgs.data(), kRecvBatch, MSG_DONTWAIT, nullptr);
    if (n <= 0) return;
    for (int i = 0; i < n; ++i)
      on_datagram(bufs[static_cast<size_t>(i)].data(), msgs[static_cast<size_t>(i)].msg_len,
                  from[static_cast<size_t>(i)], msgs[static_cast<size_t>(i)].msg_hdr.msg_namelen);
    if (n < static_cast<int>(kRecvBatch)) return;
  }
}

void Worker::on_datagram(uint8_t* data, size_t len, const sockaddr_storage& from, socklen_t from_len) {
  EngineCounters& counters = engine_.counters();
  if (rtp::classify(data, len) == rtp::Kind::kStun) {
    if (rtp::is_binding_indication(data, len)) {
      on_keepalive(from, from_len);
      return;
    }
    counters.add(counters.stun_requests);
    // Checks for no viewer of ours cost no HMAC.
    const std::string_view ufrag = rtp::stun_local_ufrag(data, len);
    if (ufrag.empty() || !routes_.count(std::string(ufrag))) {
      counters.add(counters.stun_rejected);
      return;
    }
    auto answer = stun_.answer(data, len, from, from_len, [this](std::string_view local) -> const std::string* {
      auto it = routes_.find(std::string(local));
      return it == routes_.end() ? nullptr : &it->second.pwd;
    });
    if (!answer) {
      counters.add(counters.stun_rejected);
      return;
    }
    (void)!sendto(udp_fd_, answer->response.data(), answer->response.size(), MSG_DONTWAIT,
                  reinterpret_cast<const sockaddr*>(&from), from_len);
    Route& route = routes_[answer->local_ufrag];
    const std::string key = address_key(from, from_len);
    if (!addresses_.count(key) && route.addresses.size() < kMaxAddressesPerViewer) {
      route.addresses.push_back(key);
      addresses_[key] = AddressRoute{route.worker, route.viewer, answer->local_ufrag};
    }
    const int owner = route.worker;
    const uint64_t viewer = route.viewer;
    const bool use = answer->use_candidate;
    if (owner == index_) stun_seen(viewer, from, from_len, use);
    else engine_.worker(owner).post([w = &engine_.worker(owner), viewer, from, from_len, use] {
      w->stun_seen(viewer, from, from_len, use);
    });
    return;
  }
  auto it = addresses_.find(address_key(from, from_len));
  if (it == addresses_.end()) {
    counters.add(counters.unknown_datagrams);
    return;
  }
  const int owner = it->second.worker;
  const uint64_t viewer = it->second.viewer;
  if (owner == index_) {
    auto v = viewers_.find(viewer);
    if (v != viewers_.end()) v->second->on_datagram(data, len, batch_, now_us());
    return;
  }
  Worker& w = engine_.worker(owner);
  w.post([&w, viewer, bytes = std::vector<uint8_t>(data, data + len)]() mutable {
    w.deliver(viewer, std::move(bytes));
  });
}

// A keepalive counts only from an address a viewer's checks already proved.
void Worker::on_keepalive(const sockaddr_storage& from, socklen_t from_len) {
  auto it = addresses_.find(address_key(from, from_len));
  if (it == addresses_.end()) {
    engine_.counters().add(engine_.counters().unknown_datagrams);
    return;
  }
  const int owner = it->second.worker;
  const uint64_t viewer = it->second.viewer;
  if (owner == index_) return heard(viewer);
  Worker& w = engine_.worker(owner);
  w.post([&w, viewer] { w.heard(viewer); });
}

void Worker::heard(uint64_t id) {
  auto it = viewers_.find(id);
  if (it != viewers_.end()) it->second->on_keepalive(now_us());
}

void Worker::deliver(uint64_t id, std::vector<uint8_t> datagram) {
  auto it = viewers_.find(id);
  if (it != viewers_.end()) it->second->on_datagram(datagram.data(), datagram.size(), batch_, now_us());
}

void Worker::stun_seen(uint64_t id, sockaddr_storage from, socklen_t from_len, bool use_candidate) {
  auto it = viewers_.find(id);
  if (it != viewers_.end()) it->second->on_stun(from, from_len, use_candidate, now_us());
}

void Worker::add_route(const std::string& ufrag, const std::string& pwd, int worker, uint64_t viewer) {
  Route& r = routes_[ufrag];
  r.pwd = pwd;
  r.worker = worker;
  r.viewer = viewer;
}

void Worker::remove_route(const std::string& ufrag) {
  auto it = routes_.find(ufrag);
  if (it == routes_.end()) return;
  for (const auto& a : it->second.addresses) addresses_.erase(a);
  routes_.erase(it);
}

void Worker::add_viewer(std::unique_ptr<Viewer> viewer) {
  Viewer* v = viewer.get();
  const uint64_t id = v->setup().id;
  auto& list = by_booth_[v->setup().booth_id];
  if (list.empty()) v->feed().set_worker_interest(index_, true);
  list.push_back(v);
  viewers_[id] = std::move(viewer);
  viewer_count_.store(static_cast<int>(viewers_.size()), std::memory_order_relaxed);
}

void Worker::remove_viewer(uint64_t id) {
  auto it = viewers_.find(id);
  if (it == viewers_.end()) return;
  Viewer* v = it->second.get();
  auto bit = by_booth_.find(v->setup().booth_id);
  if (bit != by_booth_.end()) {
    auto& list = bit->second;
    list.erase(std::remove(list.begin(), list.end(), v), list.end());
    if (list.empty()) {
      v->feed().set_worker_interest(index_, false);
      by_booth_.erase(bit);
    }
  }
  viewers_.erase(it);
  viewer_count_.store(static_cast<int>(viewers_.size()), std::memory_order_relaxed);
  close_links_of(id);
}

void Worker::end_viewer(uint64_t id, Viewer::End why) {
  auto it = viewers_.find(id);
  if (it == viewers_.end()) return;
  engine_.viewer_ended(it->second->setup(), why);
  remove_viewer(id);
}

void Worker::tick(int64_t now) {
  std::vector<std::pair<uint64_t, Viewer::End>> ended;
  for (auto& [id, v] : viewers_)
    if (auto end = v->on_tick(now, batch_); end != Viewer::End::kNone) ended.emplace_back(id, end);
  for (auto& [id, why] : ended) end_viewer(id, why);
  expire_pending_links(now);
  if (now >= next_figures_us_) {
    publish_figures();
    next_figures_us_ = now + kFiguresUs;
    EngineCounters& c = engine_.counters();
    c.add(c.packets_sent, batch_.packets_sent() - reported_sent_);
    c.add(c.bytes_sent, batch_.bytes_sent() - reported_bytes_);
    c.add(c.send_errors, batch_.send_errors() - reported_errors_);
    reported_sent_ = batch_.packets_sent();
    reported_bytes_ = batch_.bytes_sent();
    reported_errors_ = batch_.send_errors();
  }
}

void Worker::publish_figures() {
  std::map<int64_t, BoothFigures> f;
  for (const auto& [id, v] : viewers_) {
    BoothFigures& b = f[v->setup().booth_id];
    const ViewerFigures vf = v->figures();
    ++b.viewers;
    if (!vf.connected) continue;
    ++b.connected;
    b.loss_sum += vf.fraction_lost;
    b.jitter_ms_sum += vf.jitter_ms;
    if (vf.rtt_ms >= 0) {
      b.rtt_ms_sum += vf.rtt_ms;
      ++b.rtt_count;
    }
  }
  std::lock_guard<std::mutex> lock(figures_mutex_);
  figures_ = std::move(f);
}

std::map<int64_t, BoothFigures> Worker::figures() const {
  std::lock_guard<std::mutex> lock(figures_mutex_);
  return figures_;
}

}  // namespace ocop::webrtc::fanout
