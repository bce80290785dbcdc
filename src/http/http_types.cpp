#include "http/http_types.h"

#include <unistd.h>

namespace ocop::http {

const char* method_name(Method m) {
  switch (m) {
    case Method::kGet: return "GET";
    case Method::kHead: return "HEAD";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kPatch: return "PATCH";
    case Method::kDelete: return "DELETE";
    case Method::kOptions: return "OPTIONS";
    case Method::kOther: return "OTHER";
  }
  return "OTHER";
}

Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::error(int status, const std::string& code, const std::string& message, const std::string& field,
                         const std::string& rule) {
  nlohmann::json e = {{"code", code}, {"message", message}};
  if (!field.empty()) {
    e["field"] = field;
    e["rule"] = rule.empty() ? "invalid" : rule;
  } else if (!rule.empty()) {
    e["rule"] = rule;  // a refusal that names no field, e.g. account_disabled
  }
  return json(status, {{"error", std::move(e)}});
}

Response Response::text(int status, std::string content_type, std::string body) {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

FileBody::~FileBody() {
  if (fd >= 0) ::close(fd);
}

}  // namespace ocop::http
