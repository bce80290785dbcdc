#pragma once
// Reads the commented JSON config and the command line into a Config.
// Unknown keys and wrong types are start-up errors that name the key.
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "config/config.h"

namespace ocop::config {

// Parse JSON text (comments allowed) on top of the defaults.
Result<Config> parse_config(const std::string& text);
Result<Config> load_config_file(const std::string& path);

struct CommandLine {
  std::string config_path = "config/ocoplive.json";
  bool config_path_given = false;
  std::optional<std::string> data_dir, bind;
  std::optional<int> http_port, rtmp_port;
  std::optional<std::vector<std::string>> ice_addresses;
  bool demo = false;
  bool help = false;
  std::string command;  // "" (serve) or "create-organizer"
  std::string command_arg;
};

Result<CommandLine> parse_command_line(const std::vector<std::string>& args);
std::string usage();

// CLI beats config.
void apply_command_line(const CommandLine& cli, Config& cfg);

}  // namespace ocop::config
