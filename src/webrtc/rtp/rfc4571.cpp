#include "webrtc/rtp/rfc4571.h"

namespace ocop::webrtc::rtp {

Rfc4571Deframer::Status Rfc4571Deframer::push(const uint8_t* data, size_t len, std::vector<std::string>& packets) {
  if (failed_) return Status::kTooLarge;
  buffer_.append(reinterpret_cast<const char*>(data), len);
  size_t at = 0;
  Status status = Status::kOk;
  while (buffer_.size() - at >= 2) {
    const size_t n = (static_cast<size_t>(static_cast<uint8_t>(buffer_[at])) << 8) |
                     static_cast<uint8_t>(buffer_[at + 1]);
    if (n == 0) {
      status = Status::kEmptyPacket;
      break;
    }
    if (n > kMaxPacket) {
      status = Status::kTooLarge;
      break;
    }
    if (buffer_.size() - at - 2 < n) break;
    packets.emplace_back(buffer_, at + 2, n);
    at += 2 + n;
  }
  if (status != Status::kOk) {
    failed_ = true;
    buffer_.clear();
    return status;
  }
  buffer_.erase(0, at);
  return Status::kOk;
}

std::string rfc4571_frame(const uint8_t* data, size_t len) {
  if (len == 0 || len > 0xffff) return {};
  std::string out;
  out.reserve(len + 2);
  out.push_back(static_cast<char>(len >> 8));
  out.push_back(static_cast<char>(len & 0xff));
  out.append(reinterpret_cast<const char*>(data), len);
  return out;
}

}  // namespace ocop::webrtc::rtp
