#pragma once
// The configured STUN/TURN servers as WHEP "ice-server" Link header values
// (draft-ietf-wish-whep, which takes them from WHIP, RFC 9725 section 4.6), so
// a player behind a strict NAT can use the same relay as the server. Config
// spells them as webrtcbin does: stun://host:port and
// turn(s)://user:pass@host:port[?transport=tcp], user and password
// percent-encoded. Pure.
#include <string>
#include <string_view>

#include "common/result.h"

namespace ocop::webrtc {

// `<stun:host:port>; rel="ice-server"`
Result<std::string> stun_link(std::string_view stun_server);
// `<turn:host:port>; rel="ice-server"; username="u"; credential="p"`
Result<std::string> turn_link(std::string_view turn_server);

}  // namespace ocop::webrtc
