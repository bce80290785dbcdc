#pragma once
// Method + path pattern -> handler. A path that matches a pattern under
// another method gets 405 (with Allow); no match falls to the fallback
// (static files) for GET/HEAD, else a JSON 404.
#include <string>
#include <vector>

#include "http/http_types.h"

namespace ocop::http {

class Router {
 public:
  void add(Method method, std::string pattern, Handler handler);
  // `admit` runs before the upgrade completes: false refuses it (no 101).
  void add_ws(std::string pattern, WsAcceptor acceptor, std::function<bool(const WsUpgrade&)> admit = {});
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }

  void dispatch(Request& req, const Responder& responder) const;
  // The acceptor for a websocket path, or null. Fills upgrade.ids.
  const WsAcceptor* ws_route(WsUpgrade& upgrade) const;
  // Whether an upgrade to this path may proceed (a route exists and admits it).
  bool ws_admits(WsUpgrade& upgrade) const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    Handler handler;
  };
  struct WsRoute {
    std::string pattern;
    WsAcceptor acceptor;
    std::function<bool(const WsUpgrade&)> admit;
  };
  std::vector<Route> routes_;
  std::vector<WsRoute> ws_routes_;
  Handler fallback_;
};

}  // namespace ocop::http
