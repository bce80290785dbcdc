#include "common/password.h"

#include <openssl/evp.h>

#include <cctype>
#include <cstdlib>
#include <vector>

#include "common/random.h"

namespace ocop {
namespace {

// N=2^15, r=8, p=1: 32 MiB and ~60 ms per hash here; OWASP's floor for scrypt.
constexpr uint64_t kN = 1u << 15, kR = 8, kP = 1;
constexpr size_t kHashLen = 32;
constexpr uint64_t kMaxMem = 64u << 20;

std::string derive(const std::string& password, const std::string& salt, uint64_t n, uint64_t r, uint64_t p) {
  unsigned char out[kHashLen];
  if (EVP_PBE_scrypt(password.data(), password.size(), reinterpret_cast<const unsigned char*>(salt.data()),
                     salt.size(), n, r, p, kMaxMem, out, sizeof out) != 1)
    return {};
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

std::string hex(const std::string& raw) {
  static const char* kHex = "0123456789abcdef";
  std::string s;
  for (unsigned char c : raw) {
    s.push_back(kHex[c >> 4]);
    s.push_back(kHex[c & 15]);
  }
  return s;
}

bool unhex(const std::string& h, std::string& out) {
  if (h.size() % 2) return false;
  out.clear();
  for (size_t i = 0; i < h.size(); i += 2) {
    auto v = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
    int hi = v(h[i]), lo = v(h[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

}  // namespace

std::string hash_password(const std::string& password) {
  std::string salt = random_bytes(16);
  return "scrypt$" + std::to_string(kN) + "$" + std::to_string(kR) + "$" + std::to_string(kP) + "$" + hex(salt) +
         "$" + hex(derive(password, salt, kN, kR, kP));
}

bool verify_password(const std::string& password, const std::string& stored) {
  auto parts = split(stored, '$');
  if (parts.size() != 6 || parts[0] != "scrypt") return false;
  char* end = nullptr;
  uint64_t n = std::strtoull(parts[1].c_str(), &end, 10);
  uint64_t r = std::strtoull(parts[2].c_str(), &end, 10);
  uint64_t p = std::strtoull(parts[3].c_str(), &end, 10);
  std::string salt, expected;
  if (!unhex(parts[4], salt) || !unhex(parts[5], expected) || n == 0 || r == 0 || p == 0) return false;
  std::string got = derive(password, salt, n, r, p);
  return !got.empty() && equal_constant_time(got, expected);
}

std::string new_password() {
  std::string code = random_code(10);
  for (char& c : code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return code.substr(0, 5) + "-" + code.substr(5);
}

}  // namespace ocop
