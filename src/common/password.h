#pragma once
// Password hashing with scrypt (OpenSSL EVP_PBE_scrypt). The stored form is
// self-describing, "scrypt$N$r$p$salt_hex$hash_hex", so parameters can grow.
#include <string>

namespace ocop {
std::string hash_password(const std::string& password);
bool verify_password(const std::string& password, const std::string& stored);
// A password the server chooses for a new seller: "xxxxx-xxxxx", lowercase
// letters and digits without look-alikes (about 49 bits), easy to read out
// and to type on a phone.
std::string new_password();
}  // namespace ocop
