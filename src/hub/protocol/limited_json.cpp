#include "hub/protocol/limited_json.h"

#include <string>

#include "domain/text.h"
#include "hub/protocol/error_codes.h"

namespace ocop::hub::protocol {

Result<nlohmann::json> parse_limited_json(std::string_view text, const ParseLimits& limits) {
  const auto bad = [](std::string message) {
    return Error{std::string(error_code::kBadJson), std::move(message)};
  };
  if (text.size() > limits.max_bytes) {
    return bad("message larger than " + std::to_string(limits.max_bytes) + " bytes");
  }
  if (!domain::is_valid_utf8(text)) return bad("message is not valid UTF-8");

  // nlohmann's parser is iterative, so depth cannot overflow the stack while
  // parsing; the callback keeps the tree shallow for everything after it.
  bool too_deep = false;
  const nlohmann::json::parser_callback_t limit_depth =
      [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
        if (event == nlohmann::json::parse_event_t::object_start ||
            event == nlohmann::json::parse_event_t::array_start) {
          // `depth` counts the containers around this one.
          if (depth >= limits.max_depth) too_deep = true;
        }
        return !too_deep;
      };
  try {
    auto value = nlohmann::json::parse(text.begin(), text.end(), limit_depth,
                                       /*allow_exceptions=*/false);
    if (too_deep) {
      return bad("message nested deeper than " + std::to_string(limits.max_depth) + " levels");
    }
    if (value.is_discarded()) return bad("message is not valid JSON");
    return value;
  } catch (const std::exception&) {
    // allow_exceptions=false covers syntax errors; this is the belt for the
    // braces (allocation failure, a library path that still throws).
    return bad("message is not valid JSON");
  }
}

}  // namespace ocop::hub::protocol
