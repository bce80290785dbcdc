// The fan-out's DTLS server against a real OpenSSL DTLS 1.2 client (the
// role a browser plays), datagrams passed by hand: the handshake, the
// fingerprint check, the SRTP profile choice, the RFC 5764 keys, and SRTCP
// both ways through libsrtp2 with those keys.
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <catch2/catch.hpp>
#include <cctype>
#include <cstring>
#include <string>
#include <vector>

#include "webrtc/fanout/dtls.h"
#include "webrtc/fanout/srtp_session.h"
#include "webrtc/rtp/rtcp.h"

using namespace ocop::webrtc::fanout;
namespace rtp = ocop::webrtc::rtp;

namespace {

// A browser-like DTLS client: self-signed ECDSA P-256, use_srtp, memory BIOs.
class Client {
 public:
  explicit Client(const char* profiles) {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 7);
    X509_gmtime_adj(X509_getm_notBefore(cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("browser"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_sign(cert, key, EVP_sha256());
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    X509_digest(cert, EVP_sha256(), md, &n);
    for (unsigned i = 0; i < n; ++i) {
      char hex[4];
      std::snprintf(hex, sizeof hex, i ? ":%02X" : "%02X", md[i]);
      fingerprint += hex;
    }
    ctx_ = SSL_CTX_new(DTLS_client_method());
    SSL_CTX_use_certificate(ctx_, cert);
    SSL_CTX_use_PrivateKey(ctx_, key);
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, [](int, X509_STORE_CTX*) { return 1; });
    SSL_CTX_set_tlsext_use_srtp(ctx_, profiles);
    X509_free(cert);
    EVP_PKEY_free(key);
    ssl_ = SSL_new(ctx_);
    in_ = BIO_new(BIO_s_mem());
    out_ = BIO_new(BIO_s_mem());
    BIO_set_mem_eof_return(in_, -1);
    SSL_set_bio(ssl_, in_, out_);
    SSL_set_connect_state(ssl_);
  }
  ~Client() {
    SSL_free(ssl_);
    SSL_CTX_free(ctx_);
  }
  // Runs the handshake a step; returns what it wants sent (possibly empty).
  std::string step() {
    done = SSL_do_handshake(ssl_) == 1;
    std::string out;
    char buf[4096];
    int n;
    while ((n = BIO_read(out_, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    return out;
  }
  void receive(const std::string& datagram) { BIO_write(in_, datagram.data(), static_cast<int>(datagram.size())); }
  std::string close() {
    SSL_shutdown(ssl_);
    return step();
  }
  std::string material(size_t len) {
    std::string m(len, '\0');
    static const char kLabel[] = "EXTRACTOR-dtls_srtp";
    SSL_export_keying_material(ssl_, reinterpret_cast<unsigned char*>(m.data()), len, kLabel, sizeof kLabel - 1,
                               nullptr, 0, 0);
    return m;
  }
  const SRTP_PROTECTION_PROFILE* profile() { return SSL_get_selected_srtp_profile(ssl_); }

  std::string fingerprint;
  bool done = false;

 private:
  SSL_CTX* ctx_;
  SSL* ssl_;
  BIO* in_;
  BIO* out_;
};

// Pumps flights both ways until the server settles (bounded).
DtlsTransport::State handshake(Client& client, DtlsTransport& server) {
  auto state = server.state();
  for (int round = 0; round < 10 && state == DtlsTransport::State::kHandshaking; ++round) {
    const std::string flight = client.step();
    std::vector<std::string> replies;
    if (!flight.empty())
      state = server.feed(reinterpret_cast<const uint8_t*>(flight.data()), flight.size(), replies);
    for (const auto& r : replies) client.receive(r);
  }
  client.step();
  return state;
}

std::shared_ptr<const DtlsIdentity> identity() {
  static auto id = DtlsIdentity::create();
  REQUIRE(id.ok());
  return *id;
}

}  // namespace

SCENARIO("a browser-like client completes DTLS-SRTP with the fan-out's server", "[fanout][dtls]") {
  GIVEN("a client offering only the mandatory profile, with its fingerprint in the offer") {
    Client client("SRTP_AES128_CM_SHA1_80");
    DtlsTransport server(identity(), "sha-256 " + client.fingerprint);
    REQUIRE(handshake(client, server) == DtlsTransport::State::kConnected);
    CHECK(client.done);
    REQUIRE(server.keys());
    const SrtpKeys& keys = *server.keys();
    CHECK(keys.profile == SrtpProfile::kAes128CmSha1_80);
    // RFC 5764 §4.2: client key | server key | client salt | server salt.
    const std::string m = client.material(2 * (16 + 14));
    CHECK(keys.recv_key_salt == m.substr(0, 16) + m.substr(32, 14));
    CHECK(keys.send_key_salt == m.substr(16, 16) + m.substr(46, 14));

    THEN("SRTCP goes both ways with those keys") {
      auto ours = SrtpSession::create(keys);
      REQUIRE(ours.ok());
      SrtpKeys mirror{keys.profile, keys.recv_key_salt, keys.send_key_salt};
      auto theirs = SrtpSession::create(mirror);
      REQUIRE(theirs.ok());

      std::vector<uint8_t> plain;
      rtp::append_pli(plain, rtp::Pli{0x11111111, 0x22222222});
      std::vector<uint8_t> buf(plain.size() + kSrtpOverhead);
      std::memcpy(buf.data(), plain.data(), plain.size());
      size_t len = plain.size();
      REQUIRE((*theirs)->protect_rtcp(buf.data(), len));
      CHECK(len > plain.size());
      REQUIRE((*ours)->unprotect_rtcp(buf.data(), len));
      CHECK(std::vector<uint8_t>(buf.begin(), buf.begin() + static_cast<long>(len)) == plain);

      len = plain.size();
      std::memcpy(buf.data(), plain.data(), plain.size());
      REQUIRE((*theirs)->protect_rtcp(buf.data(), len));
      buf[len - 1] ^= 1;  // a flipped auth tag bit
      CHECK_FALSE((*ours)->unprotect_rtcp(buf.data(), len));
    }
    THEN("the client's close_notify closes the transport") {
      const std::string alert = client.close();
      REQUIRE_FALSE(alert.empty());
      std::vector<std::string> replies;
      CHECK(server.feed(reinterpret_cast<const uint8_t*>(alert.data()), alert.size(), replies) ==
            DtlsTransport::State::kClosed);
    }
  }
  GIVEN("a client that offers AES-GCM first") {
    Client client("SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80");
    DtlsTransport server(identity(), "SHA-256 " + client.fingerprint);
    REQUIRE(handshake(client, server) == DtlsTransport::State::kConnected);
    CHECK(server.keys()->profile == SrtpProfile::kAeadAes128Gcm);
    CHECK(server.keys()->send_key_salt.size() == 16 + 12);
    CHECK(SrtpSession::create(*server.keys()).ok());
  }
}

SCENARIO("a DTLS client whose certificate is not the offer's is refused", "[fanout][dtls]") {
  Client client("SRTP_AES128_CM_SHA1_80");
  Client other("SRTP_AES128_CM_SHA1_80");
  DtlsTransport server(identity(), "sha-256 " + other.fingerprint);
  CHECK(handshake(client, server) == DtlsTransport::State::kFailed);
  CHECK_THAT(server.failure(), Catch::Contains("fingerprint"));
  CHECK_FALSE(server.keys());
}

SCENARIO("garbage instead of a ClientHello fails the transport, and nothing after it is read", "[fanout][dtls]") {
  DtlsTransport server(identity(), "sha-256 00");
  std::vector<std::string> replies;
  std::string junk(300, '\x16');
  junk[1] = '\xfe';
  junk[2] = '\xfd';
  auto state = server.feed(reinterpret_cast<const uint8_t*>(junk.data()), junk.size(), replies);
  CHECK((state == DtlsTransport::State::kHandshaking || state == DtlsTransport::State::kFailed));
  for (int i = 0; i < 50; ++i) state = server.feed(reinterpret_cast<const uint8_t*>(junk.data()), junk.size(), replies);
  CHECK(state != DtlsTransport::State::kConnected);
  CHECK_FALSE(server.keys());
}

SCENARIO("a retransmitted ClientHello does not cost the client's next flight", "[fanout][dtls]") {
  Client client("SRTP_AES128_CM_SHA1_80");
  DtlsTransport server(identity(), "sha-256 " + client.fingerprint);
  const std::string hello = client.step();
  std::vector<std::string> flight2, again;
  server.feed(reinterpret_cast<const uint8_t*>(hello.data()), hello.size(), flight2);
  REQUIRE_FALSE(flight2.empty());
  // The client timed out and sent its ClientHello again; the server answers
  // with its flight again, and the client carries on with its first copy.
  server.feed(reinterpret_cast<const uint8_t*>(hello.data()), hello.size(), again);
  for (const auto& d : flight2) client.receive(d);
  const std::string flight5 = client.step();
  REQUIRE_FALSE(flight5.empty());
  std::vector<std::string> flight6;
  CHECK(server.feed(reinterpret_cast<const uint8_t*>(flight5.data()), flight5.size(), flight6) ==
        DtlsTransport::State::kConnected);
  for (const auto& d : flight6) client.receive(d);
  client.step();
  CHECK(client.done);
}
