#pragma once
// Splits outgoing RTMP messages into chunks (Adobe RTMP spec 1.0 §5.3).
// The server sends few, small messages, so every message starts with a fmt 0
// header and continues with fmt 3 ones: always correct, never ambiguous.
#include <cstdint>
#include <string>
#include <string_view>

namespace ocop::rtmp {

// Appends a basic header (§5.3.1.1), choosing the 1-, 2- or 3-byte form by id.
void append_basic_header(std::string& out, uint8_t fmt, uint32_t chunk_stream_id);

// Appends one chunk header of the given fmt (0-3): timestamp_or_delta is the
// absolute timestamp for fmt 0 and the delta for fmt 1/2; fields a fmt does
// not carry are ignored. extended says whether to append the 4-byte extended
// timestamp (fmt 0-2 do so when timestamp_or_delta >= 0xffffff; a fmt 3
// header repeats it when its chunk stream's last header had one).
void append_chunk_header(std::string& out, uint8_t fmt, uint32_t chunk_stream_id, uint32_t timestamp_or_delta,
                         uint32_t length, uint8_t type_id, uint32_t stream_id, bool extended);

class ChunkWriter {
 public:
  // Takes effect for the next message. Send Set Chunk Size first (§5.4.1).
  void set_chunk_size(uint32_t size) { chunk_size_ = size == 0 ? 1 : size; }
  uint32_t chunk_size() const { return chunk_size_; }

  void write(std::string& out, uint32_t chunk_stream_id, uint32_t timestamp, uint8_t type_id, uint32_t stream_id,
             std::string_view payload) const;

 private:
  uint32_t chunk_size_ = 128;  // §5.4.1 default
};

}  // namespace ocop::rtmp
