// ICE-TCP (RFC 6544) on the fan-out's shared TCP port. Worker 0 accepts;
// a connection stays pending, with tight limits, until its first packet is
// a valid connectivity check for one of our viewers; then it moves to that
// viewer's worker, which answers its later checks itself and reads DTLS and
// SRTCP from it like datagrams. Media to a viewer whose selected pair is
// TCP is framed onto the link (RFC 4571) instead of the UDP batch.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "common/log.h"
#include "webrtc/fanout/engine.h"
#include "webrtc/fanout/worker.h"
#include "webrtc/rtp/packet.h"
#include "webrtc/rtp/stun_username.h"

namespace ocop::webrtc::fanout {
namespace {

constexpr size_t kMaxPendingLinks = 256;       // connections not yet proved by a check
constexpr size_t kMaxPendingPerAddress = 8;    // of those, from one client address
constexpr int64_t kPendingTimeoutUs = 10'000'000;

bool same_host(const sockaddr_storage& a, const sockaddr_storage& b) {
  if (a.ss_family != b.ss_family) return false;
  if (a.ss_family == AF_INET)
    return reinterpret_cast<const sockaddr_in&>(a).sin_addr.s_addr == reinterpret_cast<const sockaddr_in&>(b).sin_addr.s_addr;
  return std::memcmp(&reinterpret_cast<const sockaddr_in6&>(a).sin6_addr,
                     &reinterpret_cast<const sockaddr_in6&>(b).sin6_addr, sizeof(in6_addr)) == 0;
}

}  // namespace

void Worker::watch(int fd, bool writes, bool add) {
  epoll_event ev{};
  ev.events = EPOLLIN | (writes ? EPOLLOUT : 0u);
  ev.data.fd = fd;
  epoll_ctl(epoll_fd_, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ev);
}

void Worker::accept_links() {
  EngineCounters& c = engine_.counters();
  for (int i = 0; i < 64; ++i) {  // bounded, so one flood cannot hold the loop
    sockaddr_storage peer{};
    socklen_t peer_len = sizeof peer;
    const int fd = accept4(tcp_listen_fd_, reinterpret_cast<sockaddr*>(&peer), &peer_len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    auto link = std::make_shared<TcpLink>(fd, peer, peer_len, steady_us());
    const size_t from_host = static_cast<size_t>(std::count_if(links_.begin(), links_.end(), [&](const auto& l) {
      return l.second->viewer == 0 && same_host(l.second->peer(), peer);
    }));
    if (pending_links_ >= kMaxPendingLinks || from_host >= kMaxPendingPerAddress) {
      c.add(c.tcp_refused);
      continue;  // the link's destructor closes it
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c.add(c.tcp_accepted);
    links_[fd] = std::move(link);
    ++pending_links_;
    watch(fd, false, true);
  }
}

void Worker::on_link_event(int fd, uint32_t events) {
  auto it = links_.find(fd);
  if (it == links_.end()) return;
  std::shared_ptr<TcpLink> link = it->second;
  if ((events & EPOLLOUT) && !link->flush()) return close_link(fd);
  if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR))) return;
  std::vector<std::string> packets;
  const bool open = link->read(packets);
  on_link_packets(link, packets, 0);
  if (!open && links_.count(fd)) close_link(fd);
}

void Worker::on_link_packets(const std::shared_ptr<TcpLink>& link, std::vector<std::string>& packets, size_t from) {
  for (size_t i = from; i < packets.size(); ++i) {
    if (!links_.count(link->fd())) return;
    auto* data = reinterpret_cast<uint8_t*>(packets[i].data());
    const size_t len = packets[i].size();
    if (link->viewer == 0) {
      // Pending: the link has no viewer yet; a check must name one.
      if (!on_pending_check(link, packets, i)) close_link(link->fd());
      return;
    }
    auto v = viewers_.find(link->viewer);
    if (v == viewers_.end()) return close_link(link->fd());
    Viewer& viewer = *v->second;
    if (rtp::classify(data, len) != rtp::Kind::kStun) {
      viewer.on_datagram(data, len, batch_, steady_us());
      continue;
    }
    if (rtp::is_binding_indication(data, len)) {
      viewer.on_keepalive(steady_us());
      continue;
    }
    engine_.counters().add(engine_.counters().stun_requests);
    const ViewerSetup& setup = viewer.setup();
    auto answer = stun_.answer(data, len, link->peer(), link->peer_len(),
                               [&setup](std::string_view local) -> const std::string* {
                                 return local == setup.local_ufrag ? &setup.local_pwd : nullptr;
                               });
    if (!answer) {
      engine_.counters().add(engine_.counters().stun_rejected);
      continue;
    }
    link->send(answer->response.data(), answer->response.size());
    viewer.on_tcp_stun(link.get(), answer->use_candidate, steady_us());
  }
}

