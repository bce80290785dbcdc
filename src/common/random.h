#pragma once
// Cryptographically secure randomness (OpenSSL) for keys, tokens and codes.
#include <string>

namespace ocop {
std::string random_bytes(size_t n);
std::string random_hex(size_t bytes);
// Characters from an alphabet without look-alikes (no 0/O, 1/I/L), for codes
// a buyer reads out on the phone.
std::string random_code(size_t length);
std::string sha256_hex(const std::string& data);
std::string hmac_sha256_hex(const std::string& key, const std::string& data);
// Constant-time comparison (keys, signatures).
bool equal_constant_time(const std::string& a, const std::string& b);
}  // namespace ocop
