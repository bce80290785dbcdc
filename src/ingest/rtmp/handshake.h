#pragma once
// Server side of the RTMP handshake (Adobe RTMP spec 1.0 §5.2):
//   C0 C1  ->           (1 + 1536 bytes)
//          <- S0 S1 S2
//   C2     ->           (1536 bytes)
//
// Two flavours exist in the field. The spec's plain one echoes C1 as S2.
// Flash Player 9+ clients (ffmpeg, librtmp with FP9 enabled) put an
// HMAC-SHA256 digest into C1 (the undocumented "complex" handshake); they
// expect S1 to carry a server digest and S2 to be signed with a key derived
// from their C1 digest. librtmp rejects a server that fails that check, so we
// answer digest clients in kind and everyone else plainly.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/result.h"

namespace ocop::rtmp {

inline constexpr size_t kHandshakeSize = 1536;
inline constexpr uint8_t kRtmpVersion = 3;
inline constexpr size_t kDigestSize = 32;

// Where a digest sits inside a 1536-byte C1/S1 block. "Scheme 0" keeps the
// 4 offset bytes at 8, "scheme 1" at 772; each offset is the byte sum of those
// four bytes modulo 728, skipping the offset bytes themselves.
enum class DigestScheme { kOffset8, kOffset772 };
size_t digest_offset(const uint8_t* block, DigestScheme scheme);

// HMAC-SHA256 over block minus its 32 digest bytes at digest_pos.
std::array<uint8_t, kDigestSize> block_digest(const uint8_t* block, size_t digest_pos, const uint8_t* key,
                                              size_t key_size);
std::array<uint8_t, kDigestSize> hmac_sha256(const uint8_t* key, size_t key_size, const uint8_t* data, size_t size);

// The keys every Flash-compatible implementation shares: the first 30/36
// bytes sign C1/S1, the full 62/68 bytes derive the C2/S2 signing key.
extern const std::array<uint8_t, 62> kFlashPlayerKey;
extern const std::array<uint8_t, 68> kFlashMediaServerKey;
inline constexpr size_t kFlashPlayerKeyC1Size = 30;      // "Genuine Adobe Flash Player 001"
inline constexpr size_t kFlashMediaServerKeyS1Size = 36;  // "Genuine Adobe Flash Media Server 001"

class ServerHandshake {
 public:
  enum class State { kWaitC0C1, kWaitC2, kDone };

  // Consumes handshake bytes from data and returns how many it used (the
  // rest belongs to the chunk stream). Partial input is buffered.
  Result<size_t> feed(const uint8_t* data, size_t size);
  // S0+S1+S2 once C0+C1 arrived; empty before and after.
  std::string take_output();

  State state() const { return state_; }
  bool done() const { return state_ == State::kDone; }
  // True when C1 carried a valid Flash Player digest and we signed S1/S2.
  bool digest_used() const { return digest_used_; }

 private:
  Status answer_c0c1();

  State state_ = State::kWaitC0C1;
  std::string buffer_;  // bounded: at most C0+C1 (1537) or C2 (1536) bytes
  std::string output_;
  bool digest_used_ = false;
};

}  // namespace ocop::rtmp
