#pragma once
// Counters every worker adds to; read by the control thread for /metrics.
#include <atomic>
#include <cstdint>

namespace ocop::webrtc::fanout {

struct EngineCounters {
  std::atomic<uint64_t> packets_sent{0};
  std::atomic<uint64_t> bytes_sent{0};
  std::atomic<uint64_t> send_errors{0};
  std::atomic<uint64_t> nacks_received{0};     // sequence numbers asked for
  std::atomic<uint64_t> retransmissions{0};    // of those, found and sent again
  std::atomic<uint64_t> keyframe_requests{0};  // PLI and FIR
  std::atomic<uint64_t> stun_requests{0};
  std::atomic<uint64_t> stun_rejected{0};      // unknown user or bad integrity
  std::atomic<uint64_t> dtls_failures{0};
  std::atomic<uint64_t> srtcp_failures{0};
  std::atomic<uint64_t> unknown_datagrams{0};  // from an address no viewer owns
  std::atomic<uint64_t> tcp_accepted{0};       // ICE-TCP connections
  std::atomic<uint64_t> tcp_refused{0};        // over a limit, or never proved by a check
  std::atomic<uint64_t> tcp_dropped{0};        // packets for a full ICE-TCP queue
  std::atomic<uint64_t> congestion_skips{0};   // a viewer skipped to the next keyframe

  void add(std::atomic<uint64_t>& c, uint64_t n = 1) { c.fetch_add(n, std::memory_order_relaxed); }
};

}  // namespace ocop::webrtc::fanout
