#include "ingest/rtmp/protocol_control.h"

namespace ocop::rtmp {
namespace {

void put_u32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

uint32_t get_u32(std::string_view p, size_t at) {
  auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(p[at + i])); };
  return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}

std::string u32_payload(uint32_t v) {
  std::string out;
  put_u32(out, v);
  return out;
}

}  // namespace

std::string set_chunk_size_payload(uint32_t size) { return u32_payload(size & 0x7fffffffu); }
std::string acknowledgement_payload(uint32_t sequence_number) { return u32_payload(sequence_number); }
std::string window_ack_size_payload(uint32_t window) { return u32_payload(window); }

std::string set_peer_bandwidth_payload(uint32_t window, PeerBandwidthLimit limit) {
  std::string out = u32_payload(window);
  out.push_back(static_cast<char>(limit));
  return out;
}

std::string user_control_payload(UserControlEvent event, uint32_t value) {
  auto type = static_cast<uint16_t>(event);
  std::string out;
  out.push_back(static_cast<char>(type >> 8));
  out.push_back(static_cast<char>(type & 0xff));
  put_u32(out, value);
  return out;
}

std::optional<UserControl> parse_user_control(std::string_view payload) {
  if (payload.size() < 6) return std::nullopt;
  UserControl uc;
  uc.event = static_cast<uint16_t>(static_cast<uint8_t>(payload[0]) << 8 | static_cast<uint8_t>(payload[1]));
  uc.value = get_u32(payload, 2);
  if (uc.event == static_cast<uint16_t>(UserControlEvent::kSetBufferLength) && payload.size() >= 10) {
    uc.buffer_length_ms = get_u32(payload, 6);
  }
  return uc;
}

std::optional<uint32_t> parse_u32(std::string_view payload) {
  if (payload.size() < 4) return std::nullopt;
  return get_u32(payload, 0);
}

}  // namespace ocop::rtmp
