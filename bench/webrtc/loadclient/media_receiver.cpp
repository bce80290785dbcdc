#include "media_receiver.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace whep_load {
namespace {

constexpr size_t kMaxStreams = 4;
constexpr size_t kMaxPending = 512;  // a longer gap is a stall, not loss worth NACKing

uint16_t rd16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
uint32_t rd32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}
void wr16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
void wr32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

bool make_session(srtp_t* s, const std::string& key, srtp_ssrc_type_t type) {
  srtp_policy_t p;
  std::memset(&p, 0, sizeof p);
  srtp_crypto_policy_set_rtp_default(&p.rtp);  // AES-128-CM, HMAC-SHA1-80
  srtp_crypto_policy_set_rtcp_default(&p.rtcp);
  p.ssrc.type = type;
  p.key = reinterpret_cast<unsigned char*>(const_cast<char*>(key.data()));
  p.window_size = 1024;
  return srtp_create(s, &p) == srtp_err_status_ok;
}

}  // namespace

MediaReceiver::~MediaReceiver() {
  if (in_) srtp_dealloc(in_);
  if (out_) srtp_dealloc(out_);
}

bool MediaReceiver::init(const std::string& local_key, const std::string& remote_key, std::string& error) {
  if (!make_session(&in_, remote_key, ssrc_any_inbound) || !make_session(&out_, local_key, ssrc_any_outbound)) {
    error = "srtp_create failed";
    return false;
  }
  return true;
}

MediaReceiver::Stream* MediaReceiver::stream_for(uint32_t ssrc, int pt) {
  for (Stream& s : streams_)
    if (s.ssrc == ssrc) return &s;
  const Track* track = nullptr;
  for (const Track& t : tracks_)
    if (t.pt == pt) track = &t;
  if (!track || streams_.size() >= kMaxStreams) return nullptr;
  Stream s;
  s.ssrc = ssrc;
  s.clock_rate = track->clock_rate;
  s.nack = track->nack;
  s.base = -1;
  streams_.push_back(std::move(s));
  return &streams_.back();
}

void MediaReceiver::on_rtp(uint8_t* data, size_t len, int64_t now_us, Totals& t) {
  if (len < 12 || (data[0] >> 6) != 2) return;
  ++t.rtp_packets;
  t.rtp_bytes += len;
  const int pt = data[1] & 0x7f;
  const uint16_t seq = rd16(data + 2);
  const uint32_t ts = rd32(data + 4);
  const uint32_t ssrc = rd32(data + 8);
  // The header is in clear text (RFC 3711 §3.1); only a sample pays for
  // decryption and the HMAC.
  if (++rtp_seen_ % auth_every_ == 0) {
    int n = static_cast<int>(len);
    ++t.auth_checked;
    const srtp_err_status_t e = srtp_unprotect(in_, data, &n);
    if (e == srtp_err_status_auth_fail) ++t.auth_failures;
    else if (e == srtp_err_status_replay_fail || e == srtp_err_status_replay_old) ++t.replays;
    else if (e != srtp_err_status_ok) ++t.auth_failures;
  }
  Stream* s = stream_for(ssrc, pt);
  if (!s) return;
  if (s->base < 0) {
    s->base = s->max = 65536 + seq;  // room below for a packet that was overtaken
    s->seen.set(static_cast<size_t>(s->max) % kWindow);
    s->unique = 1;
    return;
  }
  const int64_t ext = s->max + static_cast<int16_t>(static_cast<uint16_t>(seq - static_cast<uint16_t>(s->max)));
  if (ext > s->max) {
    const int64_t missing = ext - s->max - 1;
    t.gaps += static_cast<uint64_t>(missing);
    if (ext - s->max >= static_cast<int64_t>(kWindow)) {
      s->seen.reset();
    } else {
      for (int64_t i = s->max + 1; i <= ext; ++i) s->seen.reset(static_cast<size_t>(i) % kWindow);
    }
    if (s->nack)
      for (int64_t i = s->max + 1; i < ext && s->pending.size() < kMaxPending; ++i)
        s->pending.push_back(static_cast<uint16_t>(i));
    s->max = ext;
    s->seen.set(static_cast<size_t>(ext) % kWindow);
    ++s->unique;
    // RFC 3550 §A.8 interarrival jitter, for packets in order only.
    const int64_t arrival = now_us * static_cast<int64_t>(s->clock_rate) / 1000000;
    const int64_t transit = arrival - static_cast<int64_t>(ts);
    if (s->have_transit) {
      const double d = std::abs(static_cast<double>(transit - s->transit));
      s->jitter += (d - s->jitter) / 16.0;
    }
    s->have_transit = true;
    s->transit = transit;
    return;
  }
  if (ext < s->base || s->max - ext >= static_cast<int64_t>(kWindow)) {
    ++t.duplicates;  // too old to tell
    return;
  }
  const size_t bit = static_cast<size_t>(ext) % kWindow;
  if (s->seen.test(bit)) {
    ++t.duplicates;
    return;
  }
  s->seen.set(bit);
  ++s->unique;
  ++t.recovered;
  auto it = std::find(s->pending.begin(), s->pending.end(), static_cast<uint16_t>(ext));
  if (it != s->pending.end()) s->pending.erase(it);
}