// Worker 0: the first packet of a pending link. Returns false to close it.
bool Worker::on_pending_check(const std::shared_ptr<TcpLink>& link, std::vector<std::string>& packets, size_t at) {
  EngineCounters& c = engine_.counters();
  auto* data = reinterpret_cast<uint8_t*>(packets[at].data());
  const size_t len = packets[at].size();
  if (rtp::classify(data, len) != rtp::Kind::kStun) return false;
  c.add(c.stun_requests);
  const std::string_view ufrag = rtp::stun_local_ufrag(data, len);
  if (ufrag.empty() || !routes_.count(std::string(ufrag))) {
    c.add(c.stun_rejected);
    return false;
  }
  auto answer = stun_.answer(data, len, link->peer(), link->peer_len(), [this](std::string_view local) -> const std::string* {
    auto it = routes_.find(std::string(local));
    return it == routes_.end() ? nullptr : &it->second.pwd;
  });
  if (!answer) {
    c.add(c.stun_rejected);
    return false;
  }
  link->send(answer->response.data(), answer->response.size());
  if (!link->flush()) return false;
  const Route& route = routes_[answer->local_ufrag];
  std::vector<std::string> later(std::make_move_iterator(packets.begin() + static_cast<std::ptrdiff_t>(at) + 1),
                                 std::make_move_iterator(packets.end()));
  packets.resize(at + 1);
  --pending_links_;
  if (route.worker == index_) {
    adopt_link(link, route.viewer, answer->use_candidate, std::move(later));
    return true;
  }
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, link->fd(), nullptr);
  links_.erase(link->fd());
  Worker& owner = engine_.worker(route.worker);
  owner.post([&owner, link, viewer = route.viewer, use = answer->use_candidate, later = std::move(later)]() mutable {
    owner.adopt_link(std::move(link), viewer, use, std::move(later));
  });
  return true;
}

void Worker::adopt_link(std::shared_ptr<TcpLink> link, uint64_t viewer, bool use_candidate,
                        std::vector<std::string> later) {
  auto v = viewers_.find(viewer);
  if (v == viewers_.end()) {
    links_.erase(link->fd());  // the viewer left meanwhile; the link closes with its last owner
    return;
  }
  const bool here = links_.count(link->fd()) > 0;
  link->viewer = viewer;
  links_[link->fd()] = link;
  if (!here) watch(link->fd(), false, true);
  v->second->on_tcp_stun(link.get(), use_candidate, steady_us());
  on_link_packets(link, later, 0);
}

void Worker::close_link(int fd) {
  auto it = links_.find(fd);
  if (it == links_.end()) return;
  std::shared_ptr<TcpLink> link = std::move(it->second);
  links_.erase(it);
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  if (link->viewer == 0) {
    --pending_links_;
    return;
  }
  auto v = viewers_.find(link->viewer);
  if (v != viewers_.end()) v->second->on_tcp_closed(link.get());
}

void Worker::close_links_of(uint64_t viewer) {
  std::vector<int> fds;
  for (const auto& [fd, link] : links_)
    if (link->viewer == viewer) fds.push_back(fd);
  for (int fd : fds) close_link(fd);
}

void Worker::flush_links() {
  std::vector<int> broken;
  for (auto& [fd, link] : links_) {
    if (link->queued() == 0 && !link->watching_writes) continue;
    if (!link->flush()) {
      broken.push_back(fd);
      continue;
    }
    const bool want = link->queued() > 0;
    if (want != link->watching_writes) {
      link->watching_writes = want;
      watch(fd, want, false);
    }
  }
  for (int fd : broken) close_link(fd);
}

void Worker::expire_pending_links(int64_t now) {
  std::vector<int> stale;
  for (const auto& [fd, link] : links_)
    if (link->viewer == 0 && now - link->accepted_us() > kPendingTimeoutUs) stale.push_back(fd);
  for (int fd : stale) {
    engine_.counters().add(engine_.counters().tcp_refused);
    close_link(fd);
  }
}

}  // namespace ocop::webrtc::fanout
