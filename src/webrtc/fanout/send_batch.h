#pragma once
// Outgoing datagrams of one worker, written in place and sent together with
// sendmmsg(2): one system call for up to kSlots packets instead of one each.
// Worker thread only.
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <cstddef>

namespace ocop::webrtc::fanout {

class SendBatch {
 public:
  static constexpr size_t kSlots = 64;
  static constexpr size_t kSlotBytes = 1600;  // an MTU-sized packet plus the SRTP trailer

  explicit SendBatch(int fd) : fd_(fd) {}
  // Room for the next datagram; commit() it or leave it unused.
  uint8_t* slot() { return buffers_[count_].data(); }
  void commit(size_t len, const sockaddr_storage& to, socklen_t to_len);
  void flush();

  uint64_t packets_sent() const { return sent_; }
  uint64_t bytes_sent() const { return bytes_; }
  uint64_t send_errors() const { return errors_; }

 private:
  int fd_;
  size_t count_ = 0;
  std::array<std::array<uint8_t, kSlotBytes>, kSlots> buffers_{};
  std::array<size_t, kSlots> lengths_{};
  std::array<sockaddr_storage, kSlots> to_{};
  std::array<socklen_t, kSlots> to_len_{};
  uint64_t sent_ = 0, bytes_ = 0, errors_ = 0;
};

}  // namespace ocop::webrtc::fanout
