#include "ingest/rtmp/handshake.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace ocop::rtmp {
namespace {

// Bytes 4..7 of S1 in a digest handshake: a server version. Clients only log
// it, but librtmp and ffmpeg treat all-zero as "no digest support".
constexpr uint8_t kServerVersion[4] = {0x04, 0x05, 0x00, 0x01};

// Filler for S1/S2. The spec asks for "random" bytes only so that the echo can
// be told apart; nothing secret rides on them, and deterministic filler keeps
// this class pure and the fuzzer reproducible.
void fill_pseudo_random(uint8_t* out, size_t size, uint32_t seed) {
  uint32_t x = seed ? seed : 0x9e3779b9u;
  for (size_t i = 0; i < size; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    out[i] = static_cast<uint8_t>(x);
  }
}

uint32_t seed_from(const uint8_t* block) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (size_t i = 0; i < kHandshakeSize; i += 7) h = (h ^ block[i]) * 16777619u;
  return h;
}

// Finds the scheme under which c1 carries a valid Flash Player digest.
bool find_client_digest(const uint8_t* c1, DigestScheme* scheme, size_t* pos) {
  for (DigestScheme s : {DigestScheme::kOffset772, DigestScheme::kOffset8}) {
    size_t p = digest_offset(c1, s);
    auto expected = block_digest(c1, p, kFlashPlayerKey.data(), kFlashPlayerKeyC1Size);
    if (std::memcmp(expected.data(), c1 + p, kDigestSize) == 0) {
      *scheme = s;
      *pos = p;
      return true;
    }
  }
  return false;
}

}  // namespace

const std::array<uint8_t, 62> kFlashPlayerKey = {
    'G',  'e',  'n',  'u',  'i',  'n',  'e',  ' ',  'A',  'd',  'o',  'b',  'e',  ' ',  'F',  'l',
    'a',  's',  'h',  ' ',  'P',  'l',  'a',  'y',  'e',  'r',  ' ',  '0',  '0',  '1',  0xF0, 0xEE,
    0xC2, 0x4A, 0x80, 0x68, 0xBE, 0xE8, 0x2E, 0x00, 0xD0, 0xD1, 0x02, 0x9E, 0x7E, 0x57, 0x6E, 0xEC,
    0x5D, 0x2D, 0x29, 0x80, 0x6F, 0xAB, 0x93, 0xB8, 0xE6, 0x36, 0xCF, 0xEB, 0x31, 0xAE};

const std::array<uint8_t, 68> kFlashMediaServerKey = {
    'G',  'e',  'n',  'u',  'i',  'n',  'e',  ' ',  'A',  'd',  'o',  'b',  'e',  ' ',  'F',  'l',  'a',
    's',  'h',  ' ',  'M',  'e',  'd',  'i',  'a',  ' ',  'S',  'e',  'r',  'v',  'e',  'r',  ' ',  '0',
    '0',  '1',  0xF0, 0xEE, 0xC2, 0x4A, 0x80, 0x68, 0xBE, 0xE8, 0x2E, 0x00, 0xD0, 0xD1, 0x02, 0x9E, 0x7E,
    0x57, 0x6E, 0xEC, 0x5D, 0x2D, 0x29, 0x80, 0x6F, 0xAB, 0x93, 0xB8, 0xE6, 0x36, 0xCF, 0xEB, 0x31, 0xAE};

size_t digest_offset(const uint8_t* block, DigestScheme scheme) {
  size_t base = scheme == DigestScheme::kOffset8 ? 8 : 772;
  size_t sum = size_t{block[base]} + block[base + 1] + block[base + 2] + block[base + 3];
  // 728 = 764-byte half minus the 4 offset bytes minus the 32 digest bytes.
  return sum % 728 + base + 4;
}

std::array<uint8_t, kDigestSize> hmac_sha256(const uint8_t* key, size_t key_size, const uint8_t* data,
                                             size_t size) {
  std::array<uint8_t, kDigestSize> out{};
  unsigned int out_len = 0;
  HMAC(EVP_sha256(), key, static_cast<int>(key_size), data, size, out.data(), &out_len);
  return out;
}

