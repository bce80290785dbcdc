#pragma once
// What a viewer does with media once DTLS is up: count RTP per SSRC, find
// gaps in sequence numbers, authenticate a sample of packets with
// srtp_unprotect (all of them would make the client, not the server, the
// bottleneck), read sender reports, and build SRTCP receiver reports and
// generic NACKs (RFC 4585 §6.2.1).
#include <srtp2/srtp.h>

#include <bitset>
#include <cstdint>
#include <string>
#include <vector>

#include "totals.h"

namespace whep_load {

class MediaReceiver {
 public:
  struct Track {
    int pt = -1;
    uint32_t clock_rate = 90000;
    bool nack = false;
  };
  MediaReceiver(std::vector<Track> tracks, uint32_t own_ssrc, unsigned auth_every)
      : tracks_(std::move(tracks)), own_ssrc_(own_ssrc), auth_every_(auth_every ? auth_every : 1) {}
  ~MediaReceiver();
  MediaReceiver(const MediaReceiver&) = delete;
  MediaReceiver& operator=(const MediaReceiver&) = delete;

  bool init(const std::string& local_key, const std::string& remote_key, std::string& error);
  void on_rtp(uint8_t* data, size_t len, int64_t now_us, Totals& t);
  void on_rtcp(uint8_t* data, size_t len, int64_t now_us, Totals& t);
  bool wants_nack() const;
  // An SRTCP compound (RR, then NACKs if any are due) into buf (room for
  // the SRTCP trailer included); 0 when there is nothing to report.
  size_t make_rtcp(uint8_t* buf, size_t cap, int64_t now_us, Totals& t);

  // Over the viewer's life: packets expected from first to highest sequence
  // number, and distinct packets received.
  uint64_t expected() const;
  uint64_t received() const;

 private:
  static constexpr size_t kWindow = 2048;
  struct Stream {
    uint32_t ssrc = 0;
    uint32_t clock_rate = 90000;
    bool nack = false;
    int64_t base = 0, max = 0;  // extended sequence numbers
    uint64_t unique = 0;
    std::bitset<kWindow> seen;
    std::vector<uint16_t> pending;  // missing, not yet NACKed
    uint64_t expected_prior = 0, received_prior = 0;
    double jitter = 0;
    bool have_transit = false;
    int64_t transit = 0;
    uint32_t lsr = 0;
    int64_t lsr_at_us = 0;
  };
  Stream* stream_for(uint32_t ssrc, int pt);

  std::vector<Track> tracks_;
  uint32_t own_ssrc_;
  unsigned auth_every_;
  uint64_t rtp_seen_ = 0;
  std::vector<Stream> streams_;
  srtp_t in_ = nullptr, out_ = nullptr;
};

}  // namespace whep_load
