#pragma once
// One of the fan-out engine's fixed pool of threads, each with its own
// epoll loop and its own share of viewers. Worker 0 also reads the shared
// UDP port and demultiplexes it: STUN by USERNAME (answered at once), the
// rest by the source address a check came from; datagrams of another
// worker's viewer are handed to that worker. Booth packets arrive once per
// worker and go to each of its viewers of that booth; sends leave in
// sendmmsg batches. Nothing here takes a lock shared across workers on the
// per-packet path: each worker's inbox has its own. With ICE-TCP, worker 0
// also accepts connections on the shared TCP port and hands each, once its
// first check names the viewer, to that viewer's worker (worker_tcp.cpp).
#include <sys/socket.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "webrtc/fanout/booth_feed.h"
#include "webrtc/fanout/send_batch.h"
#include "webrtc/fanout/tcp_link.h"
#include "webrtc/ice/stun_responder.h"
#include "webrtc/fanout/viewer.h"

namespace ocop::webrtc::fanout {

class Engine;

// Per booth, summed over one worker's viewers.
struct BoothFigures {
  int viewers = 0;
  int connected = 0;
  double loss_sum = 0, jitter_ms_sum = 0, rtt_ms_sum = 0;
  int rtt_count = 0;
};

class Worker {
 public:
  using Task = std::function<void()>;

  // `tcp_listen_fd`: worker 0's ICE-TCP listener, or -1.
  Worker(int index, Engine& engine, int udp_fd, int tcp_listen_fd = -1);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void start();
  void stop();  // joins; viewers still here are dropped silently

  // Any thread.
  void post(Task task);
  void post_packet(int64_t booth_id, PacketPtr packet);
  int index() const { return index_; }
  int viewers() const { return viewer_count_.load(std::memory_order_relaxed); }
  std::map<int64_t, BoothFigures> figures() const;

  // Worker thread (through post).
  void add_viewer(std::unique_ptr<Viewer> viewer);
  void remove_viewer(uint64_t id);
  void deliver(uint64_t id, std::vector<uint8_t> datagram);
  void stun_seen(uint64_t id, sockaddr_storage from, socklen_t from_len, bool use_candidate);
  void heard(uint64_t id);
  // An ICE-TCP link whose first check named `viewer`, with packets read after it.
  void adopt_link(std::shared_ptr<TcpLink> link, uint64_t viewer, bool use_candidate,
                  std::vector<std::string> later);
  // Worker 0 only: the demultiplexer's routes.
  void add_route(const std::string& ufrag, const std::string& pwd, int worker, uint64_t viewer);
  void remove_route(const std::string& ufrag);

 private:
  struct Route {
    std::string pwd;
    int worker = 0;
    uint64_t viewer = 0;
    std::vector<std::string> addresses;
  };
  struct AddressRoute {
    int worker = 0;
    uint64_t viewer = 0;
    std::string ufrag;
  };

  void run();
  void drain_inbox();
  void read_socket();
  void on_datagram(uint8_t* data, size_t len, const sockaddr_storage& from, socklen_t from_len);
  void on_keepalive(const sockaddr_storage& from, socklen_t from_len);
  // worker_tcp.cpp
  void watch(int fd, bool writes, bool add);
  void accept_links();
  void on_link_event(int fd, uint32_t events);
  void on_link_packets(const std::shared_ptr<TcpLink>& link, std::vector<std::string>& packets, size_t from);
  bool on_pending_check(const std::shared_ptr<TcpLink>& link, std::vector<std::string>& packets, size_t at);
  void close_link(int fd);
  void close_links_of(uint64_t viewer);
  void flush_links();
  void expire_pending_links(int64_t now);
  void tick(int64_t now_us);
  void end_viewer(uint64_t id, Viewer::End why);
  void publish_figures();

  // Passed by argument
  const int index_;
  Engine& engine_;
  const int udp_fd_;
  const int tcp_listen_fd_;

  // Allocated by this
  int epoll_fd_ = -1;
  int event_fd_ = -1;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> viewer_count_{0};

  std::mutex inbox_mutex_;
  std::vector<Task> tasks_;
  std::vector<std::pair<int64_t, PacketPtr>> packets_;

  // Worker thread only
  SendBatch batch_;
  std::unordered_map<uint64_t, std::unique_ptr<Viewer>> viewers_;
  std::unordered_map<int64_t, std::vector<Viewer*>> by_booth_;
  int64_t next_tick_us_ = 0;
  int64_t next_figures_us_ = 0;
  uint64_t reported_sent_ = 0, reported_bytes_ = 0, reported_errors_ = 0;
  // Worker 0's demultiplexer.
  ice::StunResponder stun_;
  std::unordered_map<std::string, Route> routes_;             // by our ufrag
  std::unordered_map<std::string, AddressRoute> addresses_;   // by the viewer's address
  // ICE-TCP links by fd: worker 0's pending ones, and this worker's viewers'.
  std::unordered_map<int, std::shared_ptr<TcpLink>> links_;
  size_t pending_links_ = 0;

  mutable std::mutex figures_mutex_;
  std::map<int64_t, BoothFigures> figures_;
};

}  // namespace ocop::webrtc::fanout
