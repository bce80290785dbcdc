// RTP header parsing and rewriting (RFC 3550 §5), port demultiplexing
// (RFC 7983 §7, RFC 5761 §4) and H.264 keyframe detection (RFC 6184 §5).
#include "webrtc/rtp/packet.h"

#include "common/byte_reader.h"

namespace ocop::webrtc::rtp {

namespace {

constexpr size_t kRtpFixedHeader = 12;
constexpr size_t kRtcpMinSize = 8;  // header + sender SSRC: the smallest RR
constexpr size_t kStunHeader = 20;
constexpr size_t kDtlsRecordHeader = 13;

void put_u16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}

void put_u32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

bool is_keyframe_nal(uint8_t nal_header) {
  const uint8_t type = nal_header & 0x1f;
  return type == 5 || type == 7;
}

}  // namespace

Kind classify(const uint8_t* data, size_t len) {
  if (data == nullptr || len < 2) return Kind::kUnknown;
  const uint8_t b0 = data[0];
  if (b0 <= 3) return len >= kStunHeader ? Kind::kStun : Kind::kUnknown;
  if (b0 >= 20 && b0 <= 63) return len >= kDtlsRecordHeader ? Kind::kDtls : Kind::kUnknown;
  if (b0 >= 128 && b0 <= 191) {
    // RFC 5761 §4: with rtcp-mux, a second byte of 192..223 is an RTCP
    // packet type (SR 200, RR 201, ...), which is why RTP payload types
    // 64..95 must not be used when the marker bit can be set.
    if (data[1] >= 192 && data[1] <= 223) return len >= kRtcpMinSize ? Kind::kRtcp : Kind::kUnknown;
    return len >= kRtpFixedHeader ? Kind::kRtp : Kind::kUnknown;
  }
  return Kind::kUnknown;  // ZRTP (16..19), TURN channels (64..79), unassigned
}

std::optional<RtpHeader> parse_rtp(const uint8_t* data, size_t len) {
  if (data == nullptr || len < kRtpFixedHeader) return std::nullopt;
  ByteReader r(data, len);
  uint8_t b0 = 0, b1 = 0;
  RtpHeader h;
  if (!r.u8(b0) || !r.u8(b1) || !r.u16be(h.seq) || !r.u32be(h.timestamp) || !r.u32be(h.ssrc)) return std::nullopt;
  if ((b0 >> 6) != 2) return std::nullopt;
  const bool padding = (b0 & 0x20) != 0;
  const bool extension = (b0 & 0x10) != 0;
  const size_t csrc_count = b0 & 0x0f;
  h.marker = (b1 & 0x80) != 0;
  h.payload_type = b1 & 0x7f;
  if (!r.skip(4 * csrc_count)) return std::nullopt;
  if (extension) {
    // RFC 3550 §5.3.1: 16-bit profile, 16-bit length in 32-bit words.
    uint16_t profile = 0, words = 0;
    if (!r.u16be(profile) || !r.u16be(words) || !r.skip(4 * size_t{words})) return std::nullopt;
  }
  h.header_size = r.position();
  size_t payload = r.remaining();
  if (padding) {
    // The last octet counts the padding including itself, so 0 is invalid.
    const size_t pad = data[len - 1];
    if (pad == 0 || pad > payload) return std::nullopt;
    payload -= pad;
  }
  h.payload_size = payload;
  return h;
}

void rewrite_rtp(uint8_t* data, uint8_t payload_type, uint16_t seq, uint32_t timestamp, uint32_t ssrc) {
  data[1] = static_cast<uint8_t>((data[1] & 0x80) | (payload_type & 0x7f));
  put_u16(data + 2, seq);
  put_u32(data + 4, timestamp);
  put_u32(data + 8, ssrc);
}

bool h264_keyframe_start(const uint8_t* payload, size_t len) {
  if (payload == nullptr || len < 1) return false;
  const uint8_t type = payload[0] & 0x1f;
  if (type >= 1 && type <= 23) return is_keyframe_nal(payload[0]);
  if (type == 24) {
    // STAP-A (RFC 6184 §5.7.1): 16-bit size, NAL unit, repeated. A size
    // that overruns the payload ends the scan: what follows is not trusted.
    ByteReader r(payload + 1, len - 1);
    uint16_t size = 0;
    while (r.u16be(size)) {
      if (size == 0 || r.remaining() < size) return false;
      if (is_keyframe_nal(*r.current())) return true;
      r.skip(size);
    }
    return false;
  }
  if (type == 28) {
    // FU-A (RFC 6184 §5.8): FU header S bit, then the original NAL type.
    return len >= 2 && (payload[1] & 0x80) != 0 && is_keyframe_nal(payload[1]);
  }
  return false;
}

}  // namespace ocop::webrtc::rtp
