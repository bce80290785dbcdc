#include <catch2/catch.hpp>

#include "common/password.h"
#include "common/random.h"

SCENARIO("passwords are stored as salted scrypt hashes", "[common][password]") {
  const std::string h = ocop::hash_password("mận hậu 2026");
  CHECK(h.rfind("scrypt$32768$8$1$", 0) == 0);
  CHECK(h.find("mận") == std::string::npos);
  CHECK(ocop::verify_password("mận hậu 2026", h));
  CHECK_FALSE(ocop::verify_password("mận hậu 2025", h));
  CHECK_FALSE(ocop::verify_password("", h));
  CHECK(ocop::hash_password("same") != ocop::hash_password("same"));  // salted
  for (const char* broken : {"", "scrypt$", "scrypt$0$8$1$00$00", "plain", "scrypt$32768$8$1$zz$00"})
    CHECK_FALSE(ocop::verify_password("x", broken));
}

SCENARIO("random codes and constant-time comparison", "[common][random]") {
  const std::string code = ocop::random_code(6);
  CHECK(code.size() == 6);
  CHECK(code.find_first_of("01ILO") == std::string::npos);
  CHECK(ocop::random_hex(12).size() == 24);
  CHECK(ocop::equal_constant_time("abc", "abc"));
  CHECK_FALSE(ocop::equal_constant_time("abc", "abd"));
  CHECK_FALSE(ocop::equal_constant_time("abc", "abcd"));
  CHECK(ocop::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
