#include "webrtc/ice_server_links.h"

namespace ocop::webrtc {
namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int hex_value(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

// webrtcbin unescapes the user and password of a TURN URI; so do we.
Result<std::string> percent_decode(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size() || !is_hex(in[i + 1]) || !is_hex(in[i + 2]))
      return make_error("invalid", "a '%' not followed by two hex digits");
    out += static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2]));
    i += 2;
  }
  return out;
}

// A header value must not be able to end the header or the quoted string.
Result<std::string> quoted(std::string_view in) {
  std::string out = "\"";
  for (char c : in) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return make_error("invalid", "a control character in the credentials");
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// host[:port], host a name, an IPv4 address or a bracketed IPv6 address;
// then for TURN an optional "?transport=udp|tcp".
bool valid_host_port(std::string_view hp) {
  if (hp.empty()) return false;
  std::string_view rest = hp;
  if (rest.front() == '[') {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    for (char c : rest.substr(1, close - 1))
      if (!is_hex(c) && c != ':' && c != '.') return false;
    rest = rest.substr(close + 1);
  } else {
    const size_t colon = rest.find(':');
    const std::string_view host = rest.substr(0, colon);
    if (host.empty()) return false;
    for (char c : host)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
        return false;
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon);
  }
  if (rest.empty()) return true;
  if (rest.front() != ':' || rest.size() < 2 || rest.size() > 6) return false;
  int port = 0;
  for (char c : rest.substr(1)) {
    if (c < '0' || c > '9') return false;
    port = port * 10 + (c - '0');
  }
  return port >= 1 && port <= 65535;
}

}  // namespace

Result<std::string> stun_link(std::string_view url) {
  constexpr std::string_view kScheme = "stun://";
  if (!url.starts_with(kScheme)) return make_error("invalid", "expected stun://host:port");
  const std::string_view hp = url.substr(kScheme.size());
  if (!valid_host_port(hp)) return make_error("invalid", "expected stun://host:port");
  return "<stun:" + std::string(hp) + ">; rel=\"ice-server\"";
}

Result<std::string> turn_link(std::string_view url) {
  const std::string_view scheme = url.starts_with("turn://") ? "turn" : url.starts_with("turns://") ? "turns" : "";
  if (scheme.empty()) return make_error("invalid", "expected turn://user:pass@host:port or turns://...");
  std::string_view rest = url.substr(scheme.size() + 3);
  std::string_view query;
  if (const size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q);
    rest = rest.substr(0, q);
    if (query != "?transport=udp" && query != "?transport=tcp")
      return make_error("invalid", "the only query a TURN URI takes is ?transport=udp or ?transport=tcp");
  }
  std::string_view userinfo;
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) {
    userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
  }
  if (!valid_host_port(rest)) return make_error("invalid", "expected turn://user:pass@host:port");
  std::string link = "<" + std::string(scheme) + ":" + std::string(rest) + std::string(query) + ">; rel=\"ice-server\"";
  if (userinfo.empty()) return link;
  const size_t colon = userinfo.find(':');
  auto user = percent_decode(userinfo.substr(0, colon));
  if (!user.ok()) return user.error().wrap("TURN user");
  auto pass = percent_decode(colon == std::string_view::npos ? std::string_view{} : userinfo.substr(colon + 1));
  if (!pass.ok()) return pass.error().wrap("TURN password");
  auto quser = quoted(*user);
  if (!quser.ok()) return quser.error();
  auto qpass = quoted(*pass);
  if (!qpass.ok()) return qpass.error();
  return link + "; username=" + *quser + "; credential=" + *qpass;
}

}  // namespace ocop::webrtc
