#pragma once
// HTTP/1.1 over a plain socket for the test WHEP client: loopback only, one
// request per connection, every step bounded by a deadline.
#include <optional>
#include <string>

namespace whep_client {

struct Url {
  std::string host, port, path;
};
// "http://host[:port]/path"; nullopt for anything else.
std::optional<Url> parse_url(const std::string& s);

struct HttpResponse {
  int status = 0;  // 0: no answer (see error)
  std::string location, body, error;
};
HttpResponse http_request(const Url& url, const std::string& method, const std::string& path,
                          const std::string& content_type, const std::string& body);

std::string lower(std::string s);

}  // namespace whep_client
