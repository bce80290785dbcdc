#pragma once
// Counters summed over every viewer, read by the progress line and the
// final summary. One thread writes and reads them: plain integers.
#include <cstdint>

namespace whep_load {

struct Totals {
  uint64_t datagrams = 0, bytes = 0;   // everything the viewers' sockets received
  uint64_t rtp_packets = 0, rtp_bytes = 0;
  uint64_t rtcp_packets = 0;
  uint64_t auth_checked = 0;           // RTP packets run through srtp_unprotect
  uint64_t auth_failures = 0;          // of those, srtp_err_status_auth_fail
  uint64_t replays = 0;                // of those, a repeated index (a retransmission we already had)
  uint64_t rtcp_auth_failures = 0;
  uint64_t gaps = 0;                   // sequence numbers found missing on arrival
  uint64_t recovered = 0;              // of those, arrived later (retransmission or reordering)
  uint64_t duplicates = 0;
  uint64_t dropped = 0;                // by --drop, on purpose
  uint64_t nack_packets = 0, nack_seqs = 0;
  uint64_t receiver_reports = 0;
  uint64_t stun_checks = 0, stun_responses = 0, stun_requests_answered = 0;
};

}  // namespace whep_load
