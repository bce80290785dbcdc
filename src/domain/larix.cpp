#include "domain/larix.h"

namespace ocop::domain {

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string larix_grove_url(std::string_view publish_url, std::string_view name, const PhoneEncoder& enc) {
  std::string url = "larix://set/v1?conn[][url]=" + percent_encode(publish_url);
  url += "&conn[][name]=" + percent_encode(name);
  url += "&conn[][overwrite]=on";
  url += "&enc[vid][res]=" + std::to_string(enc.width) + "x" + std::to_string(enc.height);
  url += "&enc[vid][fps]=" + std::to_string(enc.fps);
  url += "&enc[vid][bitrate]=" + std::to_string(enc.video_kbps);
  url += "&enc[vid][format]=avc";
  url += "&enc[vid][keyframe]=" + std::to_string(enc.keyframe_seconds);
  url += "&enc[aud][bitrate]=" + std::to_string(enc.audio_kbps);
  return url;
}

}  // namespace ocop::domain
