#pragma once
// The bound on a booth's ingest queue. When the media pipeline falls behind
// (a stalled element, a starved CPU) the FLV tags waiting for it would grow
// without end; past the bound, tags are dropped until the queue has drained
// to half and a video keyframe comes, so decoders restart cleanly. Codec
// configuration (sequence headers), metadata and the file header always
// pass: without them nothing after could be decoded. Pure: the caller gives
// the queue's level.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ocop::rtmp {

struct FlvTagKind {
  bool video = false;
  bool keyframe = false;  // a video keyframe
  bool config = false;    // codec configuration, metadata or the FLV file header: never dropped
};
// What an FLV unit (the file header, or one whole tag) holds.
FlvTagKind flv_tag_kind(std::string_view unit);

class FlvGate {
 public:
  explicit FlvGate(size_t max_bytes) : max_(max_bytes) {}
  // Whether to pass `unit` with `queued` bytes already waiting.
  bool admit(std::string_view unit, size_t queued);
  bool dropping() const { return dropping_; }
  uint64_t dropped_units() const { return dropped_units_; }
  uint64_t dropped_bytes() const { return dropped_bytes_; }
  uint64_t episodes() const { return episodes_; }  // times the bound was hit

 private:
  size_t max_;
  bool dropping_ = false;
  uint64_t dropped_units_ = 0, dropped_bytes_ = 0, episodes_ = 0;
};

}  // namespace ocop::rtmp
