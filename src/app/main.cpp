// ocoplive: the OCOP Live server. See usage() for the command line.
#include <gst/gst.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/app.h"
#include "common/log.h"
#include "config/loader.h"

int main(int argc, char** argv) {
  using namespace ocop;
  std::vector<std::string> args(argv + 1, argv + argc);
  auto cli = config::parse_command_line(args);
  if (!cli.ok()) {
    std::fprintf(stderr, "ocoplive: %s\n%s", cli.error().message.c_str(), config::usage().c_str());
    return 2;
  }
  if (cli->help) {
    std::printf("%s", config::usage().c_str());
    return 0;
  }

  config::Config cfg;
  // The default config file is optional; one named with --config is not.
  if (cli->config_path_given || std::filesystem::exists(cli->config_path)) {
    auto loaded = config::load_config_file(cli->config_path);
    if (!loaded.ok()) {
      std::fprintf(stderr, "ocoplive: %s\n", loaded.error().message.c_str());
      return 2;
    }
    cfg = std::move(*loaded);
  }
  config::apply_command_line(*cli, cfg);
  log::set_level(cfg.log_level == "debug"  ? log::Level::kDebug
                 : cfg.log_level == "warn" ? log::Level::kWarn
                 : cfg.log_level == "error" ? log::Level::kError
                                            : log::Level::kInfo);

  if (cli->command == "create-organizer") return app::create_organizer(cfg, cli->command_arg);

  gst_init(nullptr, nullptr);
  app::App server(std::move(cfg), cli->demo);
  if (Status s = server.start(); !s.ok()) {
    std::fprintf(stderr, "ocoplive: %s\n", s.error().message.c_str());
    return 1;
  }
  server.run();
  return 0;
}
