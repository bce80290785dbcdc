// parse_offer: RFC 8866 lines in, an Offer out. One pass, no backtracking;
// every count a client controls is checked against Limits before it grows.
#include <array>
#include <cstdint>
#include <string>

#include "webrtc/sdp/fmtp_params.h"
#include "webrtc/sdp/line_syntax.h"
#include "webrtc/sdp/offer.h"
#include "webrtc/sdp/text.h"

namespace ocop::webrtc::sdp {

std::string Codec::fmtp_value(std::string_view key) const {
  for (const auto& [k, v] : fmtp) {
    if (detail::iequals(k, key)) return v;
  }
  return {};
}

namespace {

using detail::Attribute;
using detail::Line;

Error invalid(std::string message) { return make_error("invalid", std::move(message)); }

std::string describe_size(size_t bytes) {
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

bool is_direction(std::string_view name) {
  return name == "sendrecv" || name == "recvonly" || name == "sendonly" || name == "inactive";
}

// RTP-based transport protocols carry payload type numbers as formats
// (RFC 8866 §5.14); others (UDP/DTLS/SCTP for data channels) do not.
bool is_rtp_proto(std::string_view proto) { return proto.find("RTP/") != std::string_view::npos; }

// Refused because the text goes on to C parsers (webrtcbin) that stop at a
// NUL, and a lone CR would split a line differently there than here.
bool has_control_byte(std::string_view line) {
  for (char c : line) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return true;
  }
  return false;
}

// Per-section state that only matters while the section is being read.
struct SectionState {
  bool port_zero = false;
  bool bundle_only = false;
  bool has_direction = false;
  bool has_mid = false;
  std::array<int16_t, 128> codec_index;  // pt -> index into codecs, -1 when not on the m-line
  std::array<bool, 128> has_rtpmap{};
  std::array<bool, 128> has_fmtp{};
  std::vector<std::string> wildcard_rtcp_fb;  // a=rtcp-fb:* (RFC 4585 §4.2)

  SectionState() { codec_index.fill(-1); }
};

class OfferParser {
 public:
  explicit OfferParser(const Limits& limits) : limits_(limits) {}

  Result<Offer> run(std::string_view text) {
    detail::LineCursor cursor(text);
    Line line;
    size_t line_no = 0;
    while (cursor.next(line)) {
      ++line_no;
      if (line_no > limits_.max_lines) {
        return invalid("offer has more than " + std::to_string(limits_.max_lines) + " lines");
      }
      if (auto st = read_line(line.text, line_no); !st) return st.error();
    }
    if (line_no == 0) return invalid("offer must start with \"v=0\"");
    finish_section();
    if (offer_.media.empty()) return invalid("no media sections");
    return std::move(offer_);
  }

 private:
  Status read_line(std::string_view text, size_t line_no) {
    std::string where = "line " + std::to_string(line_no) + ": ";
    if (line_no == 1) {
      if (text != "v=0") return invalid("offer must start with \"v=0\"");
      return {};
    }
    if (text.size() > limits_.max_line_length) {
      return invalid(where + "longer than " + std::to_string(limits_.max_line_length) + " bytes");
    }
    // RFC 8866 §5 has no blank lines, but a trailing empty line from a
    // hand-written offer is harmless.
    if (text.empty()) return {};
    if (has_control_byte(text)) return invalid(where + "control character in line");
    if (text.size() < 2 || text[1] != '=' || text[0] < 'a' || text[0] > 'z') {
      return invalid(where + "expected <type>=<value>");
    }
    std::string_view value = text.substr(2);
    switch (text[0]) {
      case 'v':
        return invalid(where + "a second session description (v=) is not allowed");
      case 'm':
        return read_media(value, where);
      case 'a':
        return read_attribute(value, where);
      default:
        return {};  // o=, s=, t=, c=, b=, ...: nothing we need
    }
  }