void MediaReceiver::on_rtcp(uint8_t* data, size_t len, int64_t now_us, Totals& t) {
  ++t.rtcp_packets;
  int n = static_cast<int>(len);
  if (srtp_unprotect_rtcp(in_, data, &n) != srtp_err_status_ok) {
    ++t.rtcp_auth_failures;
    return;
  }
  // Sender reports: remember the middle of the NTP stamp for our LSR/DLSR,
  // so the sender can measure round-trip time (RFC 3550 §6.4.1).
  size_t at = 0;
  while (at + 8 <= static_cast<size_t>(n)) {
    const uint8_t* p = data + at;
    const size_t words = rd16(p + 2) + 1;
    if ((p[0] >> 6) != 2 || at + 4 * words > static_cast<size_t>(n)) break;
    if (p[1] == 200 && words >= 7) {
      const uint32_t ssrc = rd32(p + 4);
      for (Stream& s : streams_) {
        if (s.ssrc != ssrc) continue;
        s.lsr = rd32(p + 10);
        s.lsr_at_us = now_us;
      }
    }
    at += 4 * words;
  }
}

bool MediaReceiver::wants_nack() const {
  for (const Stream& s : streams_)
    if (!s.pending.empty()) return true;
  return false;
}

size_t MediaReceiver::make_rtcp(uint8_t* buf, size_t cap, int64_t now_us, Totals& t) {
  if (streams_.empty()) return 0;
  const size_t n_blocks = std::min<size_t>(streams_.size(), 31);
  size_t len = 8 + 24 * n_blocks;
  if (len + SRTP_MAX_TRAILER_LEN + 4 > cap) return 0;
  buf[0] = static_cast<uint8_t>(0x80 | n_blocks);
  buf[1] = 201;
  wr16(buf + 2, static_cast<uint16_t>(len / 4 - 1));
  wr32(buf + 4, own_ssrc_);
  uint8_t* b = buf + 8;
  for (size_t i = 0; i < n_blocks; ++i, b += 24) {
    Stream& s = streams_[i];
    const uint64_t expected = static_cast<uint64_t>(s.max - s.base + 1);
    const uint64_t expected_interval = expected - s.expected_prior;
    const uint64_t received_interval = s.unique - s.received_prior;
    s.expected_prior = expected;
    s.received_prior = s.unique;
    const int64_t lost_interval = static_cast<int64_t>(expected_interval) - static_cast<int64_t>(received_interval);
    const uint8_t fraction = (expected_interval == 0 || lost_interval <= 0)
                                 ? 0
                                 : static_cast<uint8_t>(std::min<int64_t>(255, (lost_interval << 8) / expected_interval));
    const int64_t lost = std::clamp<int64_t>(static_cast<int64_t>(expected) - static_cast<int64_t>(s.unique),
                                             -0x800000, 0x7fffff);
    wr32(b, s.ssrc);
    wr32(b + 4, (uint32_t{fraction} << 24) | (static_cast<uint32_t>(lost) & 0xffffff));
    wr32(b + 8, static_cast<uint32_t>(s.max - 65536));  // cycles in the high 16 bits
    wr32(b + 12, static_cast<uint32_t>(s.jitter));
    wr32(b + 16, s.lsr);
    const int64_t dlsr = s.lsr ? (now_us - s.lsr_at_us) * 65536 / 1000000 : 0;
    wr32(b + 20, static_cast<uint32_t>(dlsr));
  }
  ++t.receiver_reports;
  for (Stream& s : streams_) {
    if (s.pending.empty()) continue;
    std::sort(s.pending.begin(), s.pending.end(), [base = s.pending.front()](uint16_t a, uint16_t c) {
      return static_cast<uint16_t>(a - base) < static_cast<uint16_t>(c - base);
    });
    // FCI entries: a packet id and a bitmask of the 16 that follow it.
    std::vector<std::pair<uint16_t, uint16_t>> fci;
    for (uint16_t seq : s.pending) {
      if (!fci.empty()) {
        const uint16_t d = static_cast<uint16_t>(seq - fci.back().first);
        if (d == 0) continue;
        if (d <= 16) {
          fci.back().second |= static_cast<uint16_t>(1u << (d - 1));
          continue;
        }
      }
      fci.emplace_back(seq, 0);
    }
    const size_t need = 12 + 4 * fci.size();
    if (len + need + SRTP_MAX_TRAILER_LEN + 4 > cap) break;
    uint8_t* p = buf + len;
    p[0] = 0x81;  // V=2, FMT=1 generic NACK
    p[1] = 205;
    wr16(p + 2, static_cast<uint16_t>(need / 4 - 1));
    wr32(p + 4, own_ssrc_);
    wr32(p + 8, s.ssrc);
    for (size_t i = 0; i < fci.size(); ++i) {
      wr16(p + 12 + 4 * i, fci[i].first);
      wr16(p + 14 + 4 * i, fci[i].second);
    }
    len += need;
    ++t.nack_packets;
    t.nack_seqs += s.pending.size();
    s.pending.clear();  // one NACK per loss: a retransmission that is lost too stays lost
  }
  int n = static_cast<int>(len);
  if (srtp_protect_rtcp(out_, buf, &n) != srtp_err_status_ok) return 0;
  return static_cast<size_t>(n);
}

uint64_t MediaReceiver::expected() const {
  uint64_t e = 0;
  for (const Stream& s : streams_) e += static_cast<uint64_t>(s.max - s.base + 1);
  return e;
}

uint64_t MediaReceiver::received() const {
  uint64_t r = 0;
  for (const Stream& s : streams_) r += s.unique;
  return r;
}

}  // namespace whep_load
