#include "webrtc/answer_sdp.h"

#include "webrtc/sdp/announce.h"
#include "webrtc/sdp/offer.h"

namespace ocop::webrtc {

std::string finish_answer(const std::string& sdp, int video_pt, const std::string& plid, const std::string& public_ip) {
  std::string out = sdp::dedupe_fmtp_params(sdp);
  if (video_pt >= 0 && !plid.empty()) out = sdp::ensure_fmtp_param(out, video_pt, "profile-level-id", plid);
  if (!public_ip.empty()) out = sdp::announce_address(out, public_ip);
  return out;
}

}  // namespace ocop::webrtc
