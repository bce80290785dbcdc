#pragma once
// RFC 4571 framing, as ICE-TCP (RFC 6544 §3) carries STUN, DTLS and SRTP:
// each packet is preceded by its length in two bytes, network order. The
// deframer takes a TCP stream in arbitrary pieces and gives whole packets.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ocop::webrtc::rtp {

class Rfc4571Deframer {
 public:
  // What the fan-out accepts from a viewer: a DTLS flight record or an SRTCP
  // compound; more is not something a receive-only peer sends.
  static constexpr size_t kMaxPacket = 4096;

  enum class Status { kOk, kTooLarge, kEmptyPacket };

  // Appends `len` bytes and moves every completed packet into `packets`.
  // After an error the stream is unusable (framing is lost): close it.
  Status push(const uint8_t* data, size_t len, std::vector<std::string>& packets);
  size_t buffered() const { return buffer_.size(); }

 private:
  std::string buffer_;
  bool failed_ = false;
};

// `packet` with its two-byte length in front; empty when it does not fit.
std::string rfc4571_frame(const uint8_t* data, size_t len);

}  // namespace ocop::webrtc::rtp
