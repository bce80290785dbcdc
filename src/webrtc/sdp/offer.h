#pragma once
// What a browser POSTs to /whep/booths/{id}: a WHEP SDP offer
// (draft-ietf-wish-whep; built by JSEP, RFC 9429 §5.2), read by a small pure
// parser of RFC 8866 lines; the codec choice we answer with; and the munging
// webrtcbin's answers need.
// No GStreamer here: the HTTP layer validates an offer with parse_offer and
// choose_codecs before any pipeline work, and the same code is fuzzed.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace ocop::webrtc::sdp {

// One payload type of an m-section.
struct Codec {
  int payload_type = 0;  // 0..127
  std::string encoding;  // as in a=rtpmap, e.g. "H264", "opus" (original case); empty without a=rtpmap
  int clock_rate = 0;
  int channels = 0;  // audio, 0 when absent
  std::vector<std::pair<std::string, std::string>> fmtp;  // a=fmtp params in order, e.g. {"packetization-mode","1"}
  std::vector<std::string> rtcp_fb;  // a=rtcp-fb values for this pt, e.g. "nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"
  std::optional<int> rtx_for;        // set when this pt is "rtx" with apt=N (RFC 4588 §8)

  // The first value of `key`, compared case-insensitively (RFC 6838 §4.3);
  // "" when absent.
  std::string fmtp_value(std::string_view key) const;
};

struct MediaSection {
  std::string kind;       // "video" | "audio" | other ("application" for data channels)
  std::string mid;        // a=mid, may be empty
  std::string direction;  // "recvonly" | "sendrecv" | "sendonly" | "inactive" (default sendrecv)
  bool rejected = false;  // port 0 without a=bundle-only (RFC 8843 §6)
  std::string proto;      // as on the m= line, e.g. "UDP/TLS/RTP/SAVPF"
  std::vector<std::string> formats;  // the m= line's formats, echoed when the section is rejected
  std::vector<Codec> codecs;  // in m-line order; empty for non-RTP sections
};

struct Offer {
  std::vector<MediaSection> media;
  bool bundle = false;    // a=group:BUNDLE present
  std::string ice_ufrag;  // session- or media-level (first seen)
  std::string ice_pwd;    // likewise
  bool has_fingerprint = false;
  std::string fingerprint;  // first a=fingerprint value, e.g. "sha-256 AB:CD:..."
};

struct Limits {
  size_t max_bytes = 64 * 1024;
  size_t max_lines = 2000;
  size_t max_media = 16;
  size_t max_codecs_per_media = 64;
  size_t max_line_length = 4096;
};

// Errors have code "invalid" and a message a client can read, e.g.
// "no media sections", "line 3: ...", "offer larger than 64 KiB".
// Accepts CRLF and bare LF line endings. Must start with "v=0". Ignores
// unknown lines and attributes; refuses what would make the offer ambiguous
// (a second rtpmap, fmtp or direction for the same thing) and control bytes,
// since the text is later handed to C parsers.
Result<Offer> parse_offer(std::string_view text, const Limits& limits = {});

// What we will send to one viewer. The pointers point into the Offer given
// to choose_codecs: keep that Offer alive and unmoved while using them.
struct Choice {
  int video_pt = -1;  // -1: the offer has no usable video section (offered H.264 needed)
  int audio_pt = -1;  // -1: no usable Opus
  std::string video_mid, audio_mid;
  int video_index = -1, audio_index = -1;  // their sections in Offer::media
  const Codec* video = nullptr;
  const Codec* audio = nullptr;
};

// Picks H.264 with packetization-mode=1, preferring profile-level-id 42e01f,
// then any 42e0xx, then 42xxxx, then any other H.264 with
// packetization-mode=1 (Chrome 156 offers 42001f, 42e01f, 4d001f, f4001f);
// never an rtx pt. Picks opus/48000/2 for audio. Only sections whose
// direction lets us send (recvonly or sendrecv) and not rejected.
// Errors ("invalid"): "no media sections"; "offer has no H.264 video
// (packetization-mode=1)" when a section we could send video to has no
// usable H.264; "offer has nothing we can send ..." when neither video nor
// audio is usable. Audio-only and video-only offers are fine.
Result<Choice> choose_codecs(const Offer& offer);

// Answer munging (webrtcbin quirks), pure string in, string out, line
// endings preserved. In every m-section where payload type `pt` has an
// a=fmtp line, that line gets key=value: appended as ";key=value" when the
// key is missing, its value replaced when it differs. Where the section has
// no a=fmtp for pt but has its a=rtpmap, "a=fmtp:<pt> key=value" is inserted
// right after the rtpmap line. Returns the input unchanged when pt is not
// 0..127 or key/value could break the line (empty key, spaces, ";", "=" in
// the key, control bytes).
std::string ensure_fmtp_param(std::string_view sdp, int pt, std::string_view key, std::string_view value);

// Removes duplicate parameters inside each a=fmtp line (webrtcbin writes
// level-asymmetry-allowed=1 twice), keeping the first of each key (compared
// case-insensitively). Lines without duplicates are left byte for byte.
std::string dedupe_fmtp_params(std::string_view sdp);

}  // namespace ocop::webrtc::sdp
