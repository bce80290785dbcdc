// parse_rtcp: one pass over a compound datagram (RFC 3550 §6.1), each packet
// read only within its own length field. Every count a peer controls is
// checked against RtcpLimits before anything grows.
#include <string>

#include "common/byte_reader.h"
#include "webrtc/rtp/rtcp.h"

namespace ocop::webrtc::rtp {

namespace {

constexpr uint8_t kSenderReport = 200;
constexpr uint8_t kReceiverReport = 201;
constexpr uint8_t kTransportFeedback = 205;  // RTPFB, RFC 4585 §6.2
constexpr uint8_t kPayloadFeedback = 206;    // PSFB, RFC 4585 §6.3
constexpr uint8_t kFmtGenericNack = 1;
constexpr uint8_t kFmtPli = 1;
constexpr uint8_t kFmtFir = 4;
constexpr size_t kReportBlockSize = 24;

Error invalid(std::string message) { return make_error("invalid", std::move(message)); }

int32_t sign_extend_24(uint32_t v) {
  return (v & 0x800000) ? static_cast<int32_t>(v) - 0x1000000 : static_cast<int32_t>(v);
}

bool read_block(ByteReader& r, ReportBlock& b) {
  uint8_t fraction = 0;
  uint32_t cumulative = 0;
  if (!r.u32be(b.ssrc) || !r.u8(fraction) || !r.u24be(cumulative) || !r.u32be(b.highest_seq) ||
      !r.u32be(b.jitter) || !r.u32be(b.lsr) || !r.u32be(b.dlsr)) {
    return false;
  }
  b.fraction_lost = fraction;
  b.cumulative_lost = sign_extend_24(cumulative);
  return true;
}

class CompoundParser {
 public:
  explicit CompoundParser(const RtcpLimits& limits) : limits_(limits) {}

  Result<Compound> run(const uint8_t* data, size_t len) {
    if (data == nullptr || len == 0) return invalid("empty RTCP datagram");
    ByteReader r(data, len);
    size_t index = 0;
    while (!r.empty()) {
      ++index;
      if (index > limits_.max_packets) {
        return invalid("more than " + std::to_string(limits_.max_packets) + " RTCP packets in one datagram");
      }
      if (r.remaining() < 4) {
        return invalid("RTCP packet " + std::to_string(index) + ": " + std::to_string(r.remaining()) +
                       " trailing bytes, shorter than a header");
      }
      uint8_t b0 = 0, pt = 0;
      uint16_t words = 0;
      r.u8(b0);
      r.u8(pt);
      r.u16be(words);
      where_ = "RTCP packet " + std::to_string(index) + " (PT " + std::to_string(pt) + ")";
      if ((b0 >> 6) != 2) return invalid(where_ + ": version " + std::to_string(b0 >> 6) + ", expected 2");
      size_t size = 4 * size_t{words};
      if (r.remaining() < size) {
        return invalid(where_ + ": length field says " + std::to_string(size + 4) + " bytes, only " +
                       std::to_string(r.remaining() + 4) + " left");
      }
      const uint8_t* body = r.current();
      r.skip(size);
      if (b0 & 0x20) {
        // RFC 3550 §6.4.1: the last octet counts the padding, itself included.
        const size_t pad = size == 0 ? 0 : body[size - 1];
        if (pad == 0 || pad > size) {
          return invalid(where_ + ": padding of " + std::to_string(pad) + " bytes in a " + std::to_string(size + 4) +
                         "-byte packet");
        }
        size -= pad;
      }
      if (auto st = read_packet(static_cast<uint8_t>(b0 & 0x1f), pt, ByteReader(body, size)); !st) return st.error();
    }
    return std::move(out_);
  }

 private:
  Status read_packet(uint8_t count, uint8_t pt, ByteReader r) {
    switch (pt) {
      case kSenderReport: return read_sender_report(count, r);
      case kReceiverReport: return read_receiver_report(count, r);
      case kTransportFeedback:
        if (count == kFmtGenericNack) return read_nack(r);
        return skip_feedback(r);
      case kPayloadFeedback:
        if (count == kFmtPli) return read_pli(r);
        if (count == kFmtFir) return read_fir(r);
        return skip_feedback(r);
      default:
        ++out_.ignored;
        return {};
    }
  }

  Status read_blocks(uint8_t count, ByteReader& r, std::vector<ReportBlock>& blocks) {
    if (count > limits_.max_report_blocks) {
      return invalid(where_ + ": " + std::to_string(count) + " report blocks, more than " +
                     std::to_string(limits_.max_report_blocks));
    }
    if (r.remaining() < count * kReportBlockSize) {
      return invalid(where_ + ": " + std::to_string(count) + " report blocks do not fit in its length");
    }
    blocks.resize(count);
    for (auto& b : blocks) read_block(r, b);
    // Anything after the blocks is a profile-specific extension (RFC 3550
    // §6.4.1): allowed, and nothing we read.
    return {};
  }

