#pragma once
// The last touches on webrtcbin's answer before it goes to the browser.
#include <string>

namespace ocop::webrtc {
// Echoes the offer's H.264 profile-level-id (codec-preferences carry none),
// removes webrtcbin's duplicated fmtp parameters, and with 1:1 NAT announces
// the public address beside each host candidate.
std::string finish_answer(const std::string& sdp, int video_pt, const std::string& profile_level_id,
                          const std::string& public_ip);
}  // namespace ocop::webrtc
