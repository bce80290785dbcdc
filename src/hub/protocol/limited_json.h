#pragma once
// JSON parsing with the limits a network peer must not exceed: input size and
// nesting depth. Never throws; nlohmann's exceptions stay inside.
#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace ocop::hub::protocol {

struct ParseLimits {
  size_t max_bytes = 64 * 1024;  // a websocket frame above this is closed with 1009 anyway
  int max_depth = 8;             // nested arrays/objects, the top-level object counting as 1
};

// Any JSON value within the limits, or Error{"bad_json", why}. Invalid UTF-8
// (also inside strings) is bad_json: nlohmann refuses it, and it could never
// be dumped again.
Result<nlohmann::json> parse_limited_json(std::string_view text, const ParseLimits& limits = {});

}  // namespace ocop::hub::protocol
