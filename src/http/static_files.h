#pragma once
// The web client's files. Page routes (/, /booths/{id}, /studio, /organizer,
// /login) map to their HTML; other paths map to files under the web root,
// never outside it.
#include <string>

#include "http/router.h"

namespace ocop::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);
  void handle(const Request& req, const Responder& res) const;

 private:
  std::string root_;  // canonical, without a trailing slash
};

// "text/html; charset=utf-8" etc. by extension.
const char* content_type_for(const std::string& path);

}  // namespace ocop::http
