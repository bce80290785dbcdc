#pragma once
// The local part of an ICE connectivity check's USERNAME ("<ours>:<theirs>",
// RFC 8445 §7.2.2), read without checking integrity: what the shared port's
// demultiplexer keys viewers by before libnice's agent validates the check.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ocop::webrtc::rtp {

// A view into `data`; empty when the datagram is not a STUN message with a
// USERNAME holding a colon (RFC 8489 §5, §14.3), or when any attribute
// overruns the message.
std::string_view stun_local_ufrag(const uint8_t* data, size_t len);

// A STUN Binding indication (RFC 8489 §6.3.2), what a full ICE agent such as
// libnice sends as a keepalive (RFC 8445 §11) on the selected pair.
bool is_binding_indication(const uint8_t* data, size_t len);

}  // namespace ocop::webrtc::rtp
