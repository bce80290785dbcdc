#include "options.h"

#include <arpa/inet.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace whep_load {


void usage(const char* why) {
  std::fprintf(stderr,
               "whep_load: %s\nusage: whep_load [--url URL] [--mode whep|janus] [--mountpoint ID] [--viewers N]\n"
               "  [--ramp PER_SECOND] [--seconds HOLD] [--settle-timeout S] [--bind ADDR[,ADDR|A.B.C.X-Y]]\n"
               "  [--auth-every K] [--batch-us US] [--drop RATIO] [--json FILE]\n",
               why);
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) usage(("missing value for " + a).c_str());
    const std::string v = argv[++i];
    try {
      if (a == "--url") o.url = v;
      else if (a == "--mode") o.mode = v;
      else if (a == "--mountpoint") o.mountpoint = std::stoi(v);
      else if (a == "--viewers") o.viewers = std::stoi(v);
      else if (a == "--ramp") o.ramp = std::stod(v);
      else if (a == "--seconds") o.seconds = std::stod(v);
      else if (a == "--settle-timeout") o.settle_timeout = std::stod(v);
      else if (a == "--bind") o.bind = v;
      else if (a == "--auth-every") o.auth_every = static_cast<unsigned>(std::stoul(v));
      else if (a == "--json") o.json_path = v;
      else if (a == "--batch-us") o.batch_us = std::stoi(v);
      else if (a == "--drop") o.drop = std::stod(v);
      else usage(("unknown option " + a).c_str());
    } catch (const std::logic_error&) {  // std::stoi and friends on a non-number
      usage(("bad value for " + a).c_str());
    }
  }
  if (o.mode != "whep" && o.mode != "janus") usage("--mode is whep or janus");
  if (o.viewers < 0 || o.ramp <= 0) usage("bad --viewers or --ramp");
  return o;
}

std::vector<in_addr> parse_sources(const std::string& spec) {
  std::vector<in_addr> out;
  size_t at = 0;
  while (at <= spec.size()) {
    const size_t comma = spec.find(',', at);
    std::string item = spec.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    at = comma == std::string::npos ? spec.size() + 1 : comma + 1;
    int last = -1;
    if (const size_t dash = item.find('-'); dash != std::string::npos) {
      last = std::stoi(item.substr(dash + 1));
      item = item.substr(0, dash);
    }
    in_addr a{};
    if (inet_pton(AF_INET, item.c_str(), &a) != 1) usage(("bad --bind address " + item).c_str());
    out.push_back(a);
    const uint32_t first = ntohl(a.s_addr);
    for (int x = static_cast<int>(first & 0xff) + 1; x <= last && x < 255; ++x) {
      in_addr b{};
      b.s_addr = htonl((first & 0xffffff00u) | static_cast<uint32_t>(x));
      out.push_back(b);
    }
  }
  return out;
}

}  // namespace whep_load
