// libFuzzer target for the shared WebRTC port's ICE side: the USERNAME
// reader the demultiplexer keys viewers by, and libnice's validation and
// reply through StunResponder, with a viewer whose ufrag and password are
// known so that authenticated requests are reachable. Invariants are checked
// with __builtin_trap().
#include <netinet/in.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "webrtc/ice/stun_responder.h"
#include "webrtc/rtp/stun_username.h"

using namespace ocop::webrtc;

namespace {
void check(bool ok) {
  if (!ok) __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view ufrag = rtp::stun_local_ufrag(data, size);
  if (!ufrag.empty()) {
    const auto* begin = reinterpret_cast<const char*>(data);
    check(ufrag.data() >= begin && ufrag.data() + ufrag.size() <= begin + size);
    check(ufrag.find(':') == std::string_view::npos);
  }

  static ice::StunResponder responder;
  static const std::string password = "0123456789abcdefghijklmn";
  sockaddr_storage from{};
  auto* in = reinterpret_cast<sockaddr_in*>(&from);
  in->sin_family = AF_INET;
  in->sin_port = htons(50000);
  in->sin_addr.s_addr = htonl(0x7f000001);
  auto answer = responder.answer(data, size, from, sizeof(sockaddr_in), [](std::string_view u) -> const std::string* {
    return u == "abcd" ? &password : nullptr;
  });
  if (answer) {
    // Only a check for our viewer is ever answered, and the answer is a
    // STUN success response (class bits 0b10, method Binding).
    check(answer->local_ufrag == "abcd");
    check(answer->response.size() >= 20);
    check(answer->response[0] == 0x01 && answer->response[1] == 0x01);
  }
  return 0;
}
