#pragma once
// The fan-out engine: one UDP port (and one ICE-TCP port) for every viewer, a fixed pool of
// workers, one DTLS identity, and a BoothFeed per live booth. Created and
// driven on the control thread; workers report viewers that ended through
// the control loop.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/control_loop.h"
#include "common/result.h"
#include "webrtc/egress.h"
#include "webrtc/fanout/booth_feed.h"
#include "webrtc/fanout/dtls.h"
#include "webrtc/fanout/engine_counters.h"
#include "webrtc/fanout/viewer.h"
#include "webrtc/fanout/worker.h"

namespace ocop::webrtc::fanout {

struct EngineOptions {
  std::string bind_address = "0.0.0.0";
  int udp_port = 8189;  // 0: a free port
  int tcp_port = 0;     // ICE-TCP passive candidates on this port; 0: none
  int workers = 0;      // 0: one per core
  std::vector<std::string> ice_addresses;  // empty: this machine's addresses
  std::string public_ip;                   // 1:1 NAT, announced beside them
};

class Engine {
 public:
  using Ended = std::function<void(uint64_t viewer_id, ViewerEnd why)>;

  static Result<std::unique_ptr<Engine>> start(const EngineOptions& options, ControlLoop& loop);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Control thread.
  std::shared_ptr<BoothFeed> feed(int64_t booth_id);
  void drop_feed(int64_t booth_id);
  struct Added {
    uint64_t viewer_id = 0;
    std::string answer_sdp;
  };
  // Answers the offer and hands the viewer to a worker; `ended` runs on the
  // control thread if the viewer ends on its own (not after remove_viewer).
  Result<Added> add_viewer(int64_t booth_id, const ViewerRequest& request, Ended ended);
  void remove_viewer(uint64_t viewer_id);
  int udp_port() const { return udp_port_; }
  int tcp_port() const { return tcp_port_; }
  std::string metrics() const;
  // What viewers' receiver reports say, summed per booth (any thread).
  std::map<int64_t, BoothFigures> booth_figures() const;

  // Workers.
  Worker& worker(int index) { return *workers_[static_cast<size_t>(index)]; }
  EngineCounters& counters() { return counters_; }
  void viewer_ended(const ViewerSetup& setup, Viewer::End why);

 private:
  Engine(ControlLoop& loop) : loop_(loop) {}
  int pick_worker() const;

  struct ViewerRecord {
    int worker = 0;
    std::string ufrag;
    Ended ended;
  };

  // Passed by argument
  ControlLoop& loop_;

  // Allocated by this
  int udp_fd_ = -1;
  int udp_port_ = 0;
  int tcp_fd_ = -1;
  int tcp_port_ = 0;
  std::vector<std::string> candidate_addresses_;
  std::shared_ptr<const DtlsIdentity> identity_;
  EngineCounters counters_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::map<int64_t, std::shared_ptr<BoothFeed>> feeds_;  // control thread
  std::map<uint64_t, ViewerRecord> viewers_;             // control thread
  uint64_t next_viewer_id_ = 1;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace ocop::webrtc::fanout
