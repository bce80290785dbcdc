#include "ice_agent.h"

#include <stun/usages/ice.h>

#include <cstring>
#include <random>

namespace whep_load {
namespace {

const uint16_t kKnownAttributes[] = {
    STUN_ATTRIBUTE_USERNAME,        STUN_ATTRIBUTE_MESSAGE_INTEGRITY, STUN_ATTRIBUTE_FINGERPRINT,
    STUN_ATTRIBUTE_PRIORITY,        STUN_ATTRIBUTE_USE_CANDIDATE,     STUN_ATTRIBUTE_ICE_CONTROLLED,
    STUN_ATTRIBUTE_ICE_CONTROLLING, STUN_ATTRIBUTE_XOR_MAPPED_ADDRESS, STUN_ATTRIBUTE_MAPPED_ADDRESS,
    STUN_ATTRIBUTE_ERROR_CODE,      0};

// Host candidate priority (RFC 8445 §5.1.2.1), as in our SDP.
constexpr uint32_t kPriority = 2130706431;

struct Credentials {
  const std::string* ufrag;
  const std::string* pwd;
};

// Requests from the peer must name our ufrag first; the key is our password.
bool validater(StunAgent*, StunMessage*, uint8_t* username, uint16_t username_len, uint8_t** password,
               size_t* password_len, void* user_data) {
  auto* c = static_cast<Credentials*>(user_data);
  const std::string name(reinterpret_cast<const char*>(username), username_len);
  if (name.compare(0, c->ufrag->size() + 1, *c->ufrag + ":") != 0) return false;
  *password = reinterpret_cast<uint8_t*>(const_cast<char*>(c->pwd->data()));
  *password_len = c->pwd->size();
  return true;
}

}  // namespace

IceAgent::IceAgent(std::string local_ufrag, std::string local_pwd, bool controlling)
    : local_ufrag_(std::move(local_ufrag)), local_pwd_(std::move(local_pwd)), controlling_(controlling) {
  stun_agent_init(&agent_, kKnownAttributes, STUN_COMPATIBILITY_RFC5389,
                  static_cast<StunAgentUsageFlags>(STUN_AGENT_USAGE_SHORT_TERM_CREDENTIALS |
                                                   STUN_AGENT_USAGE_USE_FINGERPRINT));
  static std::mt19937_64 rng{std::random_device{}()};
  tie_ = rng();
}

void IceAgent::set_remote(const std::string& ufrag, const std::string& pwd) {
  remote_ufrag_ = ufrag;
  remote_pwd_ = pwd;
  check_username_ = remote_ufrag_ + ":" + local_ufrag_;
}

size_t IceAgent::make_check(uint8_t* buf, size_t cap, bool use_candidate) {
  if (have_pending_) stun_agent_forget_transaction(&agent_, pending_);
  StunMessage msg;
  const size_t n = stun_usage_ice_conncheck_create(
      &agent_, &msg, buf, cap, reinterpret_cast<const uint8_t*>(check_username_.data()), check_username_.size(),
      reinterpret_cast<const uint8_t*>(remote_pwd_.data()), remote_pwd_.size(), use_candidate && controlling_,
      controlling_, kPriority, tie_, nullptr, STUN_USAGE_ICE_COMPATIBILITY_RFC5245);
  if (n > 0) {
    stun_message_id(&msg, pending_);
    have_pending_ = true;
  }
  return n;
}

IceAgent::Result IceAgent::on_stun(const uint8_t* data, size_t len, const sockaddr_in& from, uint8_t* reply,
                                   size_t& reply_len, bool& use_candidate) {
  StunMessage msg;
  Credentials creds{&local_ufrag_, &local_pwd_};
  if (stun_agent_validate(&agent_, &msg, data, len, validater, &creds) != STUN_VALIDATION_SUCCESS)
    return Result::kIgnored;
  if (stun_message_get_method(&msg) != STUN_BINDING) return Result::kIgnored;
  switch (stun_message_get_class(&msg)) {
    case STUN_RESPONSE:
      have_pending_ = false;
      return Result::kResponseOk;
    case STUN_ERROR:
      have_pending_ = false;
      return Result::kResponseError;
    case STUN_REQUEST: {
      sockaddr_storage src{};
      std::memcpy(&src, &from, sizeof from);
      StunMessage out;
      bool control = controlling_;
      const StunUsageIceReturn r = stun_usage_ice_conncheck_create_reply(
          &agent_, &msg, &out, reply, &reply_len, &src, sizeof from, &control, tie_,
          STUN_USAGE_ICE_COMPATIBILITY_RFC5245);
      if (r != STUN_USAGE_ICE_RETURN_SUCCESS && r != STUN_USAGE_ICE_RETURN_ROLE_CONFLICT) reply_len = 0;
      use_candidate = stun_usage_ice_conncheck_use_candidate(&msg);
      return Result::kRequest;
    }
    default:
      return Result::kIgnored;
  }
}

}  // namespace whep_load
