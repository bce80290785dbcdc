#pragma once
// RTP as the fan-out engine sees it: what a datagram on the shared WebRTC
// port is, the fixed header of an (already decrypted) RTP packet, the header
// rewrite each viewer needs, and whether an H.264 payload starts a keyframe.
// Bytes in, values out: no sockets, no threads, no GStreamer.
#include <cstddef>
#include <cstdint>
#include <optional>

namespace ocop::webrtc::rtp {

// What a datagram on a shared WebRTC port is: demultiplexed by its first
// byte (RFC 7983 §7), RTCP told from RTP by the second (RFC 5761 §4).
enum class Kind { kStun, kDtls, kRtp, kRtcp, kUnknown };

// Too short for its kind (< 2 bytes, RTP < 12, RTCP < 8, STUN < 20,
// DTLS < 13) or in a range we do not serve (ZRTP, TURN channels) -> kUnknown.
Kind classify(const uint8_t* data, size_t len);

struct RtpHeader {
  uint8_t payload_type = 0;
  bool marker = false;
  uint16_t seq = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
  size_t header_size = 0;   // fixed header + CSRCs + extension
  size_t payload_size = 0;  // without padding

  bool operator==(const RtpHeader&) const = default;
};

// Validates version 2, CSRC count, extension length and padding against len
// (RFC 3550 §5.1, §5.3.1). nullopt on bad input.
std::optional<RtpHeader> parse_rtp(const uint8_t* data, size_t len);

// In place: payload type (the marker bit is kept), sequence number,
// timestamp, SSRC. `data` must hold a valid RTP header (>= 12 bytes).
void rewrite_rtp(uint8_t* data, uint8_t payload_type, uint16_t seq, uint32_t timestamp, uint32_t ssrc);

// RFC 6184: does this H.264 RTP payload begin a keyframe: a single NAL unit
// of type 7 (SPS) or 5 (IDR), a STAP-A (24) containing a type 7 or 5 NAL, or
// an FU-A (28) with the start bit whose NAL type is 5 or 7.
bool h264_keyframe_start(const uint8_t* payload, size_t len);

}  // namespace ocop::webrtc::rtp
