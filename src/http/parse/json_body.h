#pragma once
// Request bodies that must be one JSON object, with a nesting limit, so a
// deeply nested body cannot exhaust the stack.
#include <nlohmann/json.hpp>
#include <string_view>

#include "common/result.h"

namespace ocop::http {
constexpr int kMaxJsonDepth = 16;
// Errors: code "bad_json" (not JSON, too deep, not an object).
Result<nlohmann::json> parse_json_object(std::string_view body, int max_depth = kMaxJsonDepth);
}  // namespace ocop::http
