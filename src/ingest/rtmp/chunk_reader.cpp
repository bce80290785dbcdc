#include "ingest/rtmp/chunk_reader.h"

#include <algorithm>
#include <cstring>

namespace ocop::rtmp {
namespace {

// Message header sizes by fmt, §5.3.1.2.1-4.
constexpr size_t kMessageHeaderSize[4] = {11, 7, 3, 0};
constexpr uint32_t kExtendedTimestampMarker = 0xffffff;
// Chunk payloads are appended as they arrive; reserving more than this up
// front would let a header alone make us allocate.
constexpr size_t kMaxInitialReserve = 64u << 10;

Error chunk_error(std::string message) { return make_error("rtmp_chunk", std::move(message)); }

size_t basic_header_size(uint8_t first) {
  switch (first & 0x3f) {
    case 0:
      return 2;
    case 1:
      return 3;
    default:
      return 1;
  }
}

uint32_t chunk_stream_id(const uint8_t* h) {
  switch (h[0] & 0x3f) {
    case 0:
      return 64u + h[1];
    case 1:
      return 64u + h[1] + 256u * h[2];  // §5.3.1.1: third byte * 256 + second byte + 64
    default:
      return h[0] & 0x3fu;
  }
}

uint32_t be24(const uint8_t* p) { return uint32_t{p[0]} << 16 | uint32_t{p[1]} << 8 | p[2]; }
uint32_t be32(const uint8_t* p) { return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3]; }
uint32_t le32(const uint8_t* p) { return uint32_t{p[3]} << 24 | uint32_t{p[2]} << 16 | uint32_t{p[1]} << 8 | p[0]; }

}  // namespace

ChunkReader::ChunkReader(ChunkReaderLimits limits) : limits_(limits) {}

Status ChunkReader::set_chunk_size(uint32_t size) {
  // §5.4.1: 1..2^31-1, the top bit must be zero, and every size above
  // 2^24-1 is equivalent because no message is longer than that. Payloads
  // are streamed, so the cap bounds nothing in memory: it only rejects
  // nonsense (see SessionLimits::max_peer_chunk_size).
  if (size & 0x80000000u) return chunk_error("Set Chunk Size with the reserved top bit set");
  if (size == 0) return chunk_error("Set Chunk Size 0");
  if (size > limits_.max_chunk_size) {
    return chunk_error("Set Chunk Size " + std::to_string(size) + " above the cap " +
                       std::to_string(limits_.max_chunk_size));
  }
  chunk_size_ = size;
  return {};
}

void ChunkReader::abort(uint32_t chunk_stream_id) {
  auto it = streams_.find(chunk_stream_id);
  if (it == streams_.end() || !it->second.in_message) return;
  // An abort can only arrive between messages (we parse it as a whole
  // message), so it never cuts the chunk we are reading.
  pending_bytes_ -= it->second.payload.size();
  it->second.payload = std::string{};
  it->second.in_message = false;
}

size_t ChunkReader::header_needed() const {
  if (header_len_ < 1) return 1;
  uint8_t fmt = header_[0] >> 6;
  size_t basic = basic_header_size(header_[0]);
  size_t fixed = basic + kMessageHeaderSize[fmt];
  if (header_len_ < fixed) return fixed;
  bool extended = false;
  if (fmt < 3) {
    extended = be24(header_ + basic) == kExtendedTimestampMarker;
  } else {
    // §5.3.1.3: a fmt 3 header repeats the extended timestamp when the last
    // fmt 0-2 header of its chunk stream had one (ffmpeg and librtmp do so on
    // every continuation chunk too).
    auto it = streams_.find(chunk_stream_id(header_));
    extended = it != streams_.end() && it->second.extended;
  }
  return fixed + (extended ? 4 : 0);
}

bool ChunkReader::read_header(const uint8_t* data, size_t size, size_t* used) {
  *used = 0;
  for (;;) {
    size_t need = header_needed();
    if (header_len_ >= need) return true;
    size_t take = std::min(need - header_len_, size - *used);
    if (take == 0) return false;
    std::memcpy(header_ + header_len_, data + *used, take);
    header_len_ += take;
    *used += take;
  }
}

