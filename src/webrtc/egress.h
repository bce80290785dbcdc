#pragma once
// The seam between WHEP (and the hub's viewer counts) and how media reaches
// viewers. Today each viewer is a webrtcbin branch on the booth's tees
// (WebrtcbinEgress); a lighter fan-out (packetize once, per-viewer only
// ICE/DTLS/SRTP) will implement this same interface later.
#include <functional>
#include <string>

#include "common/result.h"
#include "webrtc/sdp/offer.h"

namespace ocop::webrtc {

struct ViewerRequest {
  std::string session_id;  // random, from the WHEP layer
  std::string offer_sdp;   // the browser's offer, already validated
  std::optional<sdp::Codec> video;  // the chosen H.264 payload type, if any
  std::optional<sdp::Codec> audio;  // the chosen Opus payload type, if any
};

class Egress {
 public:
  // Control thread: the answer SDP (all candidates gathered), or an error.
  using Answered = std::function<void(Result<std::string> answer_sdp)>;
  // Control thread: a viewer left for good (DELETE, ICE/DTLS failure,
  // timeout, booth offline), for session bookkeeping.
  using Gone = std::function<void(const std::string& session_id, const std::string& why)>;

  virtual ~Egress() = default;
  virtual void add_viewer(ViewerRequest request, Answered done) = 0;
  // Ends a viewer; `Gone` follows. Unknown ids are ignored.
  virtual void remove_viewer(const std::string& session_id, const std::string& why) = 0;
  virtual size_t viewers() const = 0;
};

}  // namespace ocop::webrtc
