#pragma once
// The web client's files. Page routes (/, /booths/{id}, /studio, /organizer,
// /login, /embed/booths/{id}) map to their HTML; other paths map to files
// under the web root, never outside it. Only the embed may be framed, and
// only by the configured sites.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <map>
#include <sys/types.h>

#include "http/router.h"

namespace ocop::http {

class StaticFiles {
 public:
  // `embed_origins`: the sites that may frame /embed/booths/{id} (server.embed_origins).
  explicit StaticFiles(std::string root, const std::vector<std::string>& embed_origins = {});
  // `extra` headers go on page (HTML) answers only, e.g. a viewer cookie;
  // `head` is markup put at the end of a page's <head> (Open Graph tags).
  void handle(const Request& req, const Responder& res,
              const std::vector<std::pair<std::string, std::string>>& extra = {}, const std::string& head = {}) const;
  // True for the page routes (/, /booths/{id}, /studio, ...).
  static bool is_page(const std::string& path);

 private:
  struct Gzipped {
    time_t mtime = 0;
    size_t size = 0;
    std::string bytes;
  };
  std::string root_;  // canonical, without a trailing slash
  std::string embed_ancestors_;  // CSP frame-ancestors of the embed; empty: nobody
  // Text files compressed once per version: a 3G phone gets a third of the bytes.
  mutable std::map<std::string, Gzipped> gzip_cache_;
};

// gzip (RFC 1952) of a buffer, or nullopt.
std::optional<std::string> gzip(const std::string& data);

// "text/html; charset=utf-8" etc. by extension.
const char* content_type_for(const std::string& path);

}  // namespace ocop::http
