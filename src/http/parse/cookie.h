#pragma once
// Reads one cookie from a Cookie request header ("a=1; b=2").
#include <optional>
#include <string>
#include <string_view>

namespace ocop::http {
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);
}  // namespace ocop::http
