// Small edits of a=fmtp lines in webrtcbin's answers. GStreamer 1.22's
// webrtcbin derives the answer's fmtp from caps, so it can drop parameters
// the browser needs (packetization-mode=1: without it RFC 6184 §8.1 means
// single NAL unit mode, and Chrome refuses our FU-A packets) and repeats
// others (level-asymmetry-allowed=1 twice). Lines are edited in place; all
// other bytes, line endings included, pass through.
#include <string>
#include <unordered_set>

#include "webrtc/sdp/fmtp_params.h"
#include "webrtc/sdp/line_syntax.h"
#include "webrtc/sdp/offer.h"
#include "webrtc/sdp/text.h"

namespace ocop::webrtc::sdp {

namespace {

using detail::Line;

constexpr std::string_view kFmtpPrefix = "a=fmtp:";

// Printable ASCII without space or ";": anything else could end the
// parameter, the line or the SDP early (RFC 4855 §3 parameter syntax).
bool is_safe_param_text(std::string_view s, bool allow_equals) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == ';' || (!allow_equals && c == '=')) return false;
  }
  return true;
}

// Splits "a=fmtp:<pt> <params>" into everything up to the parameters and the
// parameters themselves. Only for lines is_attribute_for_pt accepted.
std::pair<std::string_view, std::string_view> split_fmtp_line(std::string_view line) {
  size_t pos = kFmtpPrefix.size();
  while (pos < line.size() && detail::is_digit(line[pos])) ++pos;
  while (pos < line.size() && detail::is_space(line[pos])) ++pos;
  return {line.substr(0, pos), line.substr(pos)};
}

std::string with_param(std::string_view line, std::string_view key, std::string_view value) {
  auto [head, params] = split_fmtp_line(line);
  auto pieces = detail::split_fmtp_params(params);
  bool found = false;
  bool changed = false;
  std::string rebuilt;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const auto& p = pieces[i];
    if (i > 0) rebuilt += ';';
    if (!p.key.empty() && detail::iequals(p.key, key)) {
      found = true;
      if (p.value != value || p.raw.find('=') == std::string_view::npos) {
        rebuilt += std::string(p.key) + "=" + std::string(value);
        changed = true;
        continue;
      }
    }
    rebuilt += p.raw;
  }
  std::string out(head);
  if (found) {
    out += changed ? rebuilt : std::string(params);
    return out;
  }
  // Appended after the existing parameters, as webrtcbin itself would write
  // them; "a=fmtp:96" with no parameters gets its separating space.
  std::string_view kept = params;
  while (!kept.empty() && detail::is_space(kept.back())) kept.remove_suffix(1);
  if (head.empty() || !detail::is_space(head.back())) out += ' ';
  out += kept;
  if (!kept.empty() && kept.back() != ';') out += ';';
  out += std::string(key) + "=" + std::string(value);
  return out;
}

bool is_media_line(std::string_view text) { return text.size() >= 2 && text[0] == 'm' && text[1] == '='; }

}  // namespace

std::string ensure_fmtp_param(std::string_view sdp, int pt, std::string_view key, std::string_view value) {
  if (pt < 0 || pt > 127 || key.empty() || !is_safe_param_text(key, false) || !is_safe_param_text(value, true)) {
    return std::string(sdp);
  }
  const std::vector<Line> lines = detail::split_lines(sdp);
  const std::string_view default_ending = detail::first_ending(sdp);
  std::string out;
  out.reserve(sdp.size() + 64);

  // Sections as the parser sees them: each m= line starts one (RFC 8866 §5).
  size_t begin = 0;
  while (begin < lines.size()) {
    size_t end = begin + 1;
    while (end < lines.size() && !is_media_line(lines[end].text)) ++end;
    size_t fmtp = end;
    size_t rtpmap = end;
    for (size_t i = begin; i < end; ++i) {
      if (fmtp == end && detail::is_attribute_for_pt(lines[i].text, "fmtp", pt)) fmtp = i;
      if (rtpmap == end && detail::is_attribute_for_pt(lines[i].text, "rtpmap", pt)) rtpmap = i;
    }
    for (size_t i = begin; i < end; ++i) {
      const Line& line = lines[i];
      if (i == fmtp) {
        out += with_param(line.text, key, value);
        out += line.ending;
      } else if (i == rtpmap && fmtp == end) {
        // RFC 8866 §6.15 puts no order on attributes; right after the
        // rtpmap is where webrtcbin and Chrome write it.
        out += line.text;
        out += line.ending.empty() ? default_ending : line.ending;
        out += kFmtpPrefix;
        out += std::to_string(pt) + " " + std::string(key) + "=" + std::string(value);
        out += line.ending;
      } else {
        out += line.text;
        out += line.ending;
      }
    }
    begin = end;
  }
  return out;
}

std::string dedupe_fmtp_params(std::string_view sdp) {
  std::string out;
  out.reserve(sdp.size());
  detail::LineCursor cursor(sdp);
  Line line;
  std::unordered_set<std::string> seen;
  while (cursor.next(line)) {
    std::string_view text = line.text;
    if (text.substr(0, kFmtpPrefix.size()) == kFmtpPrefix &&
        detail::split_pt_value(text.substr(kFmtpPrefix.size()))) {
      auto [head, params] = split_fmtp_line(text);
      auto pieces = detail::split_fmtp_params(params);
      seen.clear();
      bool duplicate = false;
      for (const auto& p : pieces) {
        if (!p.key.empty() && !seen.insert(detail::to_lower(p.key)).second) {
          duplicate = true;
          break;
        }
      }
      if (duplicate) {
        seen.clear();
        std::string rebuilt(head);
        bool first = true;
        for (const auto& p : pieces) {
          if (p.key.empty() || !seen.insert(detail::to_lower(p.key)).second) continue;
          if (!first) rebuilt += ';';
          rebuilt += detail::trim(p.raw);
          first = false;
        }
        out += rebuilt;
        out += line.ending;
        continue;
      }
    }
    out += text;
    out += line.ending;
  }
  return out;
}

}  // namespace ocop::webrtc::sdp
