#pragma once
// DTLS 1.2 for DTLS-SRTP (RFC 5764) over OpenSSL with memory BIOs: one
// certificate (ECDSA P-256, self-signed) for all viewers, one SSL per
// viewer. Client by default (the fan-out and Janus are passive); server
// when the answer says a=setup:active (webrtcbin may).
#include <openssl/ssl.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace whep_load {

class DtlsIdentity {
 public:
  static std::shared_ptr<DtlsIdentity> create(std::string& error);
  ~DtlsIdentity();
  SSL_CTX* ctx() const { return ctx_; }
  const std::string& fingerprint() const { return fingerprint_; }  // "AB:CD:..."

 private:
  SSL_CTX* ctx_ = nullptr;
  std::string fingerprint_;
};

struct SrtpKeys {
  std::string local;   // key || salt we protect with (RTCP we send)
  std::string remote;  // key || salt the peer protects with (media we receive)
};

class DtlsSession {
 public:
  enum class State { kHandshaking, kConnected, kFailed };
  using Send = std::function<void(const uint8_t*, size_t)>;

  DtlsSession(std::shared_ptr<DtlsIdentity> identity, bool client, std::string remote_fingerprint, Send send);
  ~DtlsSession();
  DtlsSession(const DtlsSession&) = delete;
  DtlsSession& operator=(const DtlsSession&) = delete;

  void start();  // the client's ClientHello
  State feed(const uint8_t* data, size_t len);
  void on_timer();  // handshake retransmissions (RFC 6347 §4.2.4)
  State state() const { return state_; }
  const std::string& failure() const { return failure_; }
  std::string where() const { return SSL_state_string_long(ssl_); }  // OpenSSL's handshake state
  const SrtpKeys& keys() const { return keys_; }
  void send_datagram(const char* data, int len) { send_(reinterpret_cast<const uint8_t*>(data), size_t(len)); }

 private:
  void advance();
  bool finish();
  void fail(std::string why);

  std::shared_ptr<DtlsIdentity> identity_;
  bool client_;
  std::string remote_fingerprint_;
  Send send_;
  SSL* ssl_ = nullptr;
  BIO* in_ = nullptr;
  State state_ = State::kHandshaking;
  std::string failure_;
  SrtpKeys keys_;
};

}  // namespace whep_load
