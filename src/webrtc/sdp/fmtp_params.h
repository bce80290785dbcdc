#pragma once
// The parameter list of an a=fmtp line. RFC 8866 §6.15 leaves its format to
// each codec; H.264 (RFC 6184 §8.2.1), Opus (RFC 7587 §7) and rtx (RFC 4588
// §8.6) all use "key=value" separated by ";", the media type parameter
// syntax of RFC 4855 §3. Some codecs put a bare value there (red: "111/111",
// telephone-event: "0-15"): such a piece has the whole text as key and an
// empty value.
#include <string_view>
#include <vector>

namespace ocop::webrtc::sdp::detail {

struct FmtpParam {
  std::string_view raw;    // the piece between ";" as written, spaces included
  std::string_view key;    // trimmed text before the first "="; empty for a blank piece
  std::string_view value;  // trimmed text after it
};

// Every piece, blank ones included, so a caller can rebuild the list.
std::vector<FmtpParam> split_fmtp_params(std::string_view params);

}  // namespace ocop::webrtc::sdp::detail
