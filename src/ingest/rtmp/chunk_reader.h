#pragma once
// Reassembles RTMP messages from the chunk stream (Adobe RTMP spec 1.0 §5.3).
//
// Like OvenMediaEngine's RtmpChunkParser, partial input is a normal outcome
// (kNeedMoreData) and bad input an Error. Payload bytes are copied straight
// into the message being assembled, so unparsed input never exceeds one chunk
// header (at most 18 bytes) whatever chunk size the peer announced.
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "common/result.h"
#include "ingest/rtmp/message.h"

namespace ocop::rtmp {

struct ChunkReaderLimits {
  size_t max_message_size = 8u << 20;   // a header declaring more is an error
  size_t max_chunk_streams = 64;        // distinct chunk stream ids per connection
  size_t max_pending_bytes = 16u << 20;  // sum of all half-assembled messages
  uint32_t max_chunk_size = 1u << 24;   // accepted in Set Chunk Size
};

class ChunkReader {
 public:
  enum class Progress { kNeedMoreData, kMessage };

  explicit ChunkReader(ChunkReaderLimits limits = {});

  // Consumes bytes and stops right after the first complete message, so the
  // caller can act on it before the next chunk is parsed: Set Chunk Size
  // (§5.4.1) applies from the very next chunk. *used counts consumed bytes;
  // call again with the rest.
  Result<Progress> parse(const uint8_t* data, size_t size, size_t* used);
  // The message completed by the last kMessage outcome.
  Message take_message() { return std::move(ready_); }

  // §5.4.1: 1..2^31-1 by the spec; above limits.max_chunk_size is an error.
  Status set_chunk_size(uint32_t size);
  // §5.4.2 Abort Message: drop the partly received message on a chunk stream.
  void abort(uint32_t chunk_stream_id);

  uint32_t chunk_size() const { return chunk_size_; }
  size_t chunk_stream_count() const { return streams_.size(); }
  size_t pending_bytes() const { return pending_bytes_; }

 private:
  // Per chunk stream: the last message header (fmt 1-3 headers only carry
  // what changed) and the message being assembled.
  struct ChunkStream {
    uint32_t timestamp = 0;
    uint32_t delta = 0;  // what a fmt 3 header starting a new message adds
    uint32_t length = 0;
    uint8_t type_id = 0;
    uint32_t stream_id = 0;
    bool extended = false;  // last fmt 0-2 header used the extended timestamp
    bool in_message = false;
    std::string payload;
  };

  size_t header_needed() const;
  bool read_header(const uint8_t* data, size_t size, size_t* used);
  Status begin_chunk();
  bool finish_chunk();

  ChunkReaderLimits limits_;
  uint32_t chunk_size_ = kDefaultChunkSize;
  std::unordered_map<uint32_t, ChunkStream> streams_;
  size_t pending_bytes_ = 0;

  uint8_t header_[18] = {};  // 3 basic + 11 message header + 4 extended timestamp
  size_t header_len_ = 0;
  bool in_payload_ = false;
  ChunkStream* current_ = nullptr;  // node pointers survive rehashing
  uint32_t current_id_ = 0;
  size_t chunk_remaining_ = 0;
  Message ready_;
};

}  // namespace ocop::rtmp
