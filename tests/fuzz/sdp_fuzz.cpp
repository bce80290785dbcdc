// libFuzzer target for the WHEP offer code: parse_offer, choose_codecs,
// build_answer and the two answer munging functions, all driven by one byte string used raw,
// so an offer captured from a browser is a valid seed as it is (see
// corpus/sdp_fuzz/). Invariants are checked with __builtin_trap().
//
// The munging is exercised with payload types taken from the parsed offer
// when there is one (so inserting and editing fmtp lines really happens),
// and checked against the parser: after ensure_fmtp_param, every codec the
// parser sees for that pt reports key=value.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "webrtc/sdp/answer.h"
#include "webrtc/sdp/offer.h"

using namespace ocop::webrtc::sdp;

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Line texts without endings, skipping a=fmtp lines: what munging must
// leave alone.
std::vector<std::string_view> non_fmtp_lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    size_t lf = text.find('\n');
    std::string_view line = text.substr(0, lf);
    if (lf != std::string_view::npos && !line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.substr(0, 7) != "a=fmtp:") out.push_back(line);
    if (lf == std::string_view::npos) break;
    text.remove_prefix(lf + 1);
  }
  return out;
}

size_t count_lines(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (c == '\n');
  return n + (!text.empty() && text.back() != '\n');
}

Limits roomy(const Limits& base) {
  Limits l = base;
  l.max_bytes = base.max_bytes * 2 + 4096;
  l.max_lines = base.max_lines * 2 + 64;
  l.max_line_length = base.max_line_length * 2 + 256;
  return l;
}

void check_offer(const Offer& offer, const Limits& limits) {
  check(!offer.media.empty());
  check(offer.media.size() <= limits.max_media);
  for (const auto& m : offer.media) {
    check(m.codecs.size() <= limits.max_codecs_per_media);
    check(m.direction == "sendrecv" || m.direction == "recvonly" || m.direction == "sendonly" ||
          m.direction == "inactive");
    for (const auto& c : m.codecs) {
      check(c.payload_type >= 0 && c.payload_type <= 127);
      check(!c.rtx_for || (*c.rtx_for >= 0 && *c.rtx_for <= 127 && iequals(c.encoding, "rtx")));
      for (const auto& [k, v] : c.fmtp) check(!k.empty());
    }
  }
}

void check_choice(const Offer& offer) {
  auto r = choose_codecs(offer);
  if (!r.ok()) {
    check(r.error().code == "invalid" && !r.error().message.empty());
    return;
  }
  const Choice& c = *r;
  check(c.video_pt >= 0 || c.audio_pt >= 0);
  check((c.video == nullptr) == (c.video_pt < 0));
  check((c.audio == nullptr) == (c.audio_pt < 0));
  bool video_found = c.video == nullptr;
  bool audio_found = c.audio == nullptr;
  for (const auto& m : offer.media) {
    for (const auto& codec : m.codecs) {
      if (&codec == c.video) {
        video_found = true;
        check(m.kind == "video" && !m.rejected && m.mid == c.video_mid);
        check(m.direction == "recvonly" || m.direction == "sendrecv");
        check(codec.payload_type == c.video_pt && !codec.rtx_for && iequals(codec.encoding, "H264"));
        check(codec.fmtp_value("packetization-mode") == "1");
      }
      if (&codec == c.audio) {
        audio_found = true;
        check(m.kind == "audio" && !m.rejected && m.mid == c.audio_mid);
        check(codec.payload_type == c.audio_pt && iequals(codec.encoding, "opus"));
        check(codec.clock_rate == 48000 && codec.channels == 2);
      }
    }
  }
  check(video_found && audio_found);

  // The fan-out's answer to it: refused with a reason, or an answer that
  // parses back with one section per offered section, mids in order.
  AnswerParams p;
  p.ice_ufrag = "abcd";
  p.ice_pwd = "0123456789abcdefghijklmn";
  p.fingerprint_sha256 = "AA:BB";
  p.candidates = {{"127.0.0.1", 8189, false}, {"127.0.0.1", 8189, true}};
  auto answer = build_answer(offer, c, p);
  if (!answer.ok()) {
    check(answer.error().code == "invalid" && !answer.error().message.empty());
    return;
  }
  Limits roomy_limits;
  roomy_limits.max_bytes = 1 << 20;
  roomy_limits.max_lines = 100000;
  roomy_limits.max_line_length = 4 * 4096;  // the BUNDLE line joins two mids
  auto back = parse_offer(*answer, roomy_limits);
  check(back.ok());
  check(back->media.size() == offer.media.size());
  for (size_t i = 0; i < offer.media.size(); ++i) check(back->media[i].mid == offer.media[i].mid);
}

