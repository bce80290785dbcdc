#include "webrtc/fanout/tcp_link.h"

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace ocop::webrtc::fanout {
namespace {
constexpr size_t kReadChunk = 16 * 1024;
constexpr int kReadRounds = 4;  // a busy link cannot starve the worker's other work
}  // namespace

TcpLink::TcpLink(int fd, const sockaddr_storage& peer, socklen_t peer_len, int64_t now_us)
    : fd_(fd), peer_(peer), peer_len_(peer_len), accepted_us_(now_us) {}

TcpLink::~TcpLink() {
  if (fd_ >= 0) close(fd_);
}

bool TcpLink::read(std::vector<std::string>& packets) {
  std::array<uint8_t, kReadChunk> buf;
  for (int round = 0; round < kReadRounds; ++round) {
    const ssize_t n = recv(fd_, buf.data(), buf.size(), MSG_DONTWAIT);
    if (n == 0) return false;
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    if (deframer_.push(buf.data(), static_cast<size_t>(n), packets) != rtp::Rfc4571Deframer::Status::kOk) return false;
    if (static_cast<size_t>(n) < buf.size()) return true;
  }
  return true;
}

bool TcpLink::send(const uint8_t* data, size_t len) {
  if (len == 0 || len > 0xffff || queued() + len + 2 > kMaxQueued) return false;
  if (out_at_ > 0 && out_at_ >= out_.size() / 2) {
    out_.erase(0, out_at_);
    out_at_ = 0;
  }
  out_.push_back(static_cast<char>(len >> 8));
  out_.push_back(static_cast<char>(len & 0xff));
  out_.append(reinterpret_cast<const char*>(data), len);
  return true;
}

bool TcpLink::flush() {
  while (out_at_ < out_.size()) {
    const ssize_t n = ::send(fd_, out_.data() + out_at_, out_.size() - out_at_, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    out_at_ += static_cast<size_t>(n);
  }
  out_.clear();
  out_at_ = 0;
  return true;
}

}  // namespace ocop::webrtc::fanout
