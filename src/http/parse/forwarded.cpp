#include "http/parse/forwarded.h"

#include <arpa/inet.h>

#include <algorithm>

namespace ocop::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool listed(std::string_view address, const std::vector<std::string>& list) {
  return std::find(list.begin(), list.end(), address) != list.end();
}

}  // namespace

bool is_ip_literal(std::string_view text) {
  if (text.empty() || text.size() > 45) return false;
  const std::string s(text);
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

std::string client_address(std::string_view socket_peer, std::string_view x_forwarded_for,
                           const std::vector<std::string>& trusted) {
  std::string client(socket_peer);
  if (!listed(socket_peer, trusted)) return client;
  constexpr int kMaxHops = 16;
  std::string_view rest = x_forwarded_for;
  for (int hop = 0; hop < kMaxHops && !rest.empty(); ++hop) {
    const size_t comma = rest.rfind(',');
    const std::string_view entry = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (!is_ip_literal(entry)) break;
    client.assign(entry);
    if (!listed(entry, trusted)) break;
  }
  return client;
}

}  // namespace ocop::http
