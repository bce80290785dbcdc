#include "webrtc/fanout/dtls.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>

namespace ocop::webrtc::fanout {
namespace {

// Path MTU we assume for handshake flights: below every tunnel we know.
constexpr long kMtu = 1200;

struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Deleter {
  void operator()(X509* p) const { X509_free(p); }
};

std::string last_ssl_error() {
  char buf[256];
  unsigned long e = ERR_get_error();
  if (!e) return "unknown";
  ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}

std::string fingerprint_of(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!X509_digest(cert, EVP_sha256(), md, &n)) return {};
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned i = 0; i < n; ++i) {
    if (i) out += ':';
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

// A BIO method whose BIOs point at their DtlsTransport (BIO_set_data),
// cleared when the BIO goes.
BIO_METHOD* new_transport_bio(const char* name) {
  BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, name);
  BIO_meth_set_create(m, [](BIO* bio) -> int {
    BIO_set_init(bio, 1);
    return 1;
  });
  BIO_meth_set_destroy(m, [](BIO* bio) -> int {
    BIO_set_data(bio, nullptr);
    return 1;
  });
  return m;
}

// A read-only BIO that hands OpenSSL one received datagram per read. A
// memory BIO would give it every datagram queued so far as one, and DTLS
// drops the rest of a datagram after a record it discards (a retransmitted
// ClientHello, say): the client's next flight, queued behind it, would be
// lost with it.
BIO_METHOD* datagram_source_method() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = new_transport_bio("ocop datagram source");
    BIO_meth_set_read(m, [](BIO* bio, char* data, int len) -> int {
      BIO_clear_retry_flags(bio);
      auto* t = static_cast<DtlsTransport*>(BIO_get_data(bio));
      if (!t || t->inbox_.empty() || len < 0) {
        BIO_set_retry_read(bio);
        return -1;
      }
      const std::string& d = t->inbox_.front();
      const int n = std::min(len, static_cast<int>(d.size()));
      std::memcpy(data, d.data(), static_cast<size_t>(n));
      t->inbox_.pop_front();
      return n;
    });
    BIO_meth_set_ctrl(m, [](BIO* bio, int cmd, long, void*) -> long {
      auto* t = static_cast<DtlsTransport*>(BIO_get_data(bio));
      switch (cmd) {
        case BIO_CTRL_PENDING: return t && !t->inbox_.empty() ? static_cast<long>(t->inbox_.front().size()) : 0;
        case BIO_CTRL_DGRAM_QUERY_MTU: return kMtu;
        default: return 0;
      }
    });
    return m;
  }();
  return method;
}

// A write-only BIO that keeps datagram boundaries: OpenSSL writes each
// record flight it means as one datagram, and a memory BIO would merge them.
BIO_METHOD* datagram_sink_method() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = new_transport_bio("ocop datagram sink");
    BIO_meth_set_write(m, [](BIO* bio, const char* data, int len) -> int {
      auto* t = static_cast<DtlsTransport*>(BIO_get_data(bio));
      if (!t || !t->sink_ || len < 0) return -1;
      t->sink_->emplace_back(data, static_cast<size_t>(len));
      return len;
    });
    BIO_meth_set_ctrl(m, [](BIO*, int cmd, long, void*) -> long {
      switch (cmd) {
        case BIO_CTRL_FLUSH: return 1;
        case BIO_CTRL_DGRAM_QUERY_MTU: return kMtu;
        case BIO_CTRL_WPENDING:
        case BIO_CTRL_PENDING: return 0;
        default: return 0;
      }
    });
    return m;
  }();
  return method;
}

}  // namespace

Result<std::shared_ptr<const DtlsIdentity>> DtlsIdentity::create() {
  std::unique_ptr<EVP_PKEY, EvpPkeyDeleter> key(EVP_EC_gen("P-256"));
  if (!key) return make_error("internal", "DTLS key: " + last_ssl_error());
  std::unique_ptr<X509, X509Deleter> cert(X509_new());
  X509_set_version(cert.get(), 2);
  uint64_t serial = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof serial);
  ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), serial >> 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -86400);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 30L * 86400);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("ocoplive"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  if (!X509_sign(cert.get(), key.get(), EVP_sha256())) return make_error("internal", "DTLS cert: " + last_ssl_error());

  auto id = std::make_shared<DtlsIdentity>();
  id->ctx_.reset(SSL_CTX_new(DTLS_server_method()));
  SSL_CTX* ctx = id->ctx_.get();
  if (!ctx) return make_error("internal", "DTLS context: " + last_ssl_error());
  SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION);
  if (SSL_CTX_use_certificate(ctx, cert.get()) != 1 || SSL_CTX_use_PrivateKey(ctx, key.get()) != 1)
    return make_error("internal", "DTLS identity: " + last_ssl_error());
  // The browser's certificate is self-signed: what vouches for it is the
  // fingerprint in its offer, checked after the handshake.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, [](int, X509_STORE_CTX*) { return 1; });
  // RFC 8827 §6.5: AES-GCM where offered, else the mandatory profile.
  if (SSL_CTX_set_tlsext_use_srtp(ctx, "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80") != 0)
    return make_error("internal", "DTLS-SRTP profiles: " + last_ssl_error());
  SSL_CTX_set_cipher_list(ctx, "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                               "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256");
  SSL_CTX_set_read_ahead(ctx, 1);
  id->fingerprint_ = fingerprint_of(cert.get());
  return std::shared_ptr<const DtlsIdentity>(std::move(id));
}

