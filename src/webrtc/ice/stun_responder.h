#pragma once
// The ICE-lite side of connectivity checks (RFC 8445 §7.3, RFC 7675):
// validate a browser's binding request on the shared port with libnice's
// STUN API (short-term credentials, MESSAGE-INTEGRITY, FINGERPRINT) and
// build the success response. The request's USERNAME, "<ours>:<theirs>",
// names the viewer. A StunAgent keeps per-agent state: one responder per
// thread.
#include <stun/stunagent.h>
#include <sys/socket.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocop::webrtc::ice {

class StunResponder {
 public:
  StunResponder();

  struct Answer {
    std::string local_ufrag;
    bool use_candidate = false;
    std::vector<uint8_t> response;
  };
  // Our ICE password for a local ufrag, or null when no viewer has it.
  using Lookup = std::function<const std::string*(std::string_view local_ufrag)>;

  // nullopt for anything but a valid, authenticated binding request.
  std::optional<Answer> answer(const uint8_t* data, size_t len, const sockaddr_storage& from, socklen_t from_len,
                               const Lookup& lookup);

 private:
  StunAgent agent_;
};

}  // namespace ocop::webrtc::ice
