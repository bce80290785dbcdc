#include "webrtc/fanout/viewer.h"

#include <chrono>
#include <cstring>

#include "common/log.h"
#include "webrtc/fanout/engine_counters.h"
#include "webrtc/rtp/packet.h"
#include "webrtc/rtp/rtcp.h"

namespace ocop::webrtc::fanout {
namespace {

// RFC 7675 §5.1: consent expires 30 s after the last successful check. As
// the ICE-lite side we never send checks, so the viewer's own traffic is the
// evidence: its checks (browsers send one every few seconds), and from agents
// that send no consent checks (libnice, hence GStreamer's webrtcbin, keeps a
// pair alive with Binding indications every 25 s), its keepalives and any
// SRTCP that authenticates (receiver reports every 5 s, RFC 3550).
constexpr int64_t kConsentTimeoutUs = 30'000'000;
constexpr int64_t kConnectTimeoutUs = 30'000'000;
constexpr int64_t kReportIntervalUs = 1'000'000;
constexpr size_t kMaxNacksPerPacket = 256;

int16_t seq_diff(uint16_t a, uint16_t b) { return static_cast<int16_t>(a - b); }
constexpr uint32_t clock_rate(Track t) { return t == Track::kVideo ? 90000 : 48000; }
// The timestamp step put between the last packet before a rebase and the
// first after it: one frame, so players see no gap worth stalling for.
constexpr uint32_t rebase_gap(Track t) { return t == Track::kVideo ? 3000 : 960; }

}  // namespace

int64_t steady_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Viewer::Viewer(ViewerSetup setup, std::shared_ptr<const DtlsIdentity> identity, std::shared_ptr<BoothFeed> feed,
               EngineCounters& counters, int64_t now_us)
    : setup_(std::move(setup)),
      feed_(std::move(feed)),
      counters_(counters),
      dtls_(std::move(identity), setup_.remote_fingerprint),
      created_us_(now_us),
      last_consent_us_(now_us) {
  track_of(Track::kVideo).pt = setup_.video_pt;
  track_of(Track::kVideo).ssrc = setup_.video_ssrc;
  track_of(Track::kAudio).pt = setup_.audio_pt;
  track_of(Track::kAudio).ssrc = setup_.audio_ssrc;
}

Viewer::~Viewer() = default;

ViewerFigures Viewer::figures() const {
  ViewerFigures f = figures_;
  f.connected = srtp_ != nullptr;
  return f;
}

void Viewer::on_stun(const sockaddr_storage& from, socklen_t from_len, bool use_candidate, int64_t now_us) {
  last_consent_us_ = now_us;
  // ICE-lite (RFC 8445 §7.3.1.5): the controlling browser picks the pair;
  // until it nominates one, the first checked address is the best we know.
  if (use_candidate || !have_address_) {
    address_ = from;
    address_len_ = from_len;
    have_address_ = true;
    link_ = nullptr;
  }
}

void Viewer::on_tcp_stun(TcpLink* link, bool use_candidate, int64_t now_us) {
  last_consent_us_ = now_us;
  if (use_candidate || !have_address_) {
    link_ = link;
    have_address_ = true;
  }
}

void Viewer::on_tcp_closed(const TcpLink* link) {
  if (link_ != link) return;
  link_ = nullptr;
  have_address_ = false;
  path_lost_ = true;
}

void Viewer::emit(uint8_t* buf, size_t len, SendBatch& out) {
  if (!link_) {
    out.commit(len, address_, address_len_);
  } else if (!link_->send(buf, len)) {
    counters_.add(counters_.tcp_dropped);
  }
}

void Viewer::send_datagrams(const std::vector<std::string>& datagrams, SendBatch& out) {
  if (!have_address_) return;
  for (const auto& d : datagrams) {
    if (d.size() > SendBatch::kSlotBytes) continue;
    std::memcpy(out.slot(), d.data(), d.size());
    emit(out.slot(), d.size(), out);
  }
}

void Viewer::on_datagram(uint8_t* data, size_t len, SendBatch& out, int64_t now_us) {
  switch (rtp::classify(data, len)) {
    case rtp::Kind::kDtls: {
      std::vector<std::string> replies;
      const auto before = dtls_.state();
      const auto after = dtls_.feed(data, len, replies);
      send_datagrams(replies, out);
      if (before != after && after == DtlsTransport::State::kConnected) on_connected(out, now_us);
      break;
    }
    case rtp::Kind::kRtcp:
      on_rtcp(data, len, out, now_us);
      break;
    default:
      break;  // a send-only viewer's RTP, or noise
  }
}

void Viewer::on_connected(SendBatch& out, int64_t now_us) {
  auto srtp = SrtpSession::create(*dtls_.keys());
  if (!srtp.ok()) {
    log::warn("webrtc", "booth {}: viewer {}: {}", setup_.booth_id, setup_.id, srtp.error().message);
    return;
  }
  srtp_ = std::move(*srtp);
  log::debug("webrtc", "booth {}: viewer {} connected in {} ms", setup_.booth_id, setup_.id,
             (now_us - created_us_) / 1000);
  track_of(Track::kAudio).open = true;
  TrackState& video = track_of(Track::kVideo);
  if (video.pt < 0) return;
  // Fast start: from the last keyframe, as cached, then live. Packets of the
  // cache still queued for this worker are skipped when they arrive.
  std::vector<PacketPtr> gop = feed_->gop_snapshot();
  if (gop.empty()) {
    feed_->request_keyframe();
    return;
  }
  for (const PacketPtr& p : gop) send_rtp(*p, video, out);
  video.open = true;
  video.skipping = true;
  video.skip_through = gop.back()->seq;
}

void Viewer::on_packet(const MediaPacket& packet, SendBatch& out) {
  if (!srtp_ || !have_address_) return;
  TrackState& t = track_of(packet.track);
  if (t.pt < 0) return;
  // A viewer whose ICE-TCP link cannot keep up skips to the next keyframe,
  // alone: a stall and a jump beat a picture that falls ever further behind.
  if (link_ && link_->congested() && packet.track == Track::kVideo && t.open) {
    t.open = false;
    t.resync = true;
    counters_.add(counters_.congestion_skips);
  }
  if (!t.open) {
    if (!packet.keyframe_start || (link_ && link_->congested())) return;
    t.open = true;
    if (t.resync && t.have_input && packet.ssrc == t.in_ssrc && packet.generation == t.in_generation)
      t.seq_delta = static_cast<uint16_t>(t.last_seq + 1 - packet.seq);
    t.resync = false;
  }
  if (t.skipping) {
    if (packet.ssrc == t.in_ssrc && packet.generation == t.in_generation && seq_diff(packet.seq, t.skip_through) <= 0)
      return;
    t.skipping = false;
  }
  send_rtp(packet, t, out);
}

bool Viewer::send_rtp(const MediaPacket& packet, TrackState& t, SendBatch& out) {
  size_t len = packet.bytes.size();
  if (len < 12 || len + kSrtpOverhead > SendBatch::kSlotBytes) return false;
  if (!t.have_input || packet.ssrc != t.in_ssrc || packet.generation != t.in_generation) {
    // A new payloader (pipeline restart) or the first packet: continue the
    // viewer's sequence and timeline where they were.
    if (t.have_output) {
      t.seq_delta = static_cast<uint16_t>(t.last_seq + 1 - packet.seq);
      t.ts_delta = t.last_ts + rebase_gap(packet.track) - packet.timestamp;
    }
    t.have_input = true;
    t.in_ssrc = packet.ssrc;
    t.in_generation = packet.generation;
  }
  const uint16_t seq = static_cast<uint16_t>(packet.seq + t.seq_delta);
  const uint32_t ts = packet.timestamp + t.ts_delta;
  uint8_t* buf = out.slot();
  std::memcpy(buf, packet.bytes.data(), len);
  rtp::rewrite_rtp(buf, static_cast<uint8_t>(t.pt), seq, ts, t.ssrc);
  if (!srtp_->protect_rtp(buf, len)) return false;
  emit(buf, len, out);
  if (!t.have_output || seq_diff(seq, t.last_seq) > 0) {
    t.have_output = true;
    t.last_seq = seq;
    t.last_ts = ts;
    t.last_ntp_us = packet.ntp_unix_us;
  }
  ++t.packets;
  t.octets += static_cast<uint32_t>(packet.bytes.size() - 12);
  return true;
}

void Viewer::on_rtcp(uint8_t* data, size_t len, SendBatch& out, int64_t now_us) {
  if (!srtp_) return;
  if (!srtp_->unprotect_rtcp(data, len)) {
    counters_.add(counters_.srtcp_failures);
    return;
  }
  last_consent_us_ = now_us;
  auto rtcp = rtp::parse_rtcp(data, len);
  if (!rtcp.ok()) return;
  size_t asked = 0;
  for (const auto& nack : rtcp->nacks) {
    for (Track tr : {Track::kVideo, Track::kAudio}) {
      TrackState& t = track_of(tr);
      if (t.pt < 0 || nack.media_ssrc != t.ssrc || !t.have_input) continue;
      for (uint16_t seq : nack.seqs) {
        if (++asked > kMaxNacksPerPacket) break;
        counters_.add(counters_.nacks_received);
        PacketPtr p = feed_->find(tr, t.in_ssrc, static_cast<uint16_t>(seq - t.seq_delta));
        if (p && p->generation == t.in_generation && send_rtp(*p, t, out))
          counters_.add(counters_.retransmissions);
      }
    }
  }
  const uint32_t video_ssrc = track_of(Track::kVideo).ssrc;
  bool wants_keyframe = false;
  for (const auto& pli : rtcp->plis) wants_keyframe |= pli.media_ssrc == video_ssrc;
  for (const auto& fir : rtcp->firs)
    for (const auto& [ssrc, nr] : fir.entries) wants_keyframe |= ssrc == video_ssrc;
  if (wants_keyframe) {
    counters_.add(counters_.keyframe_requests);
    feed_->request_keyframe();
  }
  auto take_blocks = [&](const std::vector<rtp::ReportBlock>& blocks) {
    for (const auto& b : blocks) {
      for (Track tr : {Track::kVideo, Track::kAudio}) {
        TrackState& t = track_of(tr);
        if (t.pt < 0 || b.ssrc != t.ssrc) continue;
        figures_.fraction_lost = b.fraction_lost / 256.0;
        figures_.jitter_ms = b.jitter * 1000.0 / clock_rate(tr);
        if (b.lsr == 0) continue;
        for (const auto& [ntp_mid, sent_us] : t.reports_sent) {
          if (ntp_mid != b.lsr || sent_us == 0) continue;
          // RFC 3550 §6.4.1: DLSR is in 1/65536 s.
          const double rtt = (now_us - sent_us) / 1000.0 - b.dlsr * 1000.0 / 65536.0;
          if (rtt >= 0) figures_.rtt_ms = rtt;
        }
      }
    }
  };
  for (const auto& rr : rtcp->receiver_reports) take_blocks(rr.reports);
  for (const auto& sr : rtcp->sender_reports) take_blocks(sr.reports);
}

void Viewer::send_report(TrackState& t, SendBatch& out, int64_t now_us) {
  rtp::SenderReport sr;
  sr.ssrc = t.ssrc;
  sr.ntp = rtp::ntp_from_unix_us(t.last_ntp_us);
  sr.rtp_timestamp = t.last_ts;
  sr.packets = t.packets;
  sr.octets = t.octets;
  std::vector<uint8_t> bytes;
  rtp::append_sender_report(bytes, sr);
  rtp::append_sdes_cname(bytes, t.ssrc, "ocoplive");
  size_t len = bytes.size();
  if (len + kSrtpOverhead > SendBatch::kSlotBytes) return;
  uint8_t* buf = out.slot();
  std::memcpy(buf, bytes.data(), len);
  if (!srtp_->protect_rtcp(buf, len)) return;
  emit(buf, len, out);
  t.reports_sent[t.next_report_slot++ % t.reports_sent.size()] = {rtp::ntp_middle(sr.ntp), now_us};
}

Viewer::End Viewer::on_tick(int64_t now_us, SendBatch& out) {
  if (dtls_.state() == DtlsTransport::State::kHandshaking) {
    std::vector<std::string> again;
    dtls_.on_tick(again);
    send_datagrams(again, out);
  }
  // RFC 7675 §5.2 lets an endpoint end at once on a DTLS close_notify: a
  // browser that closed its connection without DELETE is gone now, not in 30 s.
  if (dtls_.state() == DtlsTransport::State::kClosed) return End::kPeerClosed;
  if (dtls_.state() == DtlsTransport::State::kFailed) {
    counters_.add(counters_.dtls_failures);
    log::info("webrtc", "booth {}: viewer {}: DTLS {}", setup_.booth_id, setup_.id, dtls_.failure());
    return End::kTransportFailed;
  }
  if (!srtp_ && now_us - created_us_ > kConnectTimeoutUs) return End::kNeverConnected;
  if (now_us - last_consent_us_ > kConsentTimeoutUs) return End::kConsentExpired;
  if (path_lost_) return End::kTransportFailed;
  if (!srtp_ || !have_address_) return End::kNone;
  for (TrackState& t : tracks_) {
    if (t.pt < 0 || !t.have_output || now_us < t.next_report_us) continue;
    send_report(t, out, now_us);
    t.next_report_us = now_us + kReportIntervalUs;
  }
  return End::kNone;
}

}  // namespace ocop::webrtc::fanout
