#include "webrtc/sdp/line_syntax.h"

#include "webrtc/sdp/text.h"

namespace ocop::webrtc::sdp::detail {

bool LineCursor::next(Line& line) {
  if (rest_.empty()) return false;
  size_t lf = rest_.find('\n');
  if (lf == std::string_view::npos) {
    line = {rest_, {}};
    rest_ = {};
    return true;
  }
  size_t text_end = (lf > 0 && rest_[lf - 1] == '\r') ? lf - 1 : lf;
  line = {rest_.substr(0, text_end), rest_.substr(text_end, lf + 1 - text_end)};
  rest_.remove_prefix(lf + 1);
  return true;
}

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  LineCursor cursor(text);
  Line line;
  while (cursor.next(line)) lines.push_back(line);
  return lines;
}

std::string_view first_ending(std::string_view text) {
  size_t lf = text.find('\n');
  if (lf != std::string_view::npos && (lf == 0 || text[lf - 1] != '\r')) return "\n";
  return "\r\n";
}

Attribute split_attribute(std::string_view line) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return {line, {}, false};
  return {line.substr(0, colon), line.substr(colon + 1), true};
}

std::optional<PtValue> split_pt_value(std::string_view value) {
  size_t digits = 0;
  while (digits < value.size() && is_digit(value[digits])) ++digits;
  if (digits == 0) return std::nullopt;
  if (digits < value.size() && !is_space(value[digits])) return std::nullopt;
  auto pt = parse_int(value.substr(0, digits), 0, 127);
  if (!pt) return std::nullopt;
  return PtValue{*pt, trim(value.substr(digits))};
}

bool is_attribute_for_pt(std::string_view line, std::string_view name, int pt) {
  if (line.size() < 2 || line[0] != 'a' || line[1] != '=') return false;
  Attribute attr = split_attribute(line.substr(2));
  if (!attr.has_value || attr.name != name) return false;
  auto pv = split_pt_value(attr.value);
  return pv && pv->pt == pt;
}

}  // namespace ocop::webrtc::sdp::detail
