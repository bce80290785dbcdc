#include "ingest/rtmp/chunk_writer.h"

#include <algorithm>

namespace ocop::rtmp {
namespace {

void put_be(std::string& out, uint32_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

constexpr uint32_t kExtendedTimestampMarker = 0xffffff;

}  // namespace

void append_basic_header(std::string& out, uint8_t fmt, uint32_t chunk_stream_id) {
  uint8_t high = static_cast<uint8_t>((fmt & 3) << 6);
  if (chunk_stream_id >= 2 && chunk_stream_id <= 63) {
    out.push_back(static_cast<char>(high | chunk_stream_id));
  } else if (chunk_stream_id >= 64 && chunk_stream_id <= 319) {
    out.push_back(static_cast<char>(high | 0));
    out.push_back(static_cast<char>(chunk_stream_id - 64));
  } else {
    uint32_t v = chunk_stream_id - 64;
    out.push_back(static_cast<char>(high | 1));
    out.push_back(static_cast<char>(v & 0xff));
    out.push_back(static_cast<char>((v >> 8) & 0xff));
  }
}

void append_chunk_header(std::string& out, uint8_t fmt, uint32_t chunk_stream_id, uint32_t timestamp_or_delta,
                         uint32_t length, uint8_t type_id, uint32_t stream_id, bool extended) {
  append_basic_header(out, fmt, chunk_stream_id);
  if (fmt <= 2) put_be(out, extended ? kExtendedTimestampMarker : timestamp_or_delta, 3);
  if (fmt <= 1) {
    put_be(out, length, 3);
    out.push_back(static_cast<char>(type_id));
  }
  if (fmt == 0) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((stream_id >> (8 * i)) & 0xff));  // little-endian
  }
  if (extended) put_be(out, timestamp_or_delta, 4);
}

void ChunkWriter::write(std::string& out, uint32_t chunk_stream_id, uint32_t timestamp, uint8_t type_id,
                        uint32_t stream_id, std::string_view payload) const {
  bool extended = timestamp >= kExtendedTimestampMarker;
  auto length = static_cast<uint32_t>(payload.size());
  append_chunk_header(out, 0, chunk_stream_id, timestamp, length, type_id, stream_id, extended);
  size_t pos = 0;
  for (;;) {
    size_t n = std::min<size_t>(chunk_size_, payload.size() - pos);
    out.append(payload.data() + pos, n);
    pos += n;
    if (pos >= payload.size()) break;
    // Continuations repeat the extended timestamp, as ffmpeg and librtmp expect.
    append_chunk_header(out, 3, chunk_stream_id, timestamp, 0, 0, 0, extended);
  }
}

}  // namespace ocop::rtmp
