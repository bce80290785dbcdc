// choose_codecs: which of the viewer's offered payload types we send with.
// Video is passed through from the publisher (H.264, no transcoding unless
// B-frames), so only H.264 will do; audio is always our own Opus encode.
#include "webrtc/sdp/offer.h"
#include "webrtc/sdp/text.h"

namespace ocop::webrtc::sdp {

namespace {

Error invalid(std::string message) { return make_error("invalid", std::move(message)); }

// A section we may send into: the viewer receives on it (RFC 8866 §6.7,
// directions are from the offerer's side) and did not reject it.
bool can_send(const MediaSection& m) {
  return !m.rejected && (m.direction == "recvonly" || m.direction == "sendrecv");
}

constexpr int kUnusable = -1;

// Lower is better. RFC 6184 §8.1: without packetization-mode the mode is 0
// (single NAL unit), which cannot carry our frames, fragmented with FU-A;
// without profile-level-id the Baseline profile at level 1 (42000a) is
// implied. Constrained Baseline (42e0xx, profile_iop with constraint_set0..2)
// is what every WebRTC decoder handles, hardware ones included.
int h264_rank(const Codec& c) {
  if (c.rtx_for || !detail::iequals(c.encoding, "H264") || c.clock_rate != 90000) return kUnusable;
  if (c.fmtp_value("packetization-mode") != "1") return kUnusable;
  std::string plid = detail::to_lower(c.fmtp_value("profile-level-id"));
  if (plid.empty()) plid = "42000a";
  if (plid.size() != 6) return kUnusable;
  for (char ch : plid) {
    if (!detail::is_hex(ch)) return kUnusable;
  }
  if (plid == "42e01f") return 0;
  if (plid.compare(0, 4, "42e0") == 0) return 1;
  if (plid.compare(0, 2, "42") == 0) return 2;
  return 3;
}

// RFC 7587 §7: Opus is always opus/48000/2 in SDP, whatever it carries.
bool is_opus(const Codec& c) {
  return !c.rtx_for && detail::iequals(c.encoding, "opus") && c.clock_rate == 48000 && c.channels == 2;
}

}  // namespace

Result<Choice> choose_codecs(const Offer& offer) {
  if (offer.media.empty()) return invalid("no media sections");
  Choice choice;
  bool video_wanted = false;
  for (size_t index = 0; index < offer.media.size(); ++index) {
    const MediaSection& m = offer.media[index];
    if (!can_send(m)) continue;
    if (m.kind == "video" && !choice.video) {
      video_wanted = true;
      int best_rank = kUnusable;
      for (const Codec& c : m.codecs) {
        int rank = h264_rank(c);
        // Ties keep m-line order, which is the browser's preference.
        if (rank != kUnusable && (best_rank == kUnusable || rank < best_rank)) {
          best_rank = rank;
          choice.video = &c;
        }
      }
      if (choice.video) {
        choice.video_pt = choice.video->payload_type;
        choice.video_mid = m.mid;
        choice.video_index = static_cast<int>(index);
      }
    } else if (m.kind == "audio" && !choice.audio) {
      for (const Codec& c : m.codecs) {
        if (is_opus(c)) {
          choice.audio = &c;
          choice.audio_pt = c.payload_type;
          choice.audio_mid = m.mid;
          choice.audio_index = static_cast<int>(index);
          break;
        }
      }
    }
  }
  if (video_wanted && !choice.video) return invalid("offer has no H.264 video (packetization-mode=1)");
  if (!choice.video && !choice.audio) {
    return invalid("offer has nothing we can send: no H.264 video or Opus audio in a recvonly or sendrecv section");
  }
  return choice;
}

}  // namespace ocop::webrtc::sdp
