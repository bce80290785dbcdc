#include "ingest/rtmp/flv.h"

#include "ingest/rtmp/amf0.h"

namespace ocop::rtmp {
namespace {

void put_be(std::string& out, uint32_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint8_t byte_at(std::string_view s, size_t i) { return static_cast<uint8_t>(s[i]); }

int32_t si24(std::string_view s, size_t at) {
  uint32_t v = uint32_t{byte_at(s, at)} << 16 | uint32_t{byte_at(s, at + 1)} << 8 | byte_at(s, at + 2);
  // Sign-extend 24 -> 32 bits: composition times can be negative.
  return static_cast<int32_t>(v << 8) >> 8;
}

int legacy_video_codec(std::string_view fourcc) {
  if (fourcc == "avc1") return kVideoCodecAvc;
  if (fourcc == "hvc1") return kVideoCodecHevc;
  return 0;
}

// Enhanced RTMP v1 (veovera enhanced-rtmp): IsExHeader bit, frame type in
// bits 4-6, packet type in the low nibble, then a FourCC.
std::optional<VideoTagInfo> parse_enhanced_video(std::string_view body) {
  if (body.size() < 5) return std::nullopt;
  constexpr int kSequenceStart = 0, kCodedFrames = 1, kSequenceEnd = 2;
  VideoTagInfo info;
  int frame_type = (byte_at(body, 0) >> 4) & 0x07;
  int packet_type = byte_at(body, 0) & 0x0f;
  info.fourcc.assign(body.substr(1, 4));
  info.codec_id = legacy_video_codec(info.fourcc);
  info.keyframe = frame_type == 1;
  info.command_frame = frame_type == 5;
  info.sequence_header = packet_type == kSequenceStart;
  info.end_of_sequence = packet_type == kSequenceEnd;
  // Only avc1/hvc1 CodedFrames carry a composition time (CodedFramesX does not).
  if (packet_type == kCodedFrames && info.codec_id != 0) {
    if (body.size() < 8) return std::nullopt;
    info.composition_time_ms = si24(body, 5);
  }
  return info;
}

}  // namespace

uint8_t flv_tag_type(MediaKind kind) {
  switch (kind) {
    case MediaKind::kAudio:
      return 8;
    case MediaKind::kVideo:
      return 9;
    case MediaKind::kData:
      return 18;
  }
  return 18;
}

std::string flv_file_header(bool has_audio, bool has_video) {
  std::string out = "FLV";
  out.push_back(1);
  out.push_back(static_cast<char>((has_audio ? 0x04 : 0) | (has_video ? 0x01 : 0)));
  put_be(out, 9, 4);
  put_be(out, 0, 4);  // PreviousTagSize0
  return out;
}

std::string flv_tag(MediaKind kind, uint32_t timestamp_ms, std::string_view body) {
  std::string out;
  out.reserve(11 + body.size() + 4);
  out.push_back(static_cast<char>(flv_tag_type(kind)));
  put_be(out, static_cast<uint32_t>(body.size()) & 0xffffff, 3);
  put_be(out, timestamp_ms & 0xffffff, 3);
  out.push_back(static_cast<char>(timestamp_ms >> 24));  // TimestampExtended
  put_be(out, 0, 3);                                     // StreamID, always 0
  out.append(body);
  put_be(out, static_cast<uint32_t>(11 + body.size()), 4);
  return out;
}

std::optional<VideoTagInfo> parse_video_tag(std::string_view body) {
  if (body.empty()) return std::nullopt;
  if (byte_at(body, 0) & 0x80) return parse_enhanced_video(body);
  VideoTagInfo info;
  int frame_type = byte_at(body, 0) >> 4;
  info.codec_id = byte_at(body, 0) & 0x0f;
  info.keyframe = frame_type == 1;
  info.command_frame = frame_type == 5;
  if (info.codec_id == kVideoCodecAvc || info.codec_id == kVideoCodecHevc) {
    // E.4.3.1: AVCPacketType, then a signed 24-bit CompositionTime.
    if (body.size() < 5) return info.command_frame ? std::optional(info) : std::nullopt;
    uint8_t packet_type = byte_at(body, 1);
    info.sequence_header = packet_type == 0;
    info.end_of_sequence = packet_type == 2;
    if (packet_type == 1) info.composition_time_ms = si24(body, 2);
  }
  return info;
}

std::optional<AudioTagInfo> parse_audio_tag(std::string_view body) {
  if (body.empty()) return std::nullopt;
  constexpr int kRates[4] = {5512, 11025, 22050, 44100};
  AudioTagInfo info;
  uint8_t b0 = byte_at(body, 0);
  info.codec_id = b0 >> 4;
  if (info.codec_id == 9) {
    // Enhanced RTMP audio: packet type in the low nibble, then a FourCC.
    if (body.size() < 5) return std::nullopt;
    info.fourcc.assign(body.substr(1, 4));
    info.sequence_header = (b0 & 0x0f) == 0;
    return info;
  }
  info.rate_hz = kRates[(b0 >> 2) & 3];
  info.channels = (b0 & 1) ? 2 : 1;
  if (info.codec_id == kAudioCodecAac) {
    if (body.size() < 2) return std::nullopt;
    info.sequence_header = byte_at(body, 1) == 0;  // AACPacketType 0
  }
  return info;
}

Result<Metadata> parse_metadata(std::string_view body) {
  auto values = amf0::decode_all(body);
  if (!values) return values.error().wrap("onMetaData");
  size_t i = 0;
  auto& v = *values;
  if (i < v.size() && v[i].is_string() && v[i].string == "@setDataFrame") ++i;
  if (i >= v.size() || !v[i].is_string() || v[i].string != "onMetaData") {
    return make_error("invalid", "data message is not onMetaData");
  }
  ++i;
  if (i >= v.size() || !v[i].is_object_like()) return make_error("invalid", "onMetaData without an object");
  Metadata out;
  for (auto& p : v[i].properties) {
    switch (p.value.type) {
      case amf0::Value::Type::kNumber:
        out[p.key] = p.value.number;
        break;
      case amf0::Value::Type::kBoolean:
        out[p.key] = p.value.boolean;
        break;
      case amf0::Value::Type::kString:
        out[p.key] = std::move(p.value.string);
        break;
      default:
        break;  // nested objects, arrays, dates: not needed for the figures
    }
  }
  return out;
}

std::optional<double> metadata_number(const Metadata& m, std::string_view key) {
  auto it = m.find(key);
  if (it == m.end()) return std::nullopt;
  if (const double* d = std::get_if<double>(&it->second)) return *d;
  return std::nullopt;
}

std::optional<std::string> metadata_string(const Metadata& m, std::string_view key) {
  auto it = m.find(key);
  if (it == m.end()) return std::nullopt;
  if (const std::string* s = std::get_if<std::string>(&it->second)) return *s;
  return std::nullopt;
}

}  // namespace ocop::rtmp
