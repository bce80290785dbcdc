#pragma once
// FLV framing of RTMP media (Adobe FLV spec v10.1, Annex E): an RTMP audio,
// video or data message body is exactly an FLV tag body, so the ingest can
// hand whole FLV tags to `appsrc ! flvdemux` (DESIGN.md §2). Also small pure
// inspectors of tag bodies for the ingest figures (codec, keyframes,
// B-frames via composition time, onMetaData).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "common/result.h"

namespace ocop::rtmp {

enum class MediaKind { kAudio, kVideo, kData };

// FLV tag types (Annex E.4.1), equal to the RTMP message type ids.
uint8_t flv_tag_type(MediaKind kind);

// "FLV", version 1, the audio/video flags, header size 9, then
// PreviousTagSize0 (0): 13 bytes.
std::string flv_file_header(bool has_audio, bool has_video);
// 11-byte tag header + body + PreviousTagSize (11 + body size). FLV keeps the
// timestamp's upper 8 bits in TimestampExtended, so full 32-bit RTMP
// timestamps survive. body must be shorter than 16 MiB (the 24-bit DataSize);
// RTMP message lengths are 24-bit, so any message body qualifies.
std::string flv_tag(MediaKind kind, uint32_t timestamp_ms, std::string_view body);

// Codec ids of FLV VIDEODATA (E.4.3.1); 12 is the widespread HEVC extension.
inline constexpr int kVideoCodecAvc = 7;
inline constexpr int kVideoCodecHevc = 12;
// Sound formats of FLV AUDIODATA (E.4.2.1); 9 is Enhanced RTMP's ExHeader.
inline constexpr int kAudioCodecMp3 = 2;
inline constexpr int kAudioCodecAac = 10;

struct VideoTagInfo {
  bool keyframe = false;
  bool sequence_header = false;   // AVC/HEVC decoder configuration record
  bool end_of_sequence = false;
  int32_t composition_time_ms = 0;  // != 0 means B-frames reorder (DESIGN.md "Media rules")
  int codec_id = 0;               // legacy codec id; for Enhanced RTMP mapped from fourcc when known, else 0
  std::string fourcc;             // Enhanced RTMP only ("avc1", "hvc1", "av01", ...)
  bool command_frame = false;     // frame type 5: video info/command, no picture
};
// nullopt when the body is too short for the header its codec needs.
std::optional<VideoTagInfo> parse_video_tag(std::string_view body);

struct AudioTagInfo {
  int codec_id = 0;              // SoundFormat; 10 = AAC
  bool sequence_header = false;  // AudioSpecificConfig (AAC) / Enhanced RTMP SequenceStart
  int rate_hz = 0;               // from the FLV header; AAC's real rate lives in its config
  int channels = 0;              // 1 or 2, same caveat
  std::string fourcc;            // Enhanced RTMP audio (SoundFormat 9) only
};
std::optional<AudioTagInfo> parse_audio_tag(std::string_view body);

// The scalar top-level entries of onMetaData (width, height, framerate,
// videodatarate, videocodecid, audiocodecid, encoder, ...). Nested values are
// skipped. Accepts a body that starts with "onMetaData" (as MediaEvent
// delivers it) or with "@setDataFrame", "onMetaData".
using MetadataValue = std::variant<double, bool, std::string>;
using Metadata = std::map<std::string, MetadataValue, std::less<>>;
Result<Metadata> parse_metadata(std::string_view body);
std::optional<double> metadata_number(const Metadata& m, std::string_view key);
std::optional<std::string> metadata_string(const Metadata& m, std::string_view key);

}  // namespace ocop::rtmp
