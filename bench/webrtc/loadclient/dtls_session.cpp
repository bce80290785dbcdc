#include "dtls_session.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>

namespace whep_load {
namespace {

constexpr long kMtu = 1200;

std::string ssl_error() {
  char buf[256];
  const unsigned long e = ERR_get_error();
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

// Write side of the SSL: each write is one datagram, sent at once. A memory
// BIO would merge a flight's records into one blob and lose the boundaries.
BIO_METHOD* datagram_method() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "whep_load datagram");
    BIO_meth_set_write(m, [](BIO* bio, const char* data, int len) -> int {
      auto* s = static_cast<DtlsSession*>(BIO_get_data(bio));
      if (!s || len < 0) return -1;
      s->send_datagram(data, len);
      return len;
    });
    BIO_meth_set_ctrl(m, [](BIO*, int cmd, long, void*) -> long {
      switch (cmd) {
        case BIO_CTRL_FLUSH: return 1;
        case BIO_CTRL_DGRAM_QUERY_MTU: return kMtu;
        default: return 0;
      }
    });
    BIO_meth_set_create(m, [](BIO* bio) -> int {
      BIO_set_init(bio, 1);
      return 1;
    });
    return m;
  }();
  return method;
}

}  // namespace

std::shared_ptr<DtlsIdentity> DtlsIdentity::create(std::string& error) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  auto id = std::make_shared<DtlsIdentity>();
  if (!key || !cert) {
    error = "key: " + ssl_error();
    return nullptr;
  }
  X509_set_version(cert, 2);
  uint32_t serial = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof serial);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial >> 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -86400);
  X509_gmtime_adj(X509_getm_notAfter(cert), 30L * 86400);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("whep_load"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());
  id->ctx_ = SSL_CTX_new(DTLS_method());
  SSL_CTX* ctx = id->ctx_;
  SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION);
  SSL_CTX_set_max_proto_version(ctx, DTLS1_2_VERSION);
  if (SSL_CTX_use_certificate(ctx, cert) != 1 || SSL_CTX_use_PrivateKey(ctx, key) != 1) {
    error = "identity: " + ssl_error();
    return nullptr;
  }
  // Self-signed on both sides: the fingerprint from the SDP is what counts,
  // compared after the handshake.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, [](int, X509_STORE_CTX*) { return 1; });
  if (SSL_CTX_set_tlsext_use_srtp(ctx, "SRTP_AES128_CM_SHA1_80") != 0) {
    error = "use_srtp: " + ssl_error();
    return nullptr;
  }
  SSL_CTX_set_read_ahead(ctx, 1);
  id->fingerprint_ = fingerprint_of(cert);
  X509_free(cert);
  EVP_PKEY_free(key);
  return id;
}

DtlsIdentity::~DtlsIdentity() { SSL_CTX_free(ctx_); }

DtlsSession::DtlsSession(std::shared_ptr<DtlsIdentity> identity, bool client, std::string remote_fingerprint,
                         Send send)
    : identity_(std::move(identity)),
      client_(client),
      remote_fingerprint_(std::move(remote_fingerprint)),
      send_(std::move(send)) {
  ssl_ = SSL_new(identity_->ctx());
  in_ = BIO_new(BIO_s_mem());
  BIO_set_mem_eof_return(in_, -1);
  BIO* out = BIO_new(datagram_method());
  BIO_set_data(out, this);
  SSL_set_bio(ssl_, in_, out);
  SSL_set_options(ssl_, SSL_OP_NO_QUERY_MTU);
  SSL_set_mtu(ssl_, kMtu);
  DTLS_set_link_mtu(ssl_, kMtu);
  if (client_) SSL_set_connect_state(ssl_);
  else SSL_set_accept_state(ssl_);
}

DtlsSession::~DtlsSession() {
  BIO_set_data(SSL_get_wbio(ssl_), nullptr);
  SSL_free(ssl_);
}

void DtlsSession::start() {
  if (client_) advance();
}

DtlsSession::State DtlsSession::feed(const uint8_t* data, size_t len) {
  if (state_ != State::kFailed) {
    BIO_write(in_, data, static_cast<int>(len));
    advance();
  }
  return state_;
}

void DtlsSession::on_timer() {
  if (state_ != State::kHandshaking) return;
  timeval tv{};
  if (DTLSv1_get_timeout(ssl_, &tv) && tv.tv_sec == 0 && tv.tv_usec == 0 && DTLSv1_handle_timeout(ssl_) < 0)
    fail("handshake timed out");
}

void DtlsSession::advance() {
  if (state_ == State::kHandshaking) {
    const int r = SSL_do_handshake(ssl_);
    if (r == 1) {
      if (finish()) state_ = State::kConnected;
      return;
    }
    const int e = SSL_get_error(ssl_, r);
    if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) fail("handshake: " + ssl_error());
    return;
  }
  char sink[2048];  // a close alert or stray records: nothing for a receiver
  while (SSL_read(ssl_, sink, sizeof sink) > 0) {
  }
  ERR_clear_error();
}

void DtlsSession::fail(std::string why) {
  state_ = State::kFailed;
  failure_ = std::move(why);
}

bool DtlsSession::finish() {
  X509* peer = SSL_get1_peer_certificate(ssl_);
  if (!peer) {
    fail("no peer certificate");
    return false;
  }
  const std::string got = fingerprint_of(peer);
  X509_free(peer);
  std::string want = remote_fingerprint_;
  std::transform(want.begin(), want.end(), want.begin(), [](unsigned char c) { return std::toupper(c); });
  if (want.rfind("SHA-256 ", 0) != 0 || want.substr(8) != got) {
    fail("peer certificate does not match the SDP fingerprint");
    return false;
  }
  const SRTP_PROTECTION_PROFILE* profile = SSL_get_selected_srtp_profile(ssl_);
  if (!profile || profile->id != SRTP_AES128_CM_SHA1_80) {
    fail("SRTP_AES128_CM_SHA1_80 not negotiated");
    return false;
  }
  // RFC 5764 §4.2: client key, server key, client salt, server salt.
  constexpr size_t kKey = 16, kSalt = 14;
  unsigned char m[2 * (kKey + kSalt)];
  static const char kLabel[] = "EXTRACTOR-dtls_srtp";
  if (SSL_export_keying_material(ssl_, m, sizeof m, kLabel, sizeof kLabel - 1, nullptr, 0, 0) != 1) {
    fail("keying material: " + ssl_error());
    return false;
  }
  const char* p = reinterpret_cast<const char*>(m);
  const std::string client = std::string(p, kKey) + std::string(p + 2 * kKey, kSalt);
  const std::string server = std::string(p + kKey, kKey) + std::string(p + 2 * kKey + kSalt, kSalt);
  keys_.local = client_ ? client : server;
  keys_.remote = client_ ? server : client;
  return true;
}

}  // namespace whep_load
