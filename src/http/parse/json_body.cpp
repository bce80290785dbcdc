#include "http/parse/json_body.h"

namespace ocop::http {

Result<nlohmann::json> parse_json_object(std::string_view body, int max_depth) {
  using nlohmann::json;
  bool too_deep = false;
  json::parser_callback_t depth_check = [&](int depth, json::parse_event_t event, json&) {
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
        depth >= max_depth)
      too_deep = true;
    return !too_deep;
  };
  json j;
  try {
    j = json::parse(body.begin(), body.end(), depth_check, /*allow_exceptions=*/true);
  } catch (const json::exception& e) {
    return make_error("bad_json", "request body is not valid JSON");
  }
  if (too_deep) return make_error("bad_json", "request body is nested too deeply");
  if (!j.is_object()) return make_error("bad_json", "request body must be a JSON object");
  return j;
}

}  // namespace ocop::http
