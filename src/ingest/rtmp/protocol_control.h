#pragma once
// Payloads of protocol control (Adobe RTMP spec 1.0 §5.4) and user control
// (§6.2, §7.1.7) messages. All travel on chunk stream 2, message stream 0.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ingest/rtmp/message.h"

namespace ocop::rtmp {

// §5.4.5: how the peer should treat our Set Peer Bandwidth.
enum class PeerBandwidthLimit : uint8_t { kHard = 0, kSoft = 1, kDynamic = 2 };

std::string set_chunk_size_payload(uint32_t size);             // §5.4.1
std::string acknowledgement_payload(uint32_t sequence_number);  // §5.4.3
std::string window_ack_size_payload(uint32_t window);           // §5.4.4
std::string set_peer_bandwidth_payload(uint32_t window, PeerBandwidthLimit limit);  // §5.4.5
// Event type + 4-byte value (stream id for StreamBegin, timestamp for pings).
std::string user_control_payload(UserControlEvent event, uint32_t value);

// A received user control message. SetBufferLength carries a second value.
struct UserControl {
  uint16_t event = 0;
  uint32_t value = 0;
  uint32_t buffer_length_ms = 0;  // kSetBufferLength only
};
// nullopt when too short to hold an event type and its first value.
std::optional<UserControl> parse_user_control(std::string_view payload);

// Reads the 4-byte big-endian value the §5.4 messages start with.
std::optional<uint32_t> parse_u32(std::string_view payload);

}  // namespace ocop::rtmp
