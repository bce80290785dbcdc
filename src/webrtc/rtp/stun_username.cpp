#include "webrtc/rtp/stun_username.h"

#include <algorithm>

namespace ocop::webrtc::rtp {
namespace {
constexpr uint16_t kUsername = 0x0006;
constexpr size_t kHeader = 20;
constexpr size_t kMaxUsername = 513;  // RFC 8489 §14.3: under 513 bytes


// Two leading zero bits and the magic cookie (RFC 8489 §5).
bool stun_header(const uint8_t* data, size_t len) {
  return len >= kHeader && (data[0] & 0xc0) == 0 && data[4] == 0x21 && data[5] == 0x12 && data[6] == 0xa4 &&
         data[7] == 0x42;
}
}  // namespace

bool is_binding_indication(const uint8_t* data, size_t len) {
  const size_t body = stun_header(data, len) ? ((static_cast<size_t>(data[2]) << 8) | data[3]) : 0;
  return stun_header(data, len) && data[0] == 0x00 && data[1] == 0x11 && body % 4 == 0 && kHeader + body <= len;
}

std::string_view stun_local_ufrag(const uint8_t* data, size_t len) {
  if (!stun_header(data, len)) return {};
  const size_t body = (static_cast<size_t>(data[2]) << 8) | data[3];
  const size_t end = std::min(len, kHeader + body);
  size_t at = kHeader;
  while (at + 4 <= end) {
    const uint16_t type = static_cast<uint16_t>((data[at] << 8) | data[at + 1]);
    const size_t alen = (static_cast<size_t>(data[at + 2]) << 8) | data[at + 3];
    if (alen > end - at - 4) return {};
    if (type == kUsername) {
      if (alen > kMaxUsername) return {};
      std::string_view name(reinterpret_cast<const char*>(data + at + 4), alen);
      const size_t colon = name.find(':');
      return colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
    }
    at += 4 + ((alen + 3) & ~size_t{3});
  }
  return {};
}

}  // namespace ocop::webrtc::rtp
