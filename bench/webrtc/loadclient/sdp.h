#pragma once
// The few SDP lines a receive-only viewer writes and reads: the WHEP offer
// (what Chromium offers, cut down to H.264 + Opus), the answer to a Janus
// offer, and the remote side's ICE, DTLS and payload types.
#include <netinet/in.h>

#include <cstdint>
#include <string>
#include <vector>

namespace whep_load {

struct LocalTransport {
  std::string ufrag, pwd;
  std::string fingerprint;  // "AB:CD:..." (sha-256)
  sockaddr_in candidate{};  // our UDP socket
};

struct RemoteDescription {
  std::string ufrag, pwd;
  std::string fingerprint;  // "sha-256 AB:..." as written
  std::string setup;        // active | passive | actpass
  bool ice_lite = false;
  std::vector<sockaddr_in> candidates;  // UDP IPv4, in the order given
  struct Media {
    std::string kind, mid;
    int pt = -1;             // H.264 (packetization-mode 1) or Opus
    uint32_t clock_rate = 0;
    std::string fmtp;        // of that pt
  };
  std::vector<Media> media;
};

// Chromium-like recvonly offer: audio (opus 111) then video (H.264 102, pm 1,
// 42e01f), BUNDLE, rtcp-mux, actpass, our host candidate.
std::string make_whep_offer(const LocalTransport& local);

// Parses what we need; false and `error` when a required line is missing.
bool parse_remote(const std::string& sdp, RemoteDescription& out, std::string& error);

// recvonly answer to a (Janus) offer, mirroring its mids and chosen pts;
// we are DTLS client (setup:active) and ICE-lite would be wrong (Janus's
// libnice must see our checks), so we announce a host candidate only.
std::string make_answer(const RemoteDescription& offer, const LocalTransport& local);

}  // namespace whep_load
