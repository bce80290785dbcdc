#pragma once
// SRTP and SRTCP (RFC 3711, RFC 7714) for one viewer through libsrtp2: our
// outbound stream keyed with the DTLS server's key, the browser's RTCP with
// its own. Used only on the viewer's worker thread.
#include <srtp2/srtp.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "common/result.h"
#include "webrtc/fanout/dtls.h"

namespace ocop::webrtc::fanout {

// Room protect_* needs past the packet: the auth tag (10 or 16 bytes) and
// SRTCP's index.
inline constexpr size_t kSrtpOverhead = SRTP_MAX_TRAILER_LEN + 4;

class SrtpSession {
 public:
  static Result<std::unique_ptr<SrtpSession>> create(const SrtpKeys& keys);
  ~SrtpSession();
  SrtpSession(const SrtpSession&) = delete;
  SrtpSession& operator=(const SrtpSession&) = delete;

  // In place; `buf` has room for `len + kSrtpOverhead` bytes.
  bool protect_rtp(uint8_t* buf, size_t& len);
  bool protect_rtcp(uint8_t* buf, size_t& len);
  // In place: the browser's SRTCP to plain RTCP.
  bool unprotect_rtcp(uint8_t* buf, size_t& len);

 private:
  SrtpSession() = default;
  srtp_t send_ = nullptr;
  srtp_t recv_ = nullptr;
};

}  // namespace ocop::webrtc::fanout