std::array<uint8_t, kDigestSize> block_digest(const uint8_t* block, size_t digest_pos, const uint8_t* key,
                                              size_t key_size) {
  uint8_t message[kHandshakeSize - kDigestSize];
  std::memcpy(message, block, digest_pos);
  std::memcpy(message + digest_pos, block + digest_pos + kDigestSize, kHandshakeSize - digest_pos - kDigestSize);
  return hmac_sha256(key, key_size, message, sizeof message);
}

Result<size_t> ServerHandshake::feed(const uint8_t* data, size_t size) {
  size_t used = 0;
  while (used < size && state_ != State::kDone) {
    size_t want = (state_ == State::kWaitC0C1 ? 1 + kHandshakeSize : kHandshakeSize) - buffer_.size();
    size_t take = std::min(want, size - used);
    buffer_.append(reinterpret_cast<const char*>(data + used), take);
    used += take;
    if (!buffer_.empty() && state_ == State::kWaitC0C1 && static_cast<uint8_t>(buffer_[0]) != kRtmpVersion) {
      // 6 would be RTMPE (encrypted), which we do not offer.
      return make_error("rtmp_handshake", "unsupported RTMP version " +
                                              std::to_string(static_cast<uint8_t>(buffer_[0])));
    }
    if (take < want) break;
    if (state_ == State::kWaitC0C1) {
      if (auto s = answer_c0c1(); !s) return s.error();
      state_ = State::kWaitC2;
    } else {
      // C2 echoes S1 (or signs it); nothing we do depends on it, and
      // rejecting a sloppy echo would only lock out odd encoders.
      state_ = State::kDone;
    }
    buffer_.clear();
  }
  return used;
}

Status ServerHandshake::answer_c0c1() {
  const auto* c1 = reinterpret_cast<const uint8_t*>(buffer_.data()) + 1;
  output_.reserve(1 + 2 * kHandshakeSize);
  output_.push_back(static_cast<char>(kRtmpVersion));

  DigestScheme scheme{};
  size_t client_digest_pos = 0;
  bool client_version_set = c1[4] | c1[5] | c1[6] | c1[7];
  digest_used_ = client_version_set && find_client_digest(c1, &scheme, &client_digest_pos);

  uint8_t s1[kHandshakeSize];
  uint8_t s2[kHandshakeSize];
  uint32_t seed = seed_from(c1);
  if (!digest_used_) {
    // §5.2.3: time (0: we have no clock here), zero, random. §5.2.4: S2
    // echoes C1; verbatim is what every plain client compares against.
    std::memset(s1, 0, 8);
    fill_pseudo_random(s1 + 8, kHandshakeSize - 8, seed);
    std::memcpy(s2, c1, kHandshakeSize);
  } else {
    std::memset(s1, 0, 4);
    std::memcpy(s1 + 4, kServerVersion, 4);
    fill_pseudo_random(s1 + 8, kHandshakeSize - 8, seed);
    size_t pos = digest_offset(s1, scheme);
    auto s1_digest = block_digest(s1, pos, kFlashMediaServerKey.data(), kFlashMediaServerKeyS1Size);
    std::memcpy(s1 + pos, s1_digest.data(), kDigestSize);

    // S2: random, then HMAC(key = HMAC(full FMS key, C1 digest), S2 minus digest).
    fill_pseudo_random(s2, kHandshakeSize - kDigestSize, seed ^ 0x5a5a5a5au);
    auto key = hmac_sha256(kFlashMediaServerKey.data(), kFlashMediaServerKey.size(), c1 + client_digest_pos,
                           kDigestSize);
    auto signature = hmac_sha256(key.data(), key.size(), s2, kHandshakeSize - kDigestSize);
    std::memcpy(s2 + kHandshakeSize - kDigestSize, signature.data(), kDigestSize);
  }
  output_.append(reinterpret_cast<const char*>(s1), kHandshakeSize);
  output_.append(reinterpret_cast<const char*>(s2), kHandshakeSize);
  return {};
}

std::string ServerHandshake::take_output() { return std::exchange(output_, {}); }

}  // namespace ocop::rtmp
