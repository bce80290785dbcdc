#pragma once
// A Larix Grove link (larix://set/v1?...): one tap or one scan adds the
// booth's connection to Larix Broadcaster (and apps that import Grove, such
// as IRL Pro) with encoder settings for a phone on 4G. Pure.
#include <string>
#include <string_view>

namespace ocop::domain {

// What we ask a phone to send: 720p30 H.264 at 2 Mbit/s with a keyframe
// every 2 s (what our HLS segments and WebRTC fast start want), AAC 128 kbit/s.
struct PhoneEncoder {
  int width = 1280, height = 720, fps = 30;
  int video_kbps = 2000;
  int keyframe_seconds = 2;
  int audio_kbps = 128;
};

// `name` is shown in Larix's connection list (the booth's name).
std::string larix_grove_url(std::string_view publish_url, std::string_view name, const PhoneEncoder& enc = {});

// RFC 3986 percent-encoding of everything but unreserved characters.
std::string percent_encode(std::string_view text);

}  // namespace ocop::domain
