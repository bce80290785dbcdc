#pragma once
// DTLS 1.2 server role for DTLS-SRTP (RFC 5764) through OpenSSL, driven by
// datagrams in and datagrams out: no socket, no thread. One identity (an
// ECDSA P-256 certificate) per process; one DtlsTransport per viewer, used
// only on its worker's thread.
#include <openssl/ssl.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace ocop::webrtc::fanout {

struct SslCtxDeleter {
  void operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
};
struct SslDeleter {
  void operator()(SSL* p) const { SSL_free(p); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxDeleter>;
using SslPtr = std::unique_ptr<SSL, SslDeleter>;

class DtlsIdentity {
 public:
  // A fresh self-signed certificate, valid 30 days (browsers check only
  // the fingerprint in the SDP, RFC 8122).
  static Result<std::shared_ptr<const DtlsIdentity>> create();
  const std::string& fingerprint() const { return fingerprint_; }  // "AB:CD:..." (SHA-256)
  SSL_CTX* ctx() const { return ctx_.get(); }

 private:
  SslCtxPtr ctx_;
  std::string fingerprint_;
};

enum class SrtpProfile { kAes128CmSha1_80, kAeadAes128Gcm };

struct SrtpKeys {
  SrtpProfile profile = SrtpProfile::kAes128CmSha1_80;
  std::string send_key_salt;  // ours (the DTLS server's): key then salt
  std::string recv_key_salt;  // the browser's
};

class DtlsTransport {
 public:
  enum class State { kHandshaking, kConnected, kClosed, kFailed };

  // `remote_fingerprint` is the offer's a=fingerprint value ("sha-256 AB:...").
  DtlsTransport(std::shared_ptr<const DtlsIdentity> identity, std::string remote_fingerprint);
  ~DtlsTransport();
  DtlsTransport(const DtlsTransport&) = delete;
  DtlsTransport& operator=(const DtlsTransport&) = delete;

  // One received datagram; datagrams to send are appended to `out`.
  State feed(const uint8_t* data, size_t len, std::vector<std::string>& out);
  // Retransmits a lost flight when its timer is due (call every tick while
  // handshaking).
  void on_tick(std::vector<std::string>& out);
  State state() const { return state_; }
  const std::string& failure() const { return failure_; }
  // Once connected.
  const std::optional<SrtpKeys>& keys() const { return keys_; }

  // For the custom BIOs: where OpenSSL's datagrams go, and the received
  // datagrams it has not read yet.
  std::vector<std::string>* sink_ = nullptr;
  std::deque<std::string> inbox_;
  static constexpr size_t kMaxInbox = 16;

 private:
  void advance(std::vector<std::string>& out);
  void fail(std::string why);
  bool finish();

  std::shared_ptr<const DtlsIdentity> identity_;
  std::string remote_fingerprint_;
  SslPtr ssl_;
  BIO* in_ = nullptr;  // owned by ssl_
  State state_ = State::kHandshaking;
  std::string failure_;
  std::optional<SrtpKeys> keys_;
};

}  // namespace ocop::webrtc::fanout
