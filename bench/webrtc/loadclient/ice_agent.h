#pragma once
// One viewer's side of ICE through libnice's standalone STUN API (the same
// code the server validates with): binding requests with USERNAME,
// PRIORITY, ICE-CONTROLLING/CONTROLLED, USE-CANDIDATE, MESSAGE-INTEGRITY and
// FINGERPRINT; their responses checked; the peer's own checks answered
// (webrtcbin's and Janus's full agents send them, the fan-out does not).
#include <netinet/in.h>
#include <stun/stunagent.h>

#include <cstdint>
#include <string>

namespace whep_load {

class IceAgent {
 public:
  IceAgent(std::string local_ufrag, std::string local_pwd, bool controlling);
  void set_remote(const std::string& ufrag, const std::string& pwd);

  // A binding request into buf; returns its length (0: could not build).
  size_t make_check(uint8_t* buf, size_t cap, bool use_candidate);

  enum class Result { kIgnored, kResponseOk, kResponseError, kRequest };
  // For kRequest, `reply` holds the answer to send back to `from` and
  // `use_candidate` tells whether the peer nominated this pair.
  Result on_stun(const uint8_t* data, size_t len, const sockaddr_in& from, uint8_t* reply, size_t& reply_len,
                 bool& use_candidate);

  const std::string& local_ufrag() const { return local_ufrag_; }
  const std::string& local_pwd() const { return local_pwd_; }

 private:
  StunAgent agent_;
  std::string local_ufrag_, local_pwd_;
  std::string remote_ufrag_, remote_pwd_;
  std::string check_username_;  // "remote:local" (RFC 8445 §7.2.2)
  bool controlling_;
  uint64_t tie_;
  // The last request still unanswered: forgotten before the next is made, so
  // lost responses never fill the agent's table of saved transactions.
  bool have_pending_ = false;
  StunTransactionId pending_{};
};

}  // namespace whep_load
