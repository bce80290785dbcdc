#pragma once
// Route patterns like "/api/v1/booths/{id}/products". A "{token}" segment
// matches 1..64 of [A-Za-z0-9_-] (opaque ids such as WHEP sessions); any other
// "{...}" segment matches a positive decimal id of at most 15 digits;
// a placeholder may be followed by a literal suffix ("{id}.jpg", "{token}.ts");
// everything else must match exactly. Pure.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ocop::http {

bool match_route(std::string_view pattern, std::string_view path, std::vector<int64_t>& ids);
bool match_route(std::string_view pattern, std::string_view path, std::vector<int64_t>& ids,
                 std::vector<std::string>& tokens);
bool is_token(std::string_view text);

// Parses a positive id ("0" and leading zeros, signs, spaces are refused).
bool parse_id(std::string_view text, int64_t& out);

}  // namespace ocop::http
