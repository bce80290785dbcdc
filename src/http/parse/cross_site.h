#pragma once
// Cross-site request rules for what a session cookie can do: a browser sends
// the cookie with requests that other sites' pages make, so a request that
// changes state, or a websocket that carries a role, must come from a page
// of ours (or a configured origin), and JSON routes take JSON only (a plain
// HTML form can send text/plain, never application/json). Pure.
#include <string>
#include <string_view>
#include <vector>

namespace ocop::http {

// True when `origin` (the Origin header) names this server as the client
// reached it (`host`, the Host header, compared with the origin's host and
// port; the scheme is not, since a TLS proxy may sit in front) or one of
// `allowed` (origins as browsers send them, compared ASCII case-
// insensitively). An absent Origin is a non-browser client, or a same-origin
// GET: true. The literal "null" (sandboxed frames, file: pages) is not ours.
bool origin_allowed(std::string_view origin, std::string_view host, const std::vector<std::string>& allowed);

// True when a body of this Content-Type may reach a JSON route: none at all
// with an empty body, else application/json with optional parameters.
bool json_content_type_ok(std::string_view content_type, size_t body_size);

}  // namespace ocop::http
