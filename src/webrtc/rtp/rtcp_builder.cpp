// RTCP builders (RFC 3550 §6.4, §6.5; RFC 4585 §6.2.1, §6.3.1; RFC 5104
// §4.3.1): what the fan-out engine sends to viewers, and what the load client
// and the tests send back. Each appends whole packets, so a compound datagram
// is several calls on one buffer.
#include <algorithm>

#include "webrtc/rtp/rtcp.h"

namespace ocop::webrtc::rtp {

namespace {

constexpr uint8_t kSenderReport = 200;
constexpr uint8_t kReceiverReport = 201;
constexpr uint8_t kSourceDescription = 202;
constexpr uint8_t kTransportFeedback = 205;
constexpr uint8_t kPayloadFeedback = 206;
constexpr uint8_t kSdesCname = 1;
constexpr size_t kMaxReportBlocks = 31;  // the 5-bit count
// The 16-bit length field counts 32-bit words minus one: a feedback packet
// holds at most this many words after its header and two SSRCs.
constexpr size_t kMaxFeedbackWords = 0xffff - 2;

void put_u8(std::vector<uint8_t>& out, uint8_t v) { out.push_back(v); }

void put_u16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

void put_u24(std::vector<uint8_t>& out, uint32_t v) {
  out.push_back(static_cast<uint8_t>(v >> 16));
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  put_u16(out, static_cast<uint16_t>(v >> 16));
  put_u16(out, static_cast<uint16_t>(v));
}

// `bytes` is the whole packet, header included, a multiple of 4.
void put_header(std::vector<uint8_t>& out, size_t count, uint8_t pt, size_t bytes) {
  put_u8(out, static_cast<uint8_t>(0x80 | (count & 0x1f)));
  put_u8(out, pt);
  put_u16(out, static_cast<uint16_t>(bytes / 4 - 1));
}

void put_block(std::vector<uint8_t>& out, const ReportBlock& b) {
  // Saturates rather than wraps: a huge loss must not read as a small one.
  const int32_t lost = std::clamp<int32_t>(b.cumulative_lost, -0x800000, 0x7fffff);
  put_u32(out, b.ssrc);
  put_u8(out, b.fraction_lost);
  put_u24(out, static_cast<uint32_t>(lost) & 0xffffff);
  put_u32(out, b.highest_seq);
  put_u32(out, b.jitter);
  put_u32(out, b.lsr);
  put_u32(out, b.dlsr);
}

}  // namespace

void append_sender_report(std::vector<uint8_t>& out, const SenderReport& sr) {
  const size_t count = std::min(sr.reports.size(), kMaxReportBlocks);
  put_header(out, count, kSenderReport, 28 + 24 * count);
  put_u32(out, sr.ssrc);
  put_u32(out, static_cast<uint32_t>(sr.ntp >> 32));
  put_u32(out, static_cast<uint32_t>(sr.ntp));
  put_u32(out, sr.rtp_timestamp);
  put_u32(out, sr.packets);
  put_u32(out, sr.octets);
  for (size_t i = 0; i < count; ++i) put_block(out, sr.reports[i]);
}

void append_receiver_report(std::vector<uint8_t>& out, const ReceiverReport& rr) {
  const size_t count = std::min(rr.reports.size(), kMaxReportBlocks);
  put_header(out, count, kReceiverReport, 8 + 24 * count);
  put_u32(out, rr.ssrc);
  for (size_t i = 0; i < count; ++i) put_block(out, rr.reports[i]);
}

void append_sdes_cname(std::vector<uint8_t>& out, uint32_t ssrc, std::string_view cname) {
  // RFC 3550 §6.5: an item length is one octet; the chunk ends with at
  // least one null octet and is padded to 32 bits.
  cname = cname.substr(0, 255);
  const size_t chunk = (4 + 2 + cname.size() + 1 + 3) / 4 * 4;
  put_header(out, 1, kSourceDescription, 4 + chunk);
  put_u32(out, ssrc);
  put_u8(out, kSdesCname);
  put_u8(out, static_cast<uint8_t>(cname.size()));
  out.insert(out.end(), cname.begin(), cname.end());
  out.resize(out.size() + (chunk - 6 - cname.size()), 0);
}

void append_nack(std::vector<uint8_t>& out, const Nack& nack) {
  // Each sequence number joins the current FCI when it is within the 16
  // after its PID, else starts a new one: ascending input packs tightly and
  // round-trips through parse_rtcp in the same order.
  std::vector<std::pair<uint16_t, uint16_t>> fcis;
  for (uint16_t seq : nack.seqs) {
    if (!fcis.empty()) {
      const uint16_t delta = static_cast<uint16_t>(seq - fcis.back().first);
      if (delta == 0) continue;
      if (delta <= 16) {
        fcis.back().second = static_cast<uint16_t>(fcis.back().second | (1u << (delta - 1)));
        continue;
      }
    }
    fcis.emplace_back(seq, 0);
  }
  // RFC 4585 §6.2.1 wants at least one FCI: no sequence numbers, no packet.
  for (size_t first = 0; first < fcis.size(); first += kMaxFeedbackWords) {
    const size_t n = std::min(fcis.size() - first, kMaxFeedbackWords);
    put_header(out, 1, kTransportFeedback, 12 + 4 * n);
    put_u32(out, nack.sender_ssrc);
    put_u32(out, nack.media_ssrc);
    for (size_t i = first; i < first + n; ++i) {
      put_u16(out, fcis[i].first);
      put_u16(out, fcis[i].second);
    }
  }
}

void append_pli(std::vector<uint8_t>& out, const Pli& pli) {
  put_header(out, 1, kPayloadFeedback, 12);
  put_u32(out, pli.sender_ssrc);
  put_u32(out, pli.media_ssrc);
}

void append_fir(std::vector<uint8_t>& out, const Fir& fir) {
  constexpr size_t kMaxEntries = kMaxFeedbackWords / 2;
  for (size_t first = 0; first < fir.entries.size(); first += kMaxEntries) {
    const size_t n = std::min(fir.entries.size() - first, kMaxEntries);
    put_header(out, 4, kPayloadFeedback, 12 + 8 * n);
    put_u32(out, fir.sender_ssrc);
    put_u32(out, 0);  // media SSRC: unused by FIR (RFC 5104 §4.3.1.2)
    for (size_t i = first; i < first + n; ++i) {
      put_u32(out, fir.entries[i].first);
      put_u8(out, fir.entries[i].second);
      put_u24(out, 0);
    }
  }
}

uint64_t ntp_from_unix_us(int64_t unix_us) {
  constexpr int64_t kNtpUnixOffsetS = 2208988800;  // 1900-01-01 to 1970-01-01
  int64_t secs = unix_us / 1000000;
  int64_t us = unix_us % 1000000;
  if (us < 0) {
    us += 1000000;
    --secs;
  }
  // Seconds wrap modulo 2^32 (NTP era 1 starts in 2036), as RFC 5905 §6 has it.
  const uint64_t ntp_secs = static_cast<uint64_t>(secs + kNtpUnixOffsetS) & 0xffffffff;
  const uint64_t fraction = (static_cast<uint64_t>(us) << 32) / 1000000;
  return ntp_secs << 32 | fraction;
}

}  // namespace ocop::webrtc::rtp