  Status read_sender_report(uint8_t count, ByteReader& r) {
    SenderReport sr;
    uint32_t ntp_hi = 0, ntp_lo = 0;
    if (!r.u32be(sr.ssrc) || !r.u32be(ntp_hi) || !r.u32be(ntp_lo) || !r.u32be(sr.rtp_timestamp) ||
        !r.u32be(sr.packets) || !r.u32be(sr.octets)) {
      return invalid(where_ + ": sender report shorter than its sender info");
    }
    sr.ntp = uint64_t{ntp_hi} << 32 | ntp_lo;
    if (auto st = read_blocks(count, r, sr.reports); !st) return st;
    out_.sender_reports.push_back(std::move(sr));
    return {};
  }

  Status read_receiver_report(uint8_t count, ByteReader& r) {
    ReceiverReport rr;
    if (!r.u32be(rr.ssrc)) return invalid(where_ + ": receiver report without a sender SSRC");
    if (auto st = read_blocks(count, r, rr.reports); !st) return st;
    out_.receiver_reports.push_back(std::move(rr));
    return {};
  }

  // RFC 4585 §6.1: every feedback message starts with both SSRCs.
  Status read_ssrcs(ByteReader& r, uint32_t& sender, uint32_t& media) {
    if (!r.u32be(sender) || !r.u32be(media)) return invalid(where_ + ": feedback message shorter than its two SSRCs");
    return {};
  }

  Status skip_feedback(ByteReader& r) {
    uint32_t sender = 0, media = 0;
    if (auto st = read_ssrcs(r, sender, media); !st) return st;
    ++out_.ignored;
    return {};
  }

  // RFC 4585 §6.2.1: one or more 32-bit FCIs, a PID and a bitmask of the
  // 16 following sequence numbers (wrapping past 65535).
  Status read_nack(ByteReader& r) {
    Nack nack;
    if (auto st = read_ssrcs(r, nack.sender_ssrc, nack.media_ssrc); !st) return st;
    if (r.empty() || r.remaining() % 4 != 0) {
      return invalid(where_ + ": generic NACK needs whole FCIs, has " + std::to_string(r.remaining()) + " bytes");
    }
    uint16_t pid = 0, blp = 0;
    while (r.u16be(pid) && r.u16be(blp)) {
      nack_seqs_ += 1 + static_cast<size_t>(__builtin_popcount(blp));
      if (nack_seqs_ > limits_.max_nack_seqs) {
        return invalid(where_ + ": NACKs ask for more than " + std::to_string(limits_.max_nack_seqs) +
                       " packets in one datagram");
      }
      nack.seqs.push_back(pid);
      for (unsigned bit = 0; bit < 16; ++bit) {
        if (blp & (1u << bit)) nack.seqs.push_back(static_cast<uint16_t>(pid + bit + 1));
      }
    }
    out_.nacks.push_back(std::move(nack));
    return {};
  }

  Status read_pli(ByteReader& r) {
    Pli pli;
    if (auto st = read_ssrcs(r, pli.sender_ssrc, pli.media_ssrc); !st) return st;
    out_.plis.push_back(pli);
    return {};
  }

  // RFC 5104 §4.3.1: the media SSRC is unused (0); each 8-byte FCI names an
  // SSRC and a command sequence number, then 24 reserved bits.
  Status read_fir(ByteReader& r) {
    Fir fir;
    uint32_t unused = 0;
    if (auto st = read_ssrcs(r, fir.sender_ssrc, unused); !st) return st;
    if (r.empty() || r.remaining() % 8 != 0) {
      return invalid(where_ + ": FIR needs whole 8-byte FCIs, has " + std::to_string(r.remaining()) + " bytes");
    }
    uint32_t ssrc = 0;
    uint8_t seq = 0;
    while (r.u32be(ssrc) && r.u8(seq) && r.skip(3)) {
      if (++fir_entries_ > limits_.max_fir_entries) {
        return invalid(where_ + ": more than " + std::to_string(limits_.max_fir_entries) +
                       " FIR entries in one datagram");
      }
      fir.entries.emplace_back(ssrc, seq);
    }
    out_.firs.push_back(std::move(fir));
    return {};
  }

  const RtcpLimits& limits_;
  Compound out_;
  std::string where_;
  size_t nack_seqs_ = 0;
  size_t fir_entries_ = 0;
};

}  // namespace

Result<Compound> parse_rtcp(const uint8_t* data, size_t len, const RtcpLimits& limits) {
  return CompoundParser(limits).run(data, len);
}

}  // namespace ocop::webrtc::rtp
