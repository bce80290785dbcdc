#pragma once
// One ICE-TCP connection (RFC 6544, passive side): a non-blocking socket,
// its RFC 4571 deframer, and what waits to be written. A link is pending
// until its first connectivity check proves which viewer it carries; then
// the viewer's worker owns it. Worker thread only.
#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <vector>

#include "webrtc/rtp/rfc4571.h"

namespace ocop::webrtc::fanout {

class TcpLink {
 public:
  // What may wait to be written. Over kCongested, video skips to the next
  // keyframe; over kMaxQueued, packets are dropped.
  static constexpr size_t kCongested = 256 * 1024;
  static constexpr size_t kMaxQueued = 1024 * 1024;

  TcpLink(int fd, const sockaddr_storage& peer, socklen_t peer_len, int64_t now_us);
  ~TcpLink();
  TcpLink(const TcpLink&) = delete;
  TcpLink& operator=(const TcpLink&) = delete;

  int fd() const { return fd_; }
  const sockaddr_storage& peer() const { return peer_; }
  socklen_t peer_len() const { return peer_len_; }
  int64_t accepted_us() const { return accepted_us_; }

  // Reads what the socket holds (bounded); false when the peer closed, the
  // socket failed or the framing broke.
  bool read(std::vector<std::string>& packets);
  // Frames and queues one packet; false (dropped) when the queue is full.
  bool send(const uint8_t* data, size_t len);
  // Writes what is queued; false on a socket error.
  bool flush();
  size_t queued() const { return out_.size() - out_at_; }
  bool congested() const { return queued() > kCongested; }

  uint64_t viewer = 0;  // 0 while pending
  bool watching_writes = false;

 private:
  int fd_;
  sockaddr_storage peer_{};
  socklen_t peer_len_ = 0;
  int64_t accepted_us_;
  rtp::Rfc4571Deframer deframer_;
  std::string out_;
  size_t out_at_ = 0;
};

}  // namespace ocop::webrtc::fanout
