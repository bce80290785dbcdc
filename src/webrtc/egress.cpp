#include "webrtc/egress.h"

namespace ocop::webrtc {

const char* to_string(ViewerEnd why) {
  switch (why) {
    case ViewerEnd::kDeleted: return "DELETE";
    case ViewerEnd::kBoothOffline: return "booth offline";
    case ViewerEnd::kConsentExpired: return "ICE consent expired";
    case ViewerEnd::kNeverConnected: return "never connected";
    case ViewerEnd::kTransportFailed: return "ICE/DTLS failed";
    case ViewerEnd::kPeerClosed: return "closed by the browser";
    case ViewerEnd::kRtcpTimeout: return "browser silent (no RTCP)";
    case ViewerEnd::kNegotiationFailed: return "negotiation failed";
    case ViewerEnd::kUnsupportedOffer: return "unsupported offer";
    case ViewerEnd::kClientLeft: return "client left before the answer";
  }
  return "unknown";
}

}  // namespace ocop::webrtc
