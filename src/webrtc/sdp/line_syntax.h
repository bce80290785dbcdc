#pragma once
// The line grammar of SDP (RFC 8866 §5): one "<type>=<value>" per line,
// attributes "a=<name>[:<value>]" (§5.13), and the "<payload type> <rest>"
// shape that a=rtpmap (§6.6), a=fmtp (§6.15) and a=rtcp-fb (RFC 4585 §4.2)
// share. The parser and the answer munging both use these, so they agree on
// what a line, a section and a payload type are.
#include <optional>
#include <string_view>
#include <vector>

namespace ocop::webrtc::sdp::detail {

struct Line {
  std::string_view text;    // without its line ending
  std::string_view ending;  // "\r\n", "\n", or "" for a last line without one
};

// RFC 8866 §5 says CRLF, but also that parsers should accept a bare LF:
// hand-written offers (curl, tests) use LF. A CR that is not followed by LF
// stays in the line text, where the parser refuses it as a control byte.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : rest_(text) {}
  bool next(Line& line);

 private:
  std::string_view rest_;
};

std::vector<Line> split_lines(std::string_view text);

// The ending most of a document uses for lines we insert: the first one
// found, CRLF when there is none (RFC 8866 §5).
std::string_view first_ending(std::string_view text);

struct Attribute {
  std::string_view name;
  std::string_view value;  // empty for a property attribute such as a=recvonly
  bool has_value = false;
};

// `line` is the text after "a=".
Attribute split_attribute(std::string_view line);

// "<pt>[ <rest>]" with pt a decimal 0..127 (RFC 3550 §5.1: 7 bits), read
// as the m= line's formats are. Whitespace after the pt is skipped; rest may
// be empty.
struct PtValue {
  int pt = 0;
  std::string_view rest;
};
std::optional<PtValue> split_pt_value(std::string_view value);

// True for "a=<name>:<pt>..." lines naming this payload type, as the parser
// would read them; used by the munging to find rtpmap and fmtp lines.
bool is_attribute_for_pt(std::string_view line, std::string_view name, int pt);

}  // namespace ocop::webrtc::sdp::detail
