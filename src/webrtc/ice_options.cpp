#include "webrtc/ice_options.h"

#include <nice/agent.h>

#include "common/log.h"

namespace ocop::webrtc {

IceOptions IceOptions::from(const config::WebrtcConfig& c) {
  IceOptions o;
  o.addresses = c.ice_addresses;
  o.port_min = c.udp_port_min;
  o.port_max = c.udp_port_max;
  o.stun_server = c.stun_server;
  o.turn_server = c.turn_server;
  o.public_ip = c.public_ip;
  return o;
}

void apply_ice_options(GstElement* webrtc, const IceOptions& o) {
  if (!o.stun_server.empty()) g_object_set(webrtc, "stun-server", o.stun_server.c_str(), nullptr);
  if (!o.turn_server.empty()) g_object_set(webrtc, "turn-server", o.turn_server.c_str(), nullptr);
  GstObject* ice = nullptr;
  g_object_get(webrtc, "ice-agent", &ice, nullptr);
  if (!ice) return;
  NiceAgent* agent = nullptr;
  if (g_object_class_find_property(G_OBJECT_GET_CLASS(ice), "agent")) g_object_get(ice, "agent", &agent, nullptr);
  if (agent) {
    g_object_set(agent, "upnp", FALSE, nullptr);
    g_object_unref(agent);
  }
  if (o.port_min > 0 && g_object_class_find_property(G_OBJECT_GET_CLASS(ice), "min-rtp-port"))
    g_object_set(ice, "min-rtp-port", static_cast<guint>(o.port_min), "max-rtp-port", static_cast<guint>(o.port_max),
                 nullptr);
  for (const auto& addr : o.addresses) {
    gboolean ok = FALSE;
    // GstWebRTCICE's action signal; in 1.22 it ends in nice_agent_add_local_address().
    g_signal_emit_by_name(ice, "add-local-ip-address", addr.c_str(), &ok);
    if (!ok) log::warn("webrtc", "cannot restrict ICE to {}", addr);
  }
  gst_object_unref(ice);
}

}  // namespace ocop::webrtc
