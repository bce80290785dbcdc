#pragma once
// One simulated viewer: a UDP socket of its own (its ICE candidate),
// signalling, ICE checks and consent, DTLS, then media counting and RTCP.
// Owned by main for the whole run; driven by the event loop and tick().
#include <netinet/in.h>

#include <memory>
#include <string>

#include "dtls_session.h"
#include "event_loop.h"
#include "ice_agent.h"
#include "media_receiver.h"
#include "sdp.h"
#include "signaling.h"
#include "totals.h"

namespace whep_load {

struct ViewerContext {
  EventLoop& loop;
  Totals& totals;
  std::shared_ptr<DtlsIdentity> identity;
  HttpUrl url;
  bool janus = false;
  int mountpoint = 1;
  unsigned auth_every = 16;
  double drop = 0;  // share of RTP dropped on arrival, to exercise NACK (a self-check)
};

class Viewer : public Handler {
 public:
  enum class State { kIdle, kSignaling, kConnecting, kMedia, kFailed, kStopped };

  Viewer(ViewerContext& ctx, in_addr source) : ctx_(ctx), source_(source) {}
  ~Viewer() override;

  void start(int64_t now_us);
  void tick(int64_t now_us);
  void stop();
  void on_event(uint32_t events) override;

  State state() const { return state_; }
  bool signaling_busy() const { return signaling_ && signaling_->busy(); }
  const std::string& failure() const { return failure_; }
  int64_t connect_us() const { return connected_us_ - started_us_; }    // start to SRTP keys
  int64_t first_media_us() const { return first_media_us_ ? first_media_us_ - started_us_ : -1; }
  uint64_t expected() const { return media_ ? media_->expected() : 0; }
  uint64_t received() const { return media_ ? media_->received() : 0; }

 private:
  void fail(const std::string& why);
  void on_remote(const std::string& sdp);
  void on_datagram(uint8_t* data, size_t len, const sockaddr_in& from, int64_t now_us);
  void on_dtls_connected(int64_t now_us);
  void send_to(const uint8_t* data, size_t len, const sockaddr_in& to);
  void send_check(int64_t now_us);
  void start_dtls_if_ready();

  ViewerContext& ctx_;
  in_addr source_;
  State state_ = State::kIdle;
  std::string failure_;
  int fd_ = -1;
  LocalTransport local_;
  RemoteDescription remote_;
  sockaddr_in peer_{};
  std::unique_ptr<Signaling> signaling_;
  std::unique_ptr<IceAgent> ice_;
  std::unique_ptr<DtlsSession> dtls_;
  std::unique_ptr<MediaReceiver> media_;
  bool dtls_client_ = true;
  bool dtls_started_ = false;
  bool ice_ok_ = false;
  int64_t started_us_ = 0, remote_us_ = 0, connected_us_ = 0, first_media_us_ = 0;
  int64_t next_check_us_ = 0, next_report_us_ = 0;
  int dtls_out_ = 0, dtls_in_ = 0;  // datagrams, to tell a silent peer from a stuck handshake
  std::string dtls_trace_;          // the first records of each datagram, printed when one fails
};

}  // namespace whep_load
