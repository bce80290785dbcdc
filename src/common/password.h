#pragma once
// Password hashing with scrypt (OpenSSL EVP_PBE_scrypt). The stored form is
// self-describing, "scrypt$N$r$p$salt_hex$hash_hex", so parameters can grow.
#include <string>

namespace ocop {
std::string hash_password(const std::string& password);
bool verify_password(const std::string& password, const std::string& stored);
}  // namespace ocop
