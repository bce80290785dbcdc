#pragma once
// Behind 1:1 NAT the server's host candidates carry its private address; a
// public IP announced in config (webrtc.public_ip) is added beside each UDP
// host candidate with the same port, so browsers outside can reach it
// (mediasoup's "announcedIp"). Pure: SDP text in, SDP text out.
#include <string>
#include <string_view>

namespace ocop::webrtc::sdp {
std::string announce_address(std::string_view sdp, std::string_view public_ip);
}  // namespace ocop::webrtc::sdp
