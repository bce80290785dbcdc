#include "common/random.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace ocop {
namespace {
std::string to_hex(const unsigned char* p, size_t n) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kHex[p[i] >> 4]);
    out.push_back(kHex[p[i] & 15]);
  }
  return out;
}
}  // namespace

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    throw std::runtime_error("RAND_bytes failed");  // the OS has no entropy: not recoverable
  return out;
}

std::string random_hex(size_t bytes) {
  std::string raw = random_bytes(bytes);
  return to_hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string random_code(size_t length) {
  static const char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // 31 symbols
  constexpr unsigned kSize = sizeof(kAlphabet) - 1;
  std::string out;
  while (out.size() < length) {
    for (unsigned char b : random_bytes(length)) {
      if (b >= 256 - 256 % kSize) continue;  // reject to keep the draw uniform
      out.push_back(kAlphabet[b % kSize]);
      if (out.size() == length) break;
    }
  }
  return out;
}

std::string sha256_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  return to_hex(md, len);
}

std::string hmac_sha256_hex(const std::string& key, const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len);
  return to_hex(md, len);
}

bool equal_constant_time(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ocop
