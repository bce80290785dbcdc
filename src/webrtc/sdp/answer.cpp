#include "webrtc/sdp/answer.h"

#include <string_view>

#include "webrtc/sdp/text.h"

namespace ocop::webrtc::sdp {
namespace {

Error invalid(std::string message) { return make_error("invalid", std::move(message)); }

bool offered_feedback(const Codec& c, std::string_view fb) {
  for (const auto& f : c.rtcp_fb)
    if (detail::iequals(f, fb)) return true;
  return false;
}

// RFC 8445 §5.1.2.1 with type preference 126 (host) for UDP and, as
// browsers do for RFC 6544, a lower one for TCP so UDP wins where both work.
uint32_t priority(const Candidate& c, size_t index) {
  const uint32_t type_pref = c.tcp ? 90 : 126;
  const uint32_t local_pref = 65535 - static_cast<uint32_t>(index);
  return (type_pref << 24) | (local_pref << 8) | 255;
}

void add_line(std::string& out, std::string_view line) {
  out.append(line);
  out.append("\r\n");
}

void rejected_section(std::string& out, const MediaSection& m) {
  std::string line = "m=" + m.kind + " 0 " + (m.proto.empty() ? "UDP/TLS/RTP/SAVPF" : m.proto);
  if (m.formats.empty()) line += " 0";
  for (const auto& f : m.formats) line += " " + f;
  add_line(out, line);
  add_line(out, "c=IN IP4 0.0.0.0");
  if (!m.mid.empty()) add_line(out, "a=mid:" + m.mid);
  add_line(out, "a=inactive");
}

void transport_lines(std::string& out, const AnswerParams& p, bool with_candidates) {
  add_line(out, "a=ice-ufrag:" + p.ice_ufrag);
  add_line(out, "a=ice-pwd:" + p.ice_pwd);
  add_line(out, "a=fingerprint:sha-256 " + p.fingerprint_sha256);
  add_line(out, "a=setup:passive");
  if (!with_candidates) return;
  for (size_t i = 0; i < p.candidates.size(); ++i) {
    const Candidate& c = p.candidates[i];
    std::string line = "a=candidate:" + std::to_string(i + 1) + " 1 " + (c.tcp ? "tcp " : "udp ") +
                       std::to_string(priority(c, i)) + " " + c.address + " " + std::to_string(c.port) + " typ host";
    if (c.tcp) line += " tcptype passive";
    add_line(out, line);
  }
  add_line(out, "a=end-of-candidates");
}

void media_section(std::string& out, const MediaSection& m, const Codec& codec, const AnswerParams& p,
                   bool first, bool video) {
  const std::string pt = std::to_string(codec.payload_type);
  add_line(out, "m=" + m.kind + " 9 " + m.proto + " " + pt);
  add_line(out, "c=IN IP4 0.0.0.0");
  add_line(out, "a=rtcp:9 IN IP4 0.0.0.0");
  transport_lines(out, p, first);
  add_line(out, "a=mid:" + m.mid);
  add_line(out, "a=sendonly");
  add_line(out, "a=rtcp-mux");
  if (video) {
    add_line(out, "a=rtpmap:" + pt + " H264/90000");
    for (const char* fb : {"nack", "nack pli", "ccm fir"})
      if (offered_feedback(codec, fb)) add_line(out, "a=rtcp-fb:" + pt + " " + fb);
    std::string fmtp = "a=fmtp:" + pt + " level-asymmetry-allowed=1;packetization-mode=1";
    // What we send is what the publisher sent: echo the profile the browser
    // asked for, which every decoder in practice takes as a floor.
    if (std::string plid = codec.fmtp_value("profile-level-id"); !plid.empty() && plid.size() == 6)
      fmtp += ";profile-level-id=" + plid;
    add_line(out, fmtp);
  } else {
    add_line(out, "a=rtpmap:" + pt + " opus/48000/2");
    if (offered_feedback(codec, "nack")) add_line(out, "a=rtcp-fb:" + pt + " nack");
    add_line(out, "a=fmtp:" + pt + " minptime=10;useinbandfec=1;stereo=1;sprop-stereo=1");
  }
  const uint32_t ssrc = video ? p.video_ssrc : p.audio_ssrc;
  const std::string track = video ? "video" : "audio";
  add_line(out, "a=msid:" + p.cname + " " + track);
  add_line(out, "a=ssrc:" + std::to_string(ssrc) + " cname:" + p.cname);
  add_line(out, "a=ssrc:" + std::to_string(ssrc) + " msid:" + p.cname + " " + track);
}

// RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/"
bool ice_chars(std::string_view s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s)
    if (!(detail::is_alnum(c) || c == '+' || c == '/')) return false;
  return true;
}

}  // namespace

Result<std::string> build_answer(const Offer& offer, const Choice& choice, const AnswerParams& p) {
  const int n = static_cast<int>(offer.media.size());
  const bool has_video = choice.video && choice.video_index >= 0 && choice.video_index < n;
  const bool has_audio = choice.audio && choice.audio_index >= 0 && choice.audio_index < n;
  if (!has_video && !has_audio) return invalid("nothing to send");
  if (has_video && has_audio && !offer.bundle)
    return invalid("offer must bundle its media (a=group:BUNDLE; bundlePolicy max-bundle)");
  if (!offer.has_fingerprint) return invalid("offer has no a=fingerprint");
  if (offer.ice_ufrag.empty() || offer.ice_pwd.empty()) return invalid("offer has no ICE credentials");
  if (!ice_chars(p.ice_ufrag, 4, 256) || !ice_chars(p.ice_pwd, 22, 256))
    return invalid("bad local ICE credentials");
  if (has_video && offer.media[static_cast<size_t>(choice.video_index)].mid.empty())
    return invalid("the video section has no a=mid");
  if (has_audio && offer.media[static_cast<size_t>(choice.audio_index)].mid.empty())
    return invalid("the audio section has no a=mid");

  std::string out;
  out.reserve(2048);
  add_line(out, "v=0");
  add_line(out, "o=- " + std::to_string(p.session_id) + " 2 IN IP4 127.0.0.1");
  add_line(out, "s=-");
  add_line(out, "t=0 0");
  add_line(out, "a=ice-lite");
  std::string group = "a=group:BUNDLE";
  for (int i = 0; i < n; ++i) {
    if ((has_video && i == choice.video_index) || (has_audio && i == choice.audio_index))
      group += " " + offer.media[static_cast<size_t>(i)].mid;
  }
  if (offer.bundle) add_line(out, group);
  add_line(out, "a=msid-semantic: WMS " + p.cname);
  bool first = true;
  for (int i = 0; i < n; ++i) {
    const MediaSection& m = offer.media[static_cast<size_t>(i)];
    if (has_video && i == choice.video_index) {
      media_section(out, m, *choice.video, p, first, true);
      first = false;
    } else if (has_audio && i == choice.audio_index) {
      media_section(out, m, *choice.audio, p, first, false);
      first = false;
    } else {
      rejected_section(out, m);
    }
  }
  return out;
}

}  // namespace ocop::webrtc::sdp
