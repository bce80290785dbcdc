#pragma once
// The client's address behind a reverse proxy we trust (a TLS terminator in
// front, docs/deployment.md). X-Forwarded-For lists the addresses each proxy
// saw, the nearest last; only entries added by trusted proxies can be
// believed, so it is read from the right and the first address that is not
// a trusted proxy is the client. Pure.
#include <string>
#include <string_view>
#include <vector>

namespace ocop::http {

// `socket_peer`: the address of the TCP peer. When it is not in `trusted`,
// X-Forwarded-For is whatever the client wrote and is ignored. An entry that
// is not an IP literal stops the walk: the last address passed is the client.
std::string client_address(std::string_view socket_peer, std::string_view x_forwarded_for,
                           const std::vector<std::string>& trusted);

// An IPv4 or IPv6 literal, as config entries must be.
bool is_ip_literal(std::string_view text);

}  // namespace ocop::http