Status ChunkReader::begin_chunk() {
  const uint8_t* h = header_;
  uint8_t fmt = h[0] >> 6;
  uint32_t id = chunk_stream_id(h);
  size_t basic = basic_header_size(h[0]);
  const uint8_t* mh = h + basic;
  const uint8_t* ext = mh + kMessageHeaderSize[fmt];

  auto it = streams_.find(id);
  if (it == streams_.end()) {
    if (fmt != 0) {
      // §5.3.1.2.1: type 0 "MUST be used at the start of a chunk stream".
      return chunk_error("chunk stream " + std::to_string(id) + " starts with fmt " + std::to_string(fmt));
    }
    if (streams_.size() >= limits_.max_chunk_streams) {
      return chunk_error("more than " + std::to_string(limits_.max_chunk_streams) + " chunk streams");
    }
    it = streams_.emplace(id, ChunkStream{}).first;
  }
  ChunkStream& cs = it->second;

  if (fmt < 3 && cs.in_message) {
    return chunk_error("chunk stream " + std::to_string(id) + ": new message header before the previous message ended");
  }
  if (fmt < 3) {
    uint32_t field = be24(mh);
    cs.extended = field == kExtendedTimestampMarker;
    uint32_t value = cs.extended ? be32(ext) : field;
    if (fmt <= 1) {
      cs.length = be24(mh + 3);
      cs.type_id = mh[6];
      if (cs.length > limits_.max_message_size) {
        return chunk_error("message of " + std::to_string(cs.length) + " bytes exceeds the limit of " +
                           std::to_string(limits_.max_message_size));
      }
    }
    if (fmt == 0) {
      cs.stream_id = le32(mh + 7);  // §5.3.1.2.1: little-endian, unlike everything else
      cs.timestamp = value;
      // §5.3.1.2.4: a fmt 3 chunk after a fmt 0 one uses the fmt 0 timestamp as its delta.
      cs.delta = value;
    } else {
      cs.delta = value;
      cs.timestamp += value;  // 32-bit wrap-around is intended (§5.1.1)
    }
  } else if (!cs.in_message) {
    // fmt 3 starting a new message: same header, timestamp advances by the
    // previous delta (or by the repeated extended value, as ffmpeg reads it).
    cs.timestamp += cs.extended ? be32(ext) : cs.delta;
  }

  if (!cs.in_message) {
    cs.in_message = true;
    cs.payload.clear();
    cs.payload.reserve(std::min<size_t>(cs.length, kMaxInitialReserve));
  }
  current_ = &cs;
  current_id_ = id;
  chunk_remaining_ = std::min<size_t>(chunk_size_, cs.length - cs.payload.size());
  if (pending_bytes_ + chunk_remaining_ > limits_.max_pending_bytes) {
    return chunk_error("half-assembled messages exceed " + std::to_string(limits_.max_pending_bytes) + " bytes");
  }
  return {};
}

// Returns true when the current message is complete.
bool ChunkReader::finish_chunk() {
  ChunkStream& cs = *current_;
  in_payload_ = false;
  header_len_ = 0;
  if (cs.payload.size() < cs.length) return false;
  pending_bytes_ -= cs.payload.size();
  cs.in_message = false;
  ready_.chunk_stream_id = current_id_;
  ready_.timestamp = cs.timestamp;
  ready_.type_id = cs.type_id;
  ready_.stream_id = cs.stream_id;
  ready_.payload = std::move(cs.payload);
  cs.payload = std::string{};
  return true;
}

Result<ChunkReader::Progress> ChunkReader::parse(const uint8_t* data, size_t size, size_t* used) {
  *used = 0;
  while (*used < size) {
    if (!in_payload_) {
      size_t n = 0;
      bool complete = read_header(data + *used, size - *used, &n);
      *used += n;
      if (!complete) return Progress::kNeedMoreData;
      if (auto s = begin_chunk(); !s) return s.error();
      in_payload_ = true;
      if (chunk_remaining_ == 0 && finish_chunk()) return Progress::kMessage;  // zero-length message
      continue;
    }
    size_t take = std::min(chunk_remaining_, size - *used);
    current_->payload.append(reinterpret_cast<const char*>(data + *used), take);
    pending_bytes_ += take;
    chunk_remaining_ -= take;
    *used += take;
    if (chunk_remaining_ == 0 && finish_chunk()) return Progress::kMessage;
  }
  return Progress::kNeedMoreData;
}

}  // namespace ocop::rtmp