  // RFC 8866 §5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
  Status read_media(std::string_view value, const std::string& where) {
    finish_section();
    if (offer_.media.size() >= limits_.max_media) {
      return invalid("more than " + std::to_string(limits_.max_media) + " media sections");
    }
    std::vector<std::string_view> tokens;
    while (true) {
      value = detail::trim(value);
      if (value.empty()) break;
      size_t sp = 0;
      while (sp < value.size() && !detail::is_space(value[sp])) ++sp;
      tokens.push_back(value.substr(0, sp));
      value.remove_prefix(sp);
      // Bounded before it grows: 3 fixed tokens plus the formats.
      if (tokens.size() > limits_.max_codecs_per_media + 3) {
        return invalid(where + "more than " + std::to_string(limits_.max_codecs_per_media) +
                       " formats on one m= line");
      }
    }
    if (tokens.size() < 4) return invalid(where + "m= line needs <media> <port> <proto> <fmt>...");
    std::string_view port_token = tokens[1].substr(0, tokens[1].find('/'));
    auto port = detail::parse_int(port_token, 0, 65535);
    if (!port) return invalid(where + "bad port in m= line");

    MediaSection section;
    section.kind = std::string(tokens[0]);
    section.proto = std::string(tokens[2]);
    for (size_t i = 3; i < tokens.size(); ++i) section.formats.emplace_back(tokens[i]);
    section_ = SectionState();
    section_.port_zero = (*port == 0);
    if (is_rtp_proto(tokens[2])) {
      for (size_t i = 3; i < tokens.size(); ++i) {
        auto pt = detail::parse_int(tokens[i], 0, 127);
        if (!pt) return invalid(where + "bad payload type \"" + std::string(tokens[i]) + "\" in m= line");
        if (section_.codec_index[*pt] >= 0) {
          return invalid(where + "payload type " + std::to_string(*pt) + " listed twice");
        }
        section_.codec_index[*pt] = static_cast<int16_t>(section.codecs.size());
        Codec codec;
        codec.payload_type = *pt;
        section.codecs.push_back(std::move(codec));
      }
    }
    offer_.media.push_back(std::move(section));
    in_media_ = true;
    return {};
  }

  Status read_attribute(std::string_view line, const std::string& where) {
    Attribute attr = detail::split_attribute(line);
    // Transport attributes are read at either level: JSEP puts them in every
    // m-section, Firefox puts a=fingerprint at session level.
    if (attr.name == "ice-ufrag" && attr.has_value) {
      if (offer_.ice_ufrag.empty()) offer_.ice_ufrag = std::string(detail::trim(attr.value));
      return {};
    }
    if (attr.name == "ice-pwd" && attr.has_value) {
      if (offer_.ice_pwd.empty()) offer_.ice_pwd = std::string(detail::trim(attr.value));
      return {};
    }
    if (attr.name == "fingerprint" && attr.has_value && !detail::trim(attr.value).empty()) {
      if (!offer_.has_fingerprint) offer_.fingerprint = std::string(detail::trim(attr.value));
      offer_.has_fingerprint = true;
      return {};
    }
    if (is_direction(attr.name)) {
      // RFC 8866 §6.7: a session-level direction is the default for every
      // section; two in one place leave the intent ambiguous.
      bool& seen = in_media_ ? section_.has_direction : has_session_direction_;
      if (seen) return invalid(where + "a second direction attribute (a=" + std::string(attr.name) + ")");
      seen = true;
      (in_media_ ? offer_.media.back().direction : session_direction_) = std::string(attr.name);
      return {};
    }
    if (!in_media_) {
      // RFC 5888 §5: a=group is a session-level attribute.
      if (attr.name == "group" && attr.has_value) {
        std::string_view semantics = detail::trim(attr.value);
        semantics = semantics.substr(0, semantics.find_first_of(" \t"));
        if (semantics == "BUNDLE") offer_.bundle = true;
      }
      return {};
    }
    MediaSection& section = offer_.media.back();
    if (attr.name == "mid" && attr.has_value) {
      if (!section_.has_mid) section.mid = std::string(detail::trim(attr.value));
      section_.has_mid = true;
    } else if (attr.name == "bundle-only") {
      section_.bundle_only = true;
    } else if (attr.name == "rtpmap") {
      return read_rtpmap(attr, section, where);
    } else if (attr.name == "fmtp") {
      return read_fmtp(attr, section, where);
    } else if (attr.name == "rtcp-fb") {
      return read_rtcp_fb(attr, section, where);
    }
    return {};
  }

  // Attributes naming a payload type the m-line does not list describe
  // nothing we could send: ignored, as RFC 8866 §6.6 ties them to the m-line.
  Codec* codec_for(MediaSection& section, int pt) {
    int16_t index = section_.codec_index[pt];
    return index < 0 ? nullptr : &section.codecs[static_cast<size_t>(index)];
  }

