#include "http/router.h"

#include "http/parse/route.h"

namespace ocop::http {

void Router::add(Method method, std::string pattern, Handler handler) {
  routes_.push_back(Route{method, std::move(pattern), std::move(handler)});
}

void Router::add_ws(std::string pattern, WsAcceptor acceptor, std::function<bool(const WsUpgrade&)> admit) {
  ws_routes_.push_back(WsRoute{std::move(pattern), std::move(acceptor), std::move(admit)});
}

bool Router::ws_admits(WsUpgrade& upgrade) const {
  for (const auto& r : ws_routes_)
    if (match_route(r.pattern, upgrade.path, upgrade.ids)) return !r.admit || r.admit(upgrade);
  return false;
}

void Router::dispatch(Request& req, const Responder& responder) const {
  std::vector<int64_t> ids;
  std::vector<std::string> tokens;
  std::string allow;
  for (const auto& r : routes_) {
    if (!match_route(r.pattern, req.path, ids, tokens)) continue;
    if (r.method == req.method || (req.method == Method::kHead && r.method == Method::kGet)) {
      req.ids = ids;
      req.tokens = tokens;
      r.handler(req, responder);
      return;
    }
    if (!allow.empty()) allow += ", ";
    allow += method_name(r.method);
  }
  if (!allow.empty()) {
    responder.send(Response::error(405, "method_not_allowed",
                                   std::string(method_name(req.method)) + " is not allowed on " + req.path)
                       .header("allow", allow));
    return;
  }
  if (fallback_ && (req.method == Method::kGet || req.method == Method::kHead)) {
    fallback_(req, responder);
    return;
  }
  responder.send(Response::error(404, "not_found", "no route for " + std::string(method_name(req.method)) + " " +
                                                       req.path));
}

const WsAcceptor* Router::ws_route(WsUpgrade& upgrade) const {
  for (const auto& r : ws_routes_)
    if (match_route(r.pattern, upgrade.path, upgrade.ids)) return &r.acceptor;
  return nullptr;
}

}  // namespace ocop::http
