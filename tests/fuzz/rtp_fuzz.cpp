// libFuzzer target for the RTP/RTCP layer: classify, parse_rtp,
// h264_keyframe_start and parse_rtcp all read the same raw datagram, so a
// packet captured off the wire is a valid seed as it is (see
// corpus/rtp_fuzz/). Invariants are checked with __builtin_trap().
//
// What parses is also written back: rewrite_rtp on a copy must change only
// the four rewritten fields, and every SR, RR, PLI, FIR and NACK parsed must
// come back equal (NACKs: the same set of sequence numbers) after its
// builder and the parser again.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <set>
#include <vector>

#include "webrtc/rtp/packet.h"
#include "webrtc/rtp/rtcp.h"

using namespace ocop::webrtc::rtp;

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

void check_rtp(const uint8_t* data, size_t size) {
  auto h = parse_rtp(data, size);
  if (!h) return;
  check(h->header_size >= 12 && h->header_size + h->payload_size <= size);
  check(h->payload_type <= 127);
  const Kind kind = classify(data, size);
  check(kind == Kind::kRtp || kind == Kind::kRtcp);
  h264_keyframe_start(data + h->header_size, h->payload_size);

  std::vector<uint8_t> copy(data, data + size);
  const uint8_t pt = static_cast<uint8_t>(h->seq);  // any byte: bit 7 must be dropped
  const uint16_t seq = static_cast<uint16_t>(h->timestamp);
  rewrite_rtp(copy.data(), pt, seq, ~h->timestamp, h->ssrc ^ 0x5a5a5a5a);
  auto again = parse_rtp(copy.data(), copy.size());
  check(again.has_value());
  RtpHeader expected = *h;
  expected.payload_type = pt & 0x7f;
  expected.seq = seq;
  expected.timestamp = ~h->timestamp;
  expected.ssrc = h->ssrc ^ 0x5a5a5a5a;
  check(*again == expected);
  check(copy[0] == data[0]);
  check(std::memcmp(copy.data() + 12, data + 12, size - 12) == 0);
}

Compound reparse(const std::vector<uint8_t>& bytes) {
  // Builders write what the default limits accept, one packet at a time.
  auto r = parse_rtcp(bytes.data(), bytes.size());
  check(r.ok());
  return std::move(r).value();
}

void check_rtcp(const uint8_t* data, size_t size, const RtcpLimits& limits) {
  auto r = parse_rtcp(data, size, limits);
  if (!r.ok()) {
    check(r.error().code == "invalid" && !r.error().message.empty());
    return;
  }
  const Compound& c = *r;
  const size_t packets = c.sender_reports.size() + c.receiver_reports.size() + c.nacks.size() + c.plis.size() +
                         c.firs.size() + c.ignored;
  check(packets >= 1 && packets <= limits.max_packets);
  check(size % 4 == 0);

  size_t nack_seqs = 0, fir_entries = 0;
  for (const auto& n : c.nacks) {
    check(!n.seqs.empty());
    nack_seqs += n.seqs.size();
  }
  for (const auto& f : c.firs) {
    check(!f.entries.empty());
    fir_entries += f.entries.size();
  }
  check(nack_seqs <= limits.max_nack_seqs && fir_entries <= limits.max_fir_entries);

  for (const auto& sr : c.sender_reports) {
    check(sr.reports.size() <= limits.max_report_blocks && sr.reports.size() <= 31);
    std::vector<uint8_t> out;
    append_sender_report(out, sr);
    auto back = reparse(out);
    check(back.sender_reports.size() == 1 && back.sender_reports[0] == sr);
  }
  for (const auto& rr : c.receiver_reports) {
    check(rr.reports.size() <= limits.max_report_blocks);
    std::vector<uint8_t> out;
    append_receiver_report(out, rr);
    auto back = reparse(out);
    check(back.receiver_reports.size() == 1 && back.receiver_reports[0] == rr);
  }
  for (const auto& pli : c.plis) {
    std::vector<uint8_t> out;
    append_pli(out, pli);
    check(reparse(out).plis == std::vector<Pli>{pli});
  }
  for (const auto& fir : c.firs) {
    std::vector<uint8_t> out;
    append_fir(out, fir);
    check(reparse(out).firs == std::vector<Fir>{fir});
  }
  for (const auto& n : c.nacks) {
    std::vector<uint8_t> out;
    append_nack(out, n);
    auto back = parse_rtcp(out.data(), out.size(), RtcpLimits{1, 31, n.seqs.size(), 64});
    check(back.ok() && back->nacks.size() == 1);
    const Nack& b = back->nacks[0];
    check(b.sender_ssrc == n.sender_ssrc && b.media_ssrc == n.media_ssrc);
    check(std::set<uint16_t>(b.seqs.begin(), b.seqs.end()) == std::set<uint16_t>(n.seqs.begin(), n.seqs.end()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Kind kind = classify(data, size);
  check(kind == Kind::kUnknown || size >= 8);

  check_rtp(data, size);
  h264_keyframe_start(data, size);

  // Small limits reach every limit check with short inputs.
  check_rtcp(data, size, RtcpLimits{3, 2, 20, 2});
  check_rtcp(data, size, RtcpLimits{});
  return 0;
}
