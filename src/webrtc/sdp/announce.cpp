#include "webrtc/sdp/announce.h"

#include <sstream>
#include <vector>

namespace ocop::webrtc::sdp {
namespace {
std::vector<std::string> fields(std::string_view line) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == ' ') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}
}  // namespace

std::string announce_address(std::string_view sdp, std::string_view public_ip) {
  std::string out;
  out.reserve(sdp.size() * 2);
  size_t pos = 0;
  while (pos < sdp.size()) {
    size_t end = sdp.find('\n', pos);
    const size_t next = end == std::string_view::npos ? sdp.size() : end + 1;
    std::string_view line = sdp.substr(pos, next - pos);
    out.append(line);
    std::string_view body = line;
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.remove_suffix(1);
    // a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...
    if (body.rfind("a=candidate:", 0) == 0) {
      auto f = fields(body.substr(12));
      if (f.size() >= 8 && f[6] == "typ" && f[7] == "host" && (f[2] == "UDP" || f[2] == "udp") && f[4] != public_ip) {
        unsigned long long priority = 0;
        for (char c : f[3]) priority = c >= '0' && c <= '9' ? priority * 10 + static_cast<unsigned>(c - '0') : priority;
        std::string copy = "a=candidate:" + f[0] + "9 " + f[1] + " " + f[2] + " " +
                           std::to_string(priority > 0 ? priority - 1 : 0) + " " + std::string(public_ip) + " " + f[5];
        for (size_t i = 6; i < f.size(); ++i) copy += " " + f[i];
        const bool had_newline = line.back() == '\n';
        const bool crlf = !had_newline || (line.size() >= 2 && line[line.size() - 2] == '\r');
        const char* eol = crlf ? "\r\n" : "\n";
        if (!had_newline) out += eol;
        out += copy;
        if (had_newline) out += eol;
      }
    }
    pos = next;
  }
  return out;
}

}  // namespace ocop::webrtc::sdp
