#pragma once
// An RTMP message as reassembled from chunks (Adobe RTMP spec 1.0 §6.1).
#include <cstdint>
#include <string>

namespace ocop::rtmp {

// Message type ids: protocol control (§5.4), user control (§6.2), and the
// command/data/media messages of §7.1.
enum class MessageType : uint8_t {
  kSetChunkSize = 1,
  kAbort = 2,
  kAcknowledgement = 3,
  kUserControl = 4,
  kWindowAckSize = 5,
  kSetPeerBandwidth = 6,
  kAudio = 8,
  kVideo = 9,
  kDataAmf3 = 15,
  kSharedObjectAmf3 = 16,
  kCommandAmf3 = 17,
  kDataAmf0 = 18,
  kSharedObjectAmf0 = 19,
  kCommandAmf0 = 20,
  kAggregate = 22,
};

// User control event types (§6.2, §7.1.7).
enum class UserControlEvent : uint16_t {
  kStreamBegin = 0,
  kStreamEof = 1,
  kStreamDry = 2,
  kSetBufferLength = 3,
  kStreamIsRecorded = 4,
  kPingRequest = 6,
  kPingResponse = 7,
};

// Chunk stream ids: 0 and 1 only select the 2- and 3-byte basic header
// forms (§5.3.1.1); 2 is reserved for protocol control messages (§5.4).
inline constexpr uint32_t kMinChunkStreamId = 2;
inline constexpr uint32_t kMaxChunkStreamId = 65599;
inline constexpr uint32_t kControlChunkStreamId = 2;
inline constexpr uint32_t kDefaultChunkSize = 128;  // §5.4.1: until Set Chunk Size says otherwise

struct Message {
  uint32_t chunk_stream_id = 0;
  uint32_t timestamp = 0;  // ms, 32-bit and wrapping (§5.1.1)
  uint8_t type_id = 0;     // a MessageType, kept raw: unknown types are legal
  uint32_t stream_id = 0;  // message stream id
  std::string payload;
};

}  // namespace ocop::rtmp
