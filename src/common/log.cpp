#include "common/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>

namespace ocop::log {
namespace {
std::atomic<Level> g_level{Level::kInfo};
std::mutex g_mutex;  // keeps lines from different threads whole
const char* name(Level l) {
  switch (l) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "?";
}
}  // namespace

void set_level(Level level) { g_level = level; }
Level level() { return g_level; }

void write(Level lvl, std::string_view subsystem, std::string_view message) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  std::lock_guard<std::mutex> lock(g_mutex);
  std::fprintf(stderr, "%lld.%03lld %-5s [%.*s] %.*s\n", static_cast<long long>(ms / 1000),
               static_cast<long long>(ms % 1000), name(lvl), static_cast<int>(subsystem.size()),
               subsystem.data(), static_cast<int>(message.size()), message.data());
}

}  // namespace ocop::log
