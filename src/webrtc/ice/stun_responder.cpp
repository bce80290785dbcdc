#include "webrtc/ice/stun_responder.h"

#include <stun/usages/ice.h>

#include <cstring>

namespace ocop::webrtc::ice {
namespace {

// What browsers put in a check; anything else comprehension-required is
// refused by the agent (RFC 8489 §14).
const uint16_t kKnownAttributes[] = {
    STUN_ATTRIBUTE_USERNAME,        STUN_ATTRIBUTE_MESSAGE_INTEGRITY, STUN_ATTRIBUTE_FINGERPRINT,
    STUN_ATTRIBUTE_PRIORITY,        STUN_ATTRIBUTE_USE_CANDIDATE,     STUN_ATTRIBUTE_ICE_CONTROLLED,
    STUN_ATTRIBUTE_ICE_CONTROLLING, 0};

struct Validation {
  const StunResponder::Lookup* lookup;
  std::string local_ufrag;
  const std::string* password = nullptr;
};

std::string_view local_part(std::string_view username) {
  const size_t colon = username.find(':');
  return colon == std::string_view::npos ? std::string_view() : username.substr(0, colon);
}

bool validater(StunAgent*, StunMessage*, uint8_t* username, uint16_t username_len, uint8_t** password,
               size_t* password_len, void* user_data) {
  auto* v = static_cast<Validation*>(user_data);
  std::string_view local = local_part(std::string_view(reinterpret_cast<const char*>(username), username_len));
  if (local.empty()) return false;
  const std::string* pwd = (*v->lookup)(local);
  if (!pwd) return false;
  v->local_ufrag = std::string(local);
  v->password = pwd;
  *password = reinterpret_cast<uint8_t*>(const_cast<char*>(pwd->data()));
  *password_len = pwd->size();
  return true;
}

}  // namespace

StunResponder::StunResponder() {
  stun_agent_init(&agent_, kKnownAttributes, STUN_COMPATIBILITY_RFC5389,
                  static_cast<StunAgentUsageFlags>(STUN_AGENT_USAGE_SHORT_TERM_CREDENTIALS |
                                                   STUN_AGENT_USAGE_USE_FINGERPRINT));
}

std::optional<StunResponder::Answer> StunResponder::answer(const uint8_t* data, size_t len,
                                                           const sockaddr_storage& from, socklen_t from_len,
                                                           const Lookup& lookup) {
  if (len < 20 || len > 1500) return std::nullopt;
  StunMessage req;
  Validation v{&lookup, {}, nullptr};
  if (stun_agent_validate(&agent_, &req, data, len, validater, &v) != STUN_VALIDATION_SUCCESS) return std::nullopt;
  if (stun_message_get_class(&req) != STUN_REQUEST || stun_message_get_method(&req) != STUN_BINDING || !v.password)
    return std::nullopt;
  Answer a;
  a.local_ufrag = std::move(v.local_ufrag);
  a.use_candidate = stun_usage_ice_conncheck_use_candidate(&req);
  a.response.resize(1280);
  size_t n = a.response.size();
  StunMessage msg;
  bool controlling = false;  // ICE-lite is always controlled (RFC 8445 §6.1.1)
  const StunUsageIceReturn r = stun_usage_ice_conncheck_create_reply(
      &agent_, &req, &msg, a.response.data(), &n, &from, from_len, &controlling, 0,
      STUN_USAGE_ICE_COMPATIBILITY_RFC5245);
  if (r != STUN_USAGE_ICE_RETURN_SUCCESS || n == 0) return std::nullopt;
  a.response.resize(n);
  return a;
}

}  // namespace ocop::webrtc::ice
