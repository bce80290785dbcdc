#pragma once
// One WHEP viewer of the fan-out engine, owned by one worker thread: its
// ICE-lite state (the nominated address, consent freshness), its DTLS and
// SRTP, and the rewriting of the booth's packets to what it negotiated
// (payload types, SSRCs, sequence numbers and timestamps that stay
// continuous across pipeline restarts). Answers NACKs from the booth's
// history, PLI/FIR with a keyframe request, and sends sender reports.
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "webrtc/fanout/booth_feed.h"
#include "webrtc/fanout/dtls.h"
#include "webrtc/fanout/send_batch.h"
#include "webrtc/fanout/srtp_session.h"
#include "webrtc/fanout/tcp_link.h"

namespace ocop::webrtc::fanout {

struct ViewerSetup {
  uint64_t id = 0;
  std::string session_id;
  int64_t booth_id = 0;
  std::string local_ufrag, local_pwd;
  std::string remote_fingerprint;  // the offer's "sha-256 AB:..."
  int video_pt = -1, audio_pt = -1;  // -1: not sent
  uint32_t video_ssrc = 0, audio_ssrc = 0;
};

// Figures a worker sums per booth for /metrics and the studio.
struct ViewerFigures {
  bool connected = false;
  double fraction_lost = 0;  // last receiver report, 0..1
  double jitter_ms = 0;
  double rtt_ms = -1;  // -1 until measured
};

// Engine-wide counters, added to by every worker.
struct EngineCounters;

// The clock of every viewer timer (monotonic).
int64_t steady_us();

class Viewer {
 public:
  enum class End { kNone, kConsentExpired, kNeverConnected, kTransportFailed, kPeerClosed };

  Viewer(ViewerSetup setup, std::shared_ptr<const DtlsIdentity> identity, std::shared_ptr<BoothFeed> feed,
         EngineCounters& counters, int64_t now_us);
  ~Viewer();

  const ViewerSetup& setup() const { return setup_; }
  BoothFeed& feed() const { return *feed_; }
  ViewerFigures figures() const;

  // A valid binding request from `from` (already answered by the demultiplexer).
  void on_stun(const sockaddr_storage& from, socklen_t from_len, bool use_candidate, int64_t now_us);
  // A valid binding request over ICE-TCP (already answered).
  void on_tcp_stun(TcpLink* link, bool use_candidate, int64_t now_us);
  // The link is closing: forget it; if media went over it, the viewer is gone.
  void on_tcp_closed(const TcpLink* link);
  // A keepalive from the viewer's proven address.
  void on_keepalive(int64_t now_us) { last_consent_us_ = now_us; }
  // DTLS or SRTCP from the viewer's address.
  void on_datagram(uint8_t* data, size_t len, SendBatch& out, int64_t now_us);
  // One of the booth's packets.
  void on_packet(const MediaPacket& packet, SendBatch& out);
  // Timers: DTLS retransmissions, sender reports, consent and connect timeouts.
  End on_tick(int64_t now_us, SendBatch& out);

 private:
  struct TrackState {
    int pt = -1;
    uint32_t ssrc = 0;
    bool open = false;
    // Rewriting: output = input + delta, rebased when the input stream changes.
    bool have_input = false;
    uint32_t in_ssrc = 0, in_generation = 0;
    uint16_t seq_delta = 0;
    uint32_t ts_delta = 0;
    bool have_output = false;
    uint16_t last_seq = 0;
    uint32_t last_ts = 0;
    // Packets up to this input sequence number were sent by the fast start.
    bool skipping = false;
    uint16_t skip_through = 0;
    // Skipped to the next keyframe (congestion): continue the sequence there.
    bool resync = false;
    // Sender reports.
    uint32_t packets = 0, octets = 0;
    int64_t last_ntp_us = 0;
    int64_t next_report_us = 0;
    std::array<std::pair<uint32_t, int64_t>, 4> reports_sent{};  // NTP middle 32 bits, when
    size_t next_report_slot = 0;
  };

  void send_datagrams(const std::vector<std::string>& datagrams, SendBatch& out);
  // Sends `buf` (out.slot(), protected) over the selected path.
  void emit(uint8_t* buf, size_t len, SendBatch& out);
  void on_connected(SendBatch& out, int64_t now_us);
  void on_rtcp(uint8_t* data, size_t len, SendBatch& out, int64_t now_us);
  bool send_rtp(const MediaPacket& packet, TrackState& track, SendBatch& out);
  void send_report(TrackState& track, SendBatch& out, int64_t now_us);
  TrackState& track_of(Track t) { return tracks_[static_cast<size_t>(t)]; }

  ViewerSetup setup_;
  std::shared_ptr<BoothFeed> feed_;
  EngineCounters& counters_;
  DtlsTransport dtls_;
  std::unique_ptr<SrtpSession> srtp_;
  bool have_address_ = false;
  sockaddr_storage address_{};
  socklen_t address_len_ = 0;
  TcpLink* link_ = nullptr;  // the selected path when it is ICE-TCP; owned by the worker
  bool path_lost_ = false;
  int64_t created_us_ = 0;
  int64_t last_consent_us_ = 0;
  std::array<TrackState, 2> tracks_{};
  ViewerFigures figures_;
};

}  // namespace ocop::webrtc::fanout