DtlsTransport::DtlsTransport(std::shared_ptr<const DtlsIdentity> identity, std::string remote_fingerprint)
    : identity_(std::move(identity)), remote_fingerprint_(std::move(remote_fingerprint)) {
  ssl_.reset(SSL_new(identity_->ctx()));
  in_ = BIO_new(datagram_source_method());
  BIO_set_data(in_, this);
  BIO* out = BIO_new(datagram_sink_method());
  BIO_set_data(out, this);
  SSL_set_bio(ssl_.get(), in_, out);
  SSL_set_options(ssl_.get(), SSL_OP_NO_QUERY_MTU);
  SSL_set_mtu(ssl_.get(), kMtu);
  DTLS_set_link_mtu(ssl_.get(), kMtu);
  SSL_set_accept_state(ssl_.get());
}

DtlsTransport::~DtlsTransport() {
  if (ssl_) {
    BIO_set_data(SSL_get_wbio(ssl_.get()), nullptr);
    BIO_set_data(SSL_get_rbio(ssl_.get()), nullptr);
  }
}

DtlsTransport::State DtlsTransport::feed(const uint8_t* data, size_t len, std::vector<std::string>& out) {
  if (state_ == State::kFailed || state_ == State::kClosed) return state_;
  if (inbox_.size() >= kMaxInbox) inbox_.pop_front();  // OpenSSL is not reading: keep the newest
  inbox_.emplace_back(reinterpret_cast<const char*>(data), len);
  advance(out);
  return state_;
}

void DtlsTransport::on_tick(std::vector<std::string>& out) {
  if (state_ != State::kHandshaking) return;
  sink_ = &out;
  timeval tv{};
  if (DTLSv1_get_timeout(ssl_.get(), &tv) && tv.tv_sec == 0 && tv.tv_usec == 0) {
    if (DTLSv1_handle_timeout(ssl_.get()) < 0) fail("handshake timed out");
  }
  sink_ = nullptr;
}

void DtlsTransport::advance(std::vector<std::string>& out) {
  sink_ = &out;
  if (state_ == State::kHandshaking) {
    const int r = SSL_do_handshake(ssl_.get());
    if (r == 1) {
      if (finish()) state_ = State::kConnected;
    } else {
      const int e = SSL_get_error(ssl_.get(), r);
      if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) fail("handshake: " + last_ssl_error());
    }
  } else {
    // Application data or a close alert; neither carries anything for a
    // send-only viewer, but reading consumes them.
    char sink[2048];
    while (SSL_read(ssl_.get(), sink, sizeof sink) > 0) {
    }
    if (SSL_get_shutdown(ssl_.get()) & SSL_RECEIVED_SHUTDOWN) state_ = State::kClosed;
    ERR_clear_error();
  }
  sink_ = nullptr;
}

void DtlsTransport::fail(std::string why) {
  state_ = State::kFailed;
  failure_ = std::move(why);
}

bool DtlsTransport::finish() {
  std::unique_ptr<X509, X509Deleter> peer(SSL_get1_peer_certificate(ssl_.get()));
  if (!peer) {
    fail("no client certificate");
    return false;
  }
  // "sha-256 AB:CD:..." against ours, case-insensitively (RFC 8122 §5).
  std::string want = remote_fingerprint_;
  std::transform(want.begin(), want.end(), want.begin(), [](unsigned char c) { return std::toupper(c); });
  if (want.rfind("SHA-256 ", 0) != 0 || want.substr(8) != fingerprint_of(peer.get())) {
    fail("client certificate does not match the offer's fingerprint");
    return false;
  }
  const SRTP_PROTECTION_PROFILE* profile = SSL_get_selected_srtp_profile(ssl_.get());
  if (!profile) {
    fail("no SRTP profile negotiated");
    return false;
  }
  SrtpKeys keys;
  size_t key_len = 16, salt_len = 14;
  if (profile->id == SRTP_AEAD_AES_128_GCM) {
    keys.profile = SrtpProfile::kAeadAes128Gcm;
    salt_len = 12;
  } else if (profile->id != SRTP_AES128_CM_SHA1_80) {
    fail("unexpected SRTP profile");
    return false;
  }
  // RFC 5764 §4.2: client key, server key, client salt, server salt.
  std::string material(2 * (key_len + salt_len), '\0');
  static const char kLabel[] = "EXTRACTOR-dtls_srtp";
  if (SSL_export_keying_material(ssl_.get(), reinterpret_cast<unsigned char*>(material.data()), material.size(),
                                 kLabel, sizeof kLabel - 1, nullptr, 0, 0) != 1) {
    fail("keying material: " + last_ssl_error());
    return false;
  }
  const std::string client_key = material.substr(0, key_len);
  const std::string server_key = material.substr(key_len, key_len);
  const std::string client_salt = material.substr(2 * key_len, salt_len);
  const std::string server_salt = material.substr(2 * key_len + salt_len, salt_len);
  keys.send_key_salt = server_key + server_salt;
  keys.recv_key_salt = client_key + client_salt;
  keys_ = std::move(keys);
  return true;
}

}  // namespace ocop::webrtc::fanout
