#pragma once
// Wires the server together: config, store, HTTP/websockets, ingest, media,
// hub. Owns every component; no singletons. Runs on the control thread.
#include <memory>

#include "common/control_loop.h"
#include "common/result.h"
#include "config/config.h"

namespace ocop::app {

class App {
 public:
  App(config::Config cfg, bool demo);
  ~App();
  // Starts every listener; prints "listening http=N rtmp=M" and the URLs.
  Status start();
  // Runs until SIGINT/SIGTERM.
  void run();

 private:
  struct Parts;
  config::Config cfg_;
  bool demo_;
  ControlLoop loop_;
  std::unique_ptr<Parts> parts_;
};

// `create-organizer USER`: password from stdin.
int create_organizer(const config::Config& cfg, const std::string& username);

}  // namespace ocop::app
