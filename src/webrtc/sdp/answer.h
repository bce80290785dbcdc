#pragma once
// The fan-out engine's answer to a WHEP offer (RFC 9429 §5.3, JSEP): an
// ICE-lite (RFC 8445 §2.5), DTLS-passive, send-only answer on one BUNDLE
// transport. Every m-section of the offer is answered in order; the ones we
// do not serve are rejected with port 0 (RFC 8843 §7.3.3). Pure: values in,
// SDP text out, so it is unit-tested and fuzzed with the offer parser.
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "webrtc/sdp/offer.h"

namespace ocop::webrtc::sdp {

struct Candidate {
  std::string address;  // an IP literal
  int port = 0;
  bool tcp = false;  // RFC 6544 passive candidate
};

struct AnswerParams {
  std::string ice_ufrag;  // 4..256 ice-chars (RFC 8839 §5.4)
  std::string ice_pwd;    // 22..256 ice-chars
  std::string fingerprint_sha256;  // "AB:CD:..." of the server's certificate
  std::vector<Candidate> candidates;
  uint32_t video_ssrc = 0;
  uint32_t audio_ssrc = 0;
  std::string cname = "ocoplive";
  uint64_t session_id = 0;
};

// Errors ("invalid"): an offer that would need a second transport (two
// sections we serve without a=group:BUNDLE), no fingerprint or ICE
// credentials, or nothing chosen.
Result<std::string> build_answer(const Offer& offer, const Choice& choice, const AnswerParams& params);

}  // namespace ocop::webrtc::sdp