void check_ensure(std::string_view text, const Offer* offer, int pt, std::string_view key, std::string_view value,
                  const Limits& limits) {
  std::string out = ensure_fmtp_param(text, pt, key, value);
  check(ensure_fmtp_param(out, pt, key, value) == out);
  check(non_fmtp_lines(out) == non_fmtp_lines(text));
  if (!offer) return;
  // Edits stay inside a=fmtp lines, so what parsed still parses, and every
  // codec that had an rtpmap or an fmtp for pt now carries key=value.
  auto again = parse_offer(out, roomy(limits));
  check(again.ok());
  check(again->media.size() == offer->media.size());
  for (size_t i = 0; i < offer->media.size(); ++i) {
    const auto& before = offer->media[i].codecs;
    const auto& after = again->media[i].codecs;
    check(before.size() == after.size());
    for (size_t j = 0; j < before.size(); ++j) {
      check(before[j].encoding == after[j].encoding);
      if (before[j].payload_type == pt && (!before[j].encoding.empty() || !before[j].fmtp.empty())) {
        check(after[j].fmtp_value(key) == value);
      }
    }
  }
}

void check_dedupe(std::string_view text, const Offer* offer, const Limits& limits) {
  std::string out = dedupe_fmtp_params(text);
  check(dedupe_fmtp_params(out) == out);
  check(out.size() <= text.size());
  check(count_lines(out) == count_lines(text));
  check(non_fmtp_lines(out) == non_fmtp_lines(text));
  if (!offer) return;
  auto again = parse_offer(out, limits);
  check(again.ok());
  for (size_t i = 0; i < offer->media.size(); ++i) {
    for (size_t j = 0; j < offer->media[i].codecs.size(); ++j) {
      const Codec& before = offer->media[i].codecs[j];
      const Codec& after = again->media[i].codecs[j];
      for (const auto& [k, v] : before.fmtp) check(after.fmtp_value(k) == before.fmtp_value(k));
      for (size_t a = 0; a < after.fmtp.size(); ++a) {
        for (size_t b = a + 1; b < after.fmtp.size(); ++b) check(!iequals(after.fmtp[a].first, after.fmtp[b].first));
      }
    }
  }
}

struct Param {
  std::string_view key, value;
};
constexpr Param kParams[] = {
    {"packetization-mode", "1"}, {"profile-level-id", "42e01f"}, {"level-asymmetry-allowed", "1"}, {"apt", "96"},
    {"x", ""}, {"a b", "1"},  // refused: must come back unchanged
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  // Small limits reach every limit check with short inputs.
  Limits tight;
  tight.max_bytes = 2048;
  tight.max_lines = 40;
  tight.max_media = 3;
  tight.max_codecs_per_media = 5;
  tight.max_line_length = 120;
  if (auto small = parse_offer(text, tight); small.ok()) check_offer(*small, tight);

  const Limits limits;
  auto parsed = parse_offer(text, limits);
  const Offer* offer = nullptr;
  if (parsed.ok()) {
    offer = &*parsed;
    check_offer(*offer, limits);
    check_choice(*offer);
  } else {
    check(parsed.error().code == "invalid" && !parsed.error().message.empty());
    // Refusals are cheap only if big inputs never reach the munging below.
    if (size > limits.max_bytes) return 0;
  }

  // Payload types to munge: those of the offer (a few), else one from the
  // input's length so any text gets munged too.
  std::vector<int> pts;
  if (offer) {
    for (const auto& m : offer->media) {
      for (const auto& c : m.codecs) {
        if (pts.size() < 4) pts.push_back(c.payload_type);
      }
    }
  }
  if (pts.empty()) pts.push_back(static_cast<int>(size % 130) - 1);  // -1..128, out of range included
  for (size_t i = 0; i < pts.size(); ++i) {
    const Param& p = kParams[(size + i) % (sizeof kParams / sizeof kParams[0])];
    const bool refused = p.key.find(' ') != std::string_view::npos || pts[i] < 0 || pts[i] > 127;
    if (refused) {
      check(ensure_fmtp_param(text, pts[i], p.key, p.value) == text);
    } else {
      check_ensure(text, offer, pts[i], p.key, p.value, limits);
    }
  }
  check_dedupe(text, offer, limits);
  return 0;
}
