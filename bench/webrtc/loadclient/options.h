#pragma once
// whep_load's command line. Every option takes a value; a bad one prints
// the usage and exits with status 2.
#include <netinet/in.h>

#include <string>
#include <vector>

namespace whep_load {

struct Options {
  std::string url = "http://127.0.0.1:8080/whep/booths/1";
  std::string mode = "whep";
  int mountpoint = 1;
  int viewers = 1;
  double ramp = 50;
  double seconds = 30;
  double settle_timeout = 90;
  std::string bind = "127.0.0.1";
  std::string json_path;
  unsigned auth_every = 16;
  int batch_us = 2000;
  double drop = 0;
};

Options parse_options(int argc, char** argv);
[[noreturn]] void usage(const char* why);
// "127.0.0.1", "127.0.2.1-50" (a last-octet range) or a comma list of either.
std::vector<in_addr> parse_sources(const std::string& spec);

}  // namespace whep_load
