#pragma once
// ICE settings of every viewer's webrtcbin, from validated config: which
// local addresses to offer (tests: 127.0.0.1 only), the UDP port range,
// STUN/TURN servers, and no UPnP (it adds ~200 ms to every answer).
#include <gst/gst.h>

#include <string>
#include <vector>

#include "config/config.h"

namespace ocop::webrtc {

struct IceOptions {
  std::vector<std::string> addresses;
  int port_min = 0, port_max = 0;
  std::string stun_server, turn_server;
  std::string public_ip;  // 1:1 NAT: also announced in answers

  static IceOptions from(const config::WebrtcConfig& cfg);
};

// Applies the options to a webrtcbin before negotiation.
void apply_ice_options(GstElement* webrtcbin, const IceOptions& options);

}  // namespace ocop::webrtc
