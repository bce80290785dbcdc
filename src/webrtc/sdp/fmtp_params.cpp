#include "webrtc/sdp/fmtp_params.h"

#include "webrtc/sdp/text.h"

namespace ocop::webrtc::sdp::detail {

std::vector<FmtpParam> split_fmtp_params(std::string_view params) {
  std::vector<FmtpParam> out;
  while (true) {
    size_t semi = params.find(';');
    std::string_view raw = params.substr(0, semi);
    FmtpParam p{raw, {}, {}};
    size_t eq = raw.find('=');
    p.key = trim(raw.substr(0, eq));
    if (eq != std::string_view::npos) p.value = trim(raw.substr(eq + 1));
    out.push_back(p);
    if (semi == std::string_view::npos) break;
    params.remove_prefix(semi + 1);
  }
  return out;
}

}  // namespace ocop::webrtc::sdp::detail
