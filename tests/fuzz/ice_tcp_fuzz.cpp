// libFuzzer target for ICE-TCP's RFC 4571 deframer: the input is a TCP
// stream, cut into pieces at sizes taken from its own first bytes. Whatever
// the cut, the packets must be the same as from the stream in one piece,
// each between 1 and kMaxPacket bytes, and what they hold must be exactly
// the stream's bytes after their length prefixes. Then each packet goes
// through the shared port's demultiplexer (classify, the STUN peek) as a
// viewer's datagram would. Invariants are checked with __builtin_trap().
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "webrtc/rtp/packet.h"
#include "webrtc/rtp/rfc4571.h"
#include "webrtc/rtp/stun_username.h"

using namespace ocop::webrtc::rtp;

namespace {
void check(bool ok) {
  if (!ok) __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const size_t cut = 1 + data[0] % 97;
  const uint8_t* stream = data + 1;
  const size_t len = size - 1;

  Rfc4571Deframer whole;
  std::vector<std::string> expected;
  const auto whole_status = whole.push(stream, len, expected);

  Rfc4571Deframer pieces;
  std::vector<std::string> got;
  auto status = Rfc4571Deframer::Status::kOk;
  for (size_t at = 0; at < len && status == Rfc4571Deframer::Status::kOk; at += cut)
    status = pieces.push(stream + at, std::min(cut, len - at), got);
  check(status == whole_status);
  check(got == expected);

  size_t at = 0;
  for (const std::string& p : got) {
    check(!p.empty() && p.size() <= Rfc4571Deframer::kMaxPacket);
    check(at + 2 + p.size() <= len);
    check(static_cast<size_t>((stream[at] << 8) | stream[at + 1]) == p.size());
    check(p.compare(0, p.size(), reinterpret_cast<const char*>(stream + at + 2), p.size()) == 0);
    at += 2 + p.size();
    const auto* b = reinterpret_cast<const uint8_t*>(p.data());
    classify(b, p.size());
    const std::string_view ufrag = stun_local_ufrag(b, p.size());
    check(ufrag.size() < p.size());
    if (is_binding_indication(b, p.size())) check(classify(b, p.size()) == Kind::kStun);
    const std::string framed = rfc4571_frame(b, p.size());
    check(framed.size() == p.size() + 2);
  }
  if (whole_status == Rfc4571Deframer::Status::kOk) check(whole.buffered() == len - at);
  return 0;
}
