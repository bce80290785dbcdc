#pragma once
// The seam between WHEP (and the hub's viewer counts) and how media reaches
// viewers. Two engines implement it: the fan-out (packetize once per booth,
// per viewer only ICE, DTLS, SRTP and header rewriting on a fixed pool of
// workers; the default) and one webrtcbin branch per viewer (kept as the
// benchmark's baseline). Control thread only.
#include <functional>
#include <optional>
#include <string>

#include "webrtc/sdp/offer.h"

namespace ocop::webrtc {

struct ViewerRequest {
  std::string session_id;  // random, from the WHEP layer
  std::string offer_sdp;   // the browser's offer, already validated
  std::optional<sdp::Codec> video;  // the chosen H.264 payload type, if any
  std::optional<sdp::Codec> audio;  // the chosen Opus payload type, if any
};

// Why a viewer ended, or why it never got an answer.
enum class ViewerEnd {
  kDeleted,           // WHEP DELETE
  kBoothOffline,      // the booth's media stopped for good
  kConsentExpired,    // no ICE check for 30 s (RFC 7675): the viewer vanished
  kNeverConnected,    // no ICE/DTLS connection within 30 s of the answer
  kTransportFailed,   // ICE or DTLS failed
  kPeerClosed,        // the browser closed the connection (DTLS close_notify) without DELETE
  kRtcpTimeout,       // webrtcbin engine: a browser that sent no RTCP
  kNegotiationFailed, // the engine could not answer the offer
  kUnsupportedOffer,  // the offer needs something this engine lacks
  kClientLeft,        // the HTTP client went away before its answer
};
const char* to_string(ViewerEnd why);

struct AnswerOutcome {
  std::optional<std::string> sdp;  // set on success
  ViewerEnd failure = ViewerEnd::kNegotiationFailed;
  std::string detail;  // for logs and, for kUnsupportedOffer, the client
};

class Egress {
 public:
  using Answered = std::function<void(AnswerOutcome outcome)>;
  // A viewer left for good, for session bookkeeping.
  using Gone = std::function<void(const std::string& session_id, ViewerEnd why)>;

  virtual ~Egress() = default;
  virtual void add_viewer(ViewerRequest request, Answered done) = 0;
  // Ends a viewer; `Gone` follows. Unknown ids are ignored.
  virtual void remove_viewer(const std::string& session_id, ViewerEnd why) = 0;
  virtual size_t viewers() const = 0;
};

}  // namespace ocop::webrtc
