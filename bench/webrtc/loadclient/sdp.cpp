#include "sdp.h"

#include <arpa/inet.h>

#include <sstream>

namespace whep_load {
namespace {

std::string candidate_line(const sockaddr_in& a) {
  char ip[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &a.sin_addr, ip, sizeof ip);
  // RFC 8445 §5.1.2.1: host, local preference 65535, component 1.
  return "a=candidate:1 1 udp 2130706431 " + std::string(ip) + " " + std::to_string(ntohs(a.sin_port)) +
         " typ host\r\n";
}

std::string transport_lines(const LocalTransport& l, const char* setup) {
  return "c=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n" + candidate_line(l.candidate) +
         "a=end-of-candidates\r\na=ice-ufrag:" + l.ufrag + "\r\na=ice-pwd:" + l.pwd +
         "\r\na=fingerprint:sha-256 " + l.fingerprint + "\r\na=setup:" + setup + "\r\n";
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string value_after(const std::string& line, const std::string& prefix) {
  return line.compare(0, prefix.size(), prefix) == 0 ? line.substr(prefix.size()) : std::string();
}

}  // namespace

std::string make_whep_offer(const LocalTransport& l) {
  std::string s =
      "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
      "a=group:BUNDLE 0 1\r\na=msid-semantic: WMS\r\n";
  s += "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" + transport_lines(l, "actpass") +
       "a=mid:0\r\na=recvonly\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n"
       "a=fmtp:111 minptime=10;useinbandfec=1\r\n";
  s += "m=video 9 UDP/TLS/RTP/SAVPF 102\r\n" + transport_lines(l, "actpass") +
       "a=mid:1\r\na=recvonly\r\na=rtcp-mux\r\na=rtcp-rsize\r\na=rtpmap:102 H264/90000\r\n"
       "a=rtcp-fb:102 nack\r\na=rtcp-fb:102 nack pli\r\n"
       "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n";
  return s;
}

bool parse_remote(const std::string& sdp, RemoteDescription& out, std::string& error) {
  std::istringstream in(sdp);
  std::string line;
  struct Pending {
    std::string kind, mid;
    bool rejected = false;
    std::vector<int> pts;
    std::vector<std::pair<int, std::string>> rtpmaps, fmtps;
  };
  std::vector<Pending> sections;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.compare(0, 2, "m=") == 0) {
      Pending p;
      std::istringstream m(line.substr(2));
      std::string port, proto;
      m >> p.kind >> port >> proto;
      p.rejected = port == "0";
      int pt;
      while (m >> pt) p.pts.push_back(pt);
      sections.push_back(std::move(p));
      continue;
    }
    std::string v;
    if (!(v = value_after(line, "a=ice-ufrag:")).empty()) {
      if (out.ufrag.empty()) out.ufrag = v;
    } else if (!(v = value_after(line, "a=ice-pwd:")).empty()) {
      if (out.pwd.empty()) out.pwd = v;
    } else if (!(v = value_after(line, "a=fingerprint:")).empty()) {
      if (out.fingerprint.empty()) out.fingerprint = v;
    } else if (!(v = value_after(line, "a=setup:")).empty()) {
      if (out.setup.empty()) out.setup = v;
    } else if (line == "a=ice-lite") {
      out.ice_lite = true;
    } else if (!(v = value_after(line, "a=mid:")).empty() && !sections.empty()) {
      sections.back().mid = v;
    } else if (!(v = value_after(line, "a=candidate:")).empty()) {
      std::istringstream c(v);
      std::string foundation, component, transport, priority, addr, port;
      c >> foundation >> component >> transport >> priority >> addr >> port;
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(static_cast<uint16_t>(std::atoi(port.c_str())));
      if (component == "1" && lower(transport) == "udp" && inet_pton(AF_INET, addr.c_str(), &a.sin_addr) == 1) {
        bool seen = false;
        for (const auto& o : out.candidates) seen |= o.sin_addr.s_addr == a.sin_addr.s_addr && o.sin_port == a.sin_port;
        if (!seen) out.candidates.push_back(a);
      }
    } else if (!(v = value_after(line, "a=rtpmap:")).empty() && !sections.empty()) {
      sections.back().rtpmaps.emplace_back(std::atoi(v.c_str()), lower(v.substr(v.find(' ') + 1)));
    } else if (!(v = value_after(line, "a=fmtp:")).empty() && !sections.empty()) {
      sections.back().fmtps.emplace_back(std::atoi(v.c_str()), v.substr(v.find(' ') + 1));
    }
  }
  for (const Pending& p : sections) {
    RemoteDescription::Media m;
    m.kind = p.kind;
    m.mid = p.mid;
    if (!p.rejected) {
      // Video: H.264 with packetization-mode=1, 42e01f first; audio: Opus.
      int best_score = -1;
      for (const auto& [pt, map] : p.rtpmaps) {
        std::string fmtp;
        for (const auto& [fpt, f] : p.fmtps)
          if (fpt == pt) fmtp = f;
        int score = -1;
        if (p.kind == "video" && map.rfind("h264/90000", 0) == 0 &&
            fmtp.find("packetization-mode=1") != std::string::npos)
          score = lower(fmtp).find("42e01f") != std::string::npos ? 2 : 1;
        if (p.kind == "audio" && map.rfind("opus/48000", 0) == 0) score = 1;
        if (score > best_score) {
          best_score = score;
          m.pt = pt;
          m.fmtp = fmtp;
          m.clock_rate = p.kind == "video" ? 90000 : 48000;
        }
      }
    }
    out.media.push_back(m);
  }
  if (out.ufrag.empty() || out.pwd.empty()) error = "no ICE credentials";
  else if (out.fingerprint.empty()) error = "no fingerprint";
  else if (out.candidates.empty()) error = "no UDP IPv4 candidate";
  return error.empty();
}

std::string make_answer(const RemoteDescription& offer, const LocalTransport& l) {
  std::string s = "v=0\r\no=- 4611731400430051337 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE";
  for (const auto& m : offer.media)
    if (m.pt >= 0) s += " " + m.mid;
  s += "\r\na=msid-semantic: WMS\r\n";
  for (const auto& m : offer.media) {
    if (m.pt < 0) {
      s += "m=" + m.kind + " 0 UDP/TLS/RTP/SAVPF 0\r\nc=IN IP4 0.0.0.0\r\na=mid:" + m.mid + "\r\na=inactive\r\n";
      continue;
    }
    const std::string pt = std::to_string(m.pt);
    s += "m=" + m.kind + " 9 UDP/TLS/RTP/SAVPF " + pt + "\r\n" + transport_lines(l, "active") + "a=mid:" + m.mid +
         "\r\na=recvonly\r\na=rtcp-mux\r\n";
    if (m.kind == "video") {
      s += "a=rtpmap:" + pt + " H264/90000\r\na=rtcp-fb:" + pt + " nack\r\na=rtcp-fb:" + pt + " nack pli\r\n";
    } else {
      s += "a=rtpmap:" + pt + " opus/48000/2\r\n";
    }
    if (!m.fmtp.empty()) s += "a=fmtp:" + pt + " " + m.fmtp + "\r\n";
  }
  return s;
}

}  // namespace whep_load
