#pragma once
// RTCP for the fan-out engine: a bounded parser of (already decrypted)
// compound and reduced-size datagrams, keeping what a sender acts on (report
// blocks, NACK, PLI, FIR), and builders for what it sends.
// Bytes in, values out: no sockets, no threads, no GStreamer.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace ocop::webrtc::rtp {

// RFC 3550 §6.4.1.
struct ReportBlock {
  uint32_t ssrc = 0;
  uint8_t fraction_lost = 0;
  int32_t cumulative_lost = 0;  // 24-bit signed, sign-extended
  uint32_t highest_seq = 0;
  uint32_t jitter = 0;
  uint32_t lsr = 0;
  uint32_t dlsr = 0;

  bool operator==(const ReportBlock&) const = default;
};

struct SenderReport {
  uint32_t ssrc = 0;
  uint64_t ntp = 0;
  uint32_t rtp_timestamp = 0;
  uint32_t packets = 0;
  uint32_t octets = 0;
  std::vector<ReportBlock> reports;

  bool operator==(const SenderReport&) const = default;
};

struct ReceiverReport {
  uint32_t ssrc = 0;
  std::vector<ReportBlock> reports;

  bool operator==(const ReceiverReport&) const = default;
};

// RFC 4585 §6.2.1 generic NACK, PID+BLP expanded (each FCI gives its PID,
// then the BLP bits in increasing order).
struct Nack {
  uint32_t sender_ssrc = 0;
  uint32_t media_ssrc = 0;
  std::vector<uint16_t> seqs;

  bool operator==(const Nack&) const = default;
};

// RFC 4585 §6.3.1 (PT 206 FMT 1).
struct Pli {
  uint32_t sender_ssrc = 0;
  uint32_t media_ssrc = 0;

  bool operator==(const Pli&) const = default;
};

// RFC 5104 §4.3.1 (PT 206 FMT 4): (ssrc, seq nr) per FCI entry.
struct Fir {
  uint32_t sender_ssrc = 0;
  std::vector<std::pair<uint32_t, uint8_t>> entries;

  bool operator==(const Fir&) const = default;
};

struct Compound {
  std::vector<SenderReport> sender_reports;
  std::vector<ReceiverReport> receiver_reports;
  std::vector<Nack> nacks;
  std::vector<Pli> plis;
  std::vector<Fir> firs;
  size_t ignored = 0;  // well-formed packets of other types (SDES, BYE, REMB/APP, transport-cc, XR...)
};

// Per datagram. max_report_blocks applies to each SR/RR (its 5-bit count
// allows 31); max_nack_seqs and max_fir_entries to the datagram's total.
struct RtcpLimits {
  size_t max_packets = 64;
  size_t max_report_blocks = 31;
  size_t max_nack_seqs = 1024;
  size_t max_fir_entries = 64;
};

// A compound (or RFC 5506 reduced-size, i.e. a single non-SR/RR packet) RTCP
// datagram, already decrypted. Walks every packet by its length field; error
// (code "invalid", readable message) when a length overruns, version != 2,
// or a limit is passed; unknown types are skipped and counted.
Result<Compound> parse_rtcp(const uint8_t* data, size_t len, const RtcpLimits& limits = {});

// Builders: append to `out`.
void append_sender_report(std::vector<uint8_t>& out, const SenderReport& sr);      // PT 200, with its report blocks (max 31)
void append_receiver_report(std::vector<uint8_t>& out, const ReceiverReport& rr);  // PT 201 (used by the load client / tests)
void append_sdes_cname(std::vector<uint8_t>& out, uint32_t ssrc, std::string_view cname);  // PT 202, one chunk, padded to 32 bits
void append_nack(std::vector<uint8_t>& out, const Nack& nack);  // packs seqs into PID+BLP FCIs
void append_pli(std::vector<uint8_t>& out, const Pli& pli);
void append_fir(std::vector<uint8_t>& out, const Fir& fir);  // PT 206 FMT 4 (load client / tests)

// NTP helpers (RFC 3550 §4): 64-bit NTP from Unix microseconds, and its
// middle 32 bits (what LSR echoes).
uint64_t ntp_from_unix_us(int64_t unix_us);
inline uint32_t ntp_middle(uint64_t ntp) { return static_cast<uint32_t>(ntp >> 16); }

}  // namespace ocop::webrtc::rtp
