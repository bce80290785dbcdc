#pragma once
// Minimal leveled logging to stderr. One line per call, prefixed with the
// level and subsystem, so a log line tells where it came from.
#include <fmt/core.h>

#include <string_view>

namespace ocop::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

void set_level(Level level);
Level level();
void write(Level level, std::string_view subsystem, std::string_view message);

template <typename... Args>
void debug(std::string_view sub, fmt::format_string<Args...> f, Args&&... args) {
  if (level() <= Level::kDebug) write(Level::kDebug, sub, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void info(std::string_view sub, fmt::format_string<Args...> f, Args&&... args) {
  if (level() <= Level::kInfo) write(Level::kInfo, sub, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void warn(std::string_view sub, fmt::format_string<Args...> f, Args&&... args) {
  if (level() <= Level::kWarn) write(Level::kWarn, sub, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void error(std::string_view sub, fmt::format_string<Args...> f, Args&&... args) {
  write(Level::kError, sub, fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace ocop::log