  // RFC 8866 §6.6: a=rtpmap:<pt> <encoding name>/<clock rate>[/<encoding parameters>]
  Status read_rtpmap(const Attribute& attr, MediaSection& section, const std::string& where) {
    const std::string bad = where + "bad a=rtpmap (expected <pt> <encoding>/<clock rate>[/<channels>])";
    auto pv = detail::split_pt_value(attr.value);
    if (!pv || pv->rest.empty()) return invalid(bad);
    std::string_view rest = pv->rest;
    size_t slash1 = rest.find('/');
    if (slash1 == 0 || slash1 == std::string_view::npos) return invalid(bad);
    std::string_view encoding = rest.substr(0, slash1);
    std::string_view after = rest.substr(slash1 + 1);
    size_t slash2 = after.find('/');
    auto clock = detail::parse_int(after.substr(0, slash2), 1, 100'000'000);
    if (!clock || encoding.find_first_of(" \t") != std::string_view::npos) return invalid(bad);
    std::optional<int> channels;
    if (slash2 != std::string_view::npos) {
      channels = detail::parse_int(after.substr(slash2 + 1), 1, 255);
      if (!channels) return invalid(bad);
    }
    Codec* codec = codec_for(section, pv->pt);
    if (!codec) return {};
    if (section_.has_rtpmap[pv->pt]) {
      return invalid(where + "a second a=rtpmap for payload type " + std::to_string(pv->pt));
    }
    section_.has_rtpmap[pv->pt] = true;
    codec->encoding = std::string(encoding);
    codec->clock_rate = *clock;
    codec->channels = channels.value_or(0);
    return {};
  }

  // RFC 8866 §6.15: a=fmtp:<format> <format specific parameters>
  Status read_fmtp(const Attribute& attr, MediaSection& section, const std::string& where) {
    auto pv = detail::split_pt_value(attr.value);
    if (!pv) return invalid(where + "bad a=fmtp (expected <pt> <parameters>)");
    Codec* codec = codec_for(section, pv->pt);
    if (!codec) return {};
    if (section_.has_fmtp[pv->pt]) {
      return invalid(where + "a second a=fmtp for payload type " + std::to_string(pv->pt));
    }
    section_.has_fmtp[pv->pt] = true;
    for (const auto& p : detail::split_fmtp_params(pv->rest)) {
      if (p.key.empty()) continue;
      codec->fmtp.emplace_back(std::string(p.key), std::string(p.value));
    }
    return {};
  }

  // RFC 4585 §4.2: a=rtcp-fb:<pt or *> <feedback type>[ <parameter>]
  Status read_rtcp_fb(const Attribute& attr, MediaSection& section, const std::string& where) {
    std::string_view value = detail::trim(attr.value);
    if (!value.empty() && value.front() == '*') {
      std::string_view fb = detail::trim(value.substr(1));
      if (value.size() < 2 || !detail::is_space(value[1]) || fb.empty()) {
        return invalid(where + "bad a=rtcp-fb (expected <pt> <feedback>)");
      }
      if (section_.wildcard_rtcp_fb.size() < limits_.max_codecs_per_media) {
        section_.wildcard_rtcp_fb.emplace_back(fb);
      }
      return {};
    }
    auto pv = detail::split_pt_value(value);
    if (!pv || pv->rest.empty()) return invalid(where + "bad a=rtcp-fb (expected <pt> <feedback>)");
    if (Codec* codec = codec_for(section, pv->pt)) codec->rtcp_fb.emplace_back(pv->rest);
    return {};
  }

  // Values that depend on the whole section: the default direction, port 0
  // against a=bundle-only, wildcard feedback, and rtx's apt (which Firefox
  // writes before the rtpmap line that says the pt is rtx).
  void finish_section() {
    if (!in_media_) return;
    MediaSection& section = offer_.media.back();
    if (!section_.has_direction) section.direction = session_direction_;
    // RFC 8843 §6: port 0 with a=bundle-only is a section that shares the
    // BUNDLE transport, not a rejected one.
    section.rejected = section_.port_zero && !section_.bundle_only;
    for (Codec& codec : section.codecs) {
      for (const auto& fb : section_.wildcard_rtcp_fb) codec.rtcp_fb.push_back(fb);
      if (detail::iequals(codec.encoding, "rtx")) {
        if (auto apt = detail::parse_int(codec.fmtp_value("apt"), 0, 127)) codec.rtx_for = *apt;
      }
    }
    in_media_ = false;
  }

  const Limits& limits_;
  Offer offer_;
  bool in_media_ = false;
  bool has_session_direction_ = false;
  std::string session_direction_ = "sendrecv";
  SectionState section_;
};

}  // namespace

Result<Offer> parse_offer(std::string_view text, const Limits& limits) {
  // Checked before reading a line, so the HTTP layer's 413 and ours agree.
  if (text.size() > limits.max_bytes) return invalid("offer larger than " + describe_size(limits.max_bytes));
  return OfferParser(limits).run(text);
}

}  // namespace ocop::webrtc::sdp
