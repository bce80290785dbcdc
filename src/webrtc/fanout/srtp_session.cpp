#include "webrtc/fanout/srtp_session.h"

#include <mutex>
#include <string>
#include <vector>

namespace ocop::webrtc::fanout {
namespace {

bool init_library() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = srtp_init() == srtp_err_status_ok; });
  return ok;
}

void set_profile(srtp_policy_t& p, SrtpProfile profile) {
  if (profile == SrtpProfile::kAeadAes128Gcm) {
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtp);
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtcp);
  } else {
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p.rtp);
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p.rtcp);
  }
}

}  // namespace

Result<std::unique_ptr<SrtpSession>> SrtpSession::create(const SrtpKeys& keys) {
  if (!init_library()) return make_error("internal", "libsrtp2 would not initialise");
  std::unique_ptr<SrtpSession> s(new SrtpSession());
  std::vector<unsigned char> send_key(keys.send_key_salt.begin(), keys.send_key_salt.end());
  std::vector<unsigned char> recv_key(keys.recv_key_salt.begin(), keys.recv_key_salt.end());

  srtp_policy_t out{};
  set_profile(out, keys.profile);
  out.ssrc.type = ssrc_any_outbound;
  out.key = send_key.data();
  out.window_size = 1024;
  // NACKed packets go out again with the same sequence number.
  out.allow_repeat_tx = 1;
  if (srtp_create(&s->send_, &out) != srtp_err_status_ok) return make_error("internal", "SRTP send context");

  srtp_policy_t in{};
  set_profile(in, keys.profile);
  in.ssrc.type = ssrc_any_inbound;
  in.key = recv_key.data();
  in.window_size = 1024;
  if (srtp_create(&s->recv_, &in) != srtp_err_status_ok) return make_error("internal", "SRTP receive context");
  return s;
}

SrtpSession::~SrtpSession() {
  if (send_) srtp_dealloc(send_);
  if (recv_) srtp_dealloc(recv_);
}

bool SrtpSession::protect_rtp(uint8_t* buf, size_t& len) {
  int n = static_cast<int>(len);
  if (srtp_protect(send_, buf, &n) != srtp_err_status_ok) return false;
  len = static_cast<size_t>(n);
  return true;
}

bool SrtpSession::protect_rtcp(uint8_t* buf, size_t& len) {
  int n = static_cast<int>(len);
  if (srtp_protect_rtcp(send_, buf, &n) != srtp_err_status_ok) return false;
  len = static_cast<size_t>(n);
  return true;
}

bool SrtpSession::unprotect_rtcp(uint8_t* buf, size_t& len) {
  int n = static_cast<int>(len);
  if (srtp_unprotect_rtcp(recv_, buf, &n) != srtp_err_status_ok) return false;
  len = static_cast<size_t>(n);
  return true;
}

}  // namespace ocop::webrtc::fanout
