#pragma once
// CORS answers (the Fetch standard's "CORS protocol") for resources that
// pages on other origins may use, decided from the configured origins and the
// request's Origin header. No credentials are ever allowed: such a resource
// must not act on a cookie. Pure.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocop::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Headers for every answer of such a resource. `allowed` is the configured
// list: "*" lets any origin read the answer; otherwise the request's Origin is
// echoed when listed (ASCII case-insensitively) and nothing is granted to
// others. With a list the answer depends on Origin, so it carries
// "Vary: Origin" whatever the origin, for caches in between. `expose` names
// the response headers a page may read (empty: none).
HeaderList cors_headers(const std::vector<std::string>& allowed, std::string_view origin,
                        std::string_view expose);

// What a preflight answer adds: the methods and request headers the resource
// accepts, and how long a browser may cache the answer.
HeaderList cors_preflight_headers(std::string_view methods, std::string_view request_headers, int max_age_seconds);

// An origin as browsers serialize it: "*", or scheme "://" host [":" port]
// with no path, query, user info or trailing slash. For checking config.
bool is_cors_origin(std::string_view text);

}  // namespace ocop::http
