#include "viewer.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>

namespace whep_load {
namespace {

constexpr int64_t kSignalTimeoutUs = 30'000'000;
constexpr int64_t kConnectTimeoutUs = 30'000'000;
constexpr int64_t kCheckWhileConnectingUs = 200'000;
// Consent freshness (RFC 7675): browsers check every ~5 s; the brief asks
// for a tighter 2.5 s so a slow server is still kept well inside 30 s.
constexpr int64_t kConsentUs = 2'500'000;
constexpr int64_t kReportUs = 1'000'000;
constexpr unsigned kBatch = 32;
constexpr size_t kDatagram = 2048;
constexpr int kReceiveBuffer = 1 << 20;  // a GOP burst on join is hundreds of packets

// "o22.1.e0" = out, handshake (22), ClientHello (1), epoch 0; "i20.e0" = in, ChangeCipherSpec.
std::string describe_dtls(char dir, const uint8_t* d, size_t n) {
  if (n < 13) return std::string(1, dir) + "?";
  const int epoch = (d[3] << 8) | d[4];
  std::string s = std::string(1, dir) + std::to_string(d[0]);
  if (d[0] == 22 && epoch == 0 && n > 13) s += "." + std::to_string(d[13]);
  return s + ".e" + std::to_string(epoch) + "." + std::to_string(n) + "@" + std::to_string(now_us() / 1000 % 100000) + " ";
}

std::mt19937_64& rng() {
  static std::mt19937_64 r{std::random_device{}()};
  return r;
}

std::string random_ice_string(size_t n) {
  static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string s(n, 'x');
  for (char& c : s) c = chars[rng()() % (sizeof chars - 1)];
  return s;
}

}  // namespace

Viewer::~Viewer() {
  if (fd_ >= 0) {
    ctx_.loop.remove(fd_);
    close(fd_);
  }
}

void Viewer::fail(const std::string& why) {
  if (state_ == State::kFailed || state_ == State::kStopped) return;
  state_ = State::kFailed;
  failure_ = why;
  static int logged = 0;  // the first few in detail; the summary counts them all
  if (++logged <= 10)
    std::fprintf(stderr, "[whep_load] viewer failed: %s (ICE %s, DTLS datagrams %d out, %d in, %s)\n", why.c_str(),
                 ice_ok_ ? "ok" : "not ok", dtls_out_, dtls_in_, dtls_ ? dtls_->where().c_str() : "-");
  if (logged <= 3) std::fprintf(stderr, "[whep_load]   DTLS trace: %s\n", dtls_trace_.c_str());
}

void Viewer::start(int64_t now_us) {
  started_us_ = now_us;
  state_ = State::kSignaling;
  fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return fail(std::string("socket: ") + strerror(errno));
  setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &kReceiveBuffer, sizeof kReceiveBuffer);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr = source_;
  socklen_t len = sizeof a;
  if (bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    return fail(std::string("bind: ") + strerror(errno));
  ctx_.loop.add(fd_, EPOLLIN, this);
  local_.candidate = a;
  local_.ufrag = random_ice_string(8);
  local_.pwd = random_ice_string(24);
  local_.fingerprint = ctx_.identity->fingerprint();
  // WHEP: we offer, so we control (RFC 8445 §6.1.1; the server is ICE-lite
  // anyway). Janus offers with a full agent: it controls.
  ice_ = std::make_unique<IceAgent>(local_.ufrag, local_.pwd, !ctx_.janus);
  Signaling::Callbacks cb{[this](const std::string& sdp) { on_remote(sdp); },
                          [this](const std::string& error) { fail(error); }};
  if (ctx_.janus) {
    signaling_ = make_janus_signaling(ctx_.loop, ctx_.url, source_, std::move(cb), ctx_.mountpoint);
    signaling_->start("");
  } else {
    signaling_ = make_whep_signaling(ctx_.loop, ctx_.url, source_, std::move(cb));
    signaling_->start(make_whep_offer(local_));
  }
}

void Viewer::on_remote(const std::string& sdp) {
  if (state_ != State::kSignaling) return;
  std::string error;
  if (!parse_remote(sdp, remote_, error)) return fail("remote SDP: " + error);
  remote_us_ = now_us();
  peer_ = remote_.candidates.front();
  ice_->set_remote(remote_.ufrag, remote_.pwd);
  // We answer Janus with setup:active. To a WHEP offer's actpass the fan-out
  // says passive; webrtcbin may say active and then we are the DTLS server.
  dtls_client_ = ctx_.janus || remote_.setup != "active";
  dtls_ = std::make_unique<DtlsSession>(ctx_.identity, dtls_client_, remote_.fingerprint,
                                        [this](const uint8_t* d, size_t n) {
                                          ++dtls_out_;
                                          if (dtls_trace_.size() < 600) dtls_trace_ += describe_dtls('o', d, n);
                                          send_to(d, n, peer_);
                                        });
  std::vector<MediaReceiver::Track> tracks;
  for (const auto& m : remote_.media)
    if (m.pt >= 0) tracks.push_back({m.pt, m.clock_rate, m.kind == "video"});
  media_ = std::make_unique<MediaReceiver>(tracks, static_cast<uint32_t>(rng()() | 1), ctx_.auth_every);
  state_ = State::kConnecting;
  if (ctx_.janus) signaling_->answer(make_answer(remote_, local_));
  send_check(remote_us_);
}

void Viewer::send_to(const uint8_t* data, size_t len, const sockaddr_in& to) {
  sendto(fd_, data, len, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
}

void Viewer::send_check(int64_t now_us) {
  uint8_t buf[512];
  const size_t n = ice_->make_check(buf, sizeof buf, /*use_candidate=*/true);
  if (n) {
    send_to(buf, n, peer_);
    ++ctx_.totals.stun_checks;
  }
  next_check_us_ = now_us + (state_ == State::kMedia ? kConsentUs : kCheckWhileConnectingUs);
}

void Viewer::start_dtls_if_ready() {
  if (dtls_started_ || !ice_ok_ || !dtls_) return;
  dtls_started_ = true;
  dtls_->start();
}

void Viewer::on_event(uint32_t) {
  static uint8_t bufs[kBatch][kDatagram];
  static sockaddr_in from[kBatch];
  static iovec iov[kBatch];
  static mmsghdr msgs[kBatch];
  for (;;) {
    for (unsigned i = 0; i < kBatch; ++i) {
      iov[i] = {bufs[i], kDatagram};
      msgs[i].msg_hdr = {};
      msgs[i].msg_hdr.msg_name = &from[i];
      msgs[i].msg_hdr.msg_namelen = sizeof from[i];
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }
    const int n = recvmmsg(fd_, msgs, kBatch, MSG_DONTWAIT, nullptr);
    if (n <= 0) return;
    const int64_t now = now_us();
    for (int i = 0; i < n; ++i) {
      ctx_.totals.datagrams++;
      ctx_.totals.bytes += msgs[i].msg_len;
      on_datagram(bufs[i], msgs[i].msg_len, from[i], now);
    }
    if (n < static_cast<int>(kBatch)) return;
  }
}

void Viewer::on_datagram(uint8_t* data, size_t len, const sockaddr_in& from, int64_t now) {
  if (len == 0 || state_ == State::kFailed || state_ == State::kStopped || !ice_) return;
  const uint8_t b = data[0];
  if (b < 4) {  // STUN (RFC 7983 §7)
    uint8_t reply[512];
    size_t reply_len = sizeof reply;
    bool use_candidate = false;
    switch (ice_->on_stun(data, len, from, reply, reply_len, use_candidate)) {
      case IceAgent::Result::kResponseOk:
        ++ctx_.totals.stun_responses;
        if (!ice_ok_) peer_ = from;
        ice_ok_ = true;
        start_dtls_if_ready();
        break;
      case IceAgent::Result::kRequest:
        if (reply_len) {
          send_to(reply, reply_len, from);
          ++ctx_.totals.stun_requests_answered;
        }
        // The controlling peer (Janus) picks the pair; its check proves the path.
        if (ctx_.janus && (use_candidate || !ice_ok_)) {
          peer_ = from;
          ice_ok_ = true;
          start_dtls_if_ready();
        }
        break;
      default:
        break;
    }
    return;
  }
  if (b >= 20 && b < 64) {  // DTLS
    if (!dtls_) return;
    ++dtls_in_;
    if (dtls_trace_.size() < 600) dtls_trace_ += describe_dtls('i', data, len);
    if (!dtls_client_ && !dtls_started_) dtls_started_ = true;
    const auto before = dtls_->state();
    const auto after = dtls_->feed(data, len);
    if (before == DtlsSession::State::kHandshaking && after == DtlsSession::State::kConnected) on_dtls_connected(now);
    if (after == DtlsSession::State::kFailed) fail("DTLS: " + dtls_->failure());
    return;
  }
  if (b >= 128 && b < 192 && media_ && state_ == State::kMedia) {
    const uint8_t pt = data[1];
    if (pt >= 192 && pt <= 223) {  // RTCP (RFC 5761 §4)
      media_->on_rtcp(data, len, now, ctx_.totals);
    } else {
      if (!first_media_us_) first_media_us_ = now;
      if (ctx_.drop > 0 && std::uniform_real_distribution<double>(0, 1)(rng()) < ctx_.drop) {
        ++ctx_.totals.dropped;
        return;
      }
      media_->on_rtp(data, len, now, ctx_.totals);
    }
  }
}

void Viewer::on_dtls_connected(int64_t now) {
  std::string error;
  if (!media_->init(dtls_->keys().local, dtls_->keys().remote, error)) return fail(error);
  connected_us_ = now;
  state_ = State::kMedia;
  static const bool trace = std::getenv("WHEP_LOAD_TRACE") != nullptr;  // every handshake, for comparison
  if (trace) std::fprintf(stderr, "[whep_load] connected after DTLS trace: %s\n", dtls_trace_.c_str());
  next_report_us_ = now + kReportUs;
  next_check_us_ = now + kConsentUs;
}

void Viewer::tick(int64_t now) {
  if (signaling_ && state_ != State::kStopped) signaling_->tick(now);
  switch (state_) {
    case State::kSignaling:
      if (now - started_us_ > kSignalTimeoutUs) fail("no SDP from the server in 30 s");
      return;
    case State::kConnecting:
      if (now - remote_us_ > kConnectTimeoutUs) {
        if (!ice_ok_) fail("ICE: no response in 30 s");
        else if (!dtls_started_) fail("DTLS never started");
        else if (dtls_in_ == 0) fail("DTLS: no answer from the server in 30 s");
        else fail("DTLS: handshake stuck for 30 s (the server answered)");
        return;
      }
      if (now >= next_check_us_) send_check(now);
      if (dtls_started_) {
        dtls_->on_timer();
        if (dtls_->state() == DtlsSession::State::kFailed) fail("DTLS: " + dtls_->failure());
      }
      return;
    case State::kMedia: {
      if (now >= next_check_us_) send_check(now);
      const bool nack = media_->wants_nack();
      if (now >= next_report_us_ || nack) {
        uint8_t buf[1500];
        const size_t n = media_->make_rtcp(buf, sizeof buf, now, ctx_.totals);
        if (n) send_to(buf, n, peer_);
        if (now >= next_report_us_) next_report_us_ = now + kReportUs;
      }
      return;
    }
    default:
      return;
  }
}

void Viewer::stop() {
  if (state_ == State::kStopped) return;
  if (state_ != State::kFailed) state_ = State::kStopped;
  if (signaling_) signaling_->stop();
}

}  // namespace whep_load
