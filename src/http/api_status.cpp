// GET /api/v1/health and GET /metrics (Prometheus text format).
#include <fmt/core.h>

#include "http/api.h"

namespace ocop::http {

void add_status_routes(Router& router, ApiContext& ctx) {
  router.add(Method::kGet, "/api/v1/health", [](Request&, Responder res) {
    res.send(Response::json(200, {{"status", "ok"}}));
  });

  router.add(Method::kGet, "/metrics", [&ctx](Request&, Responder res) {
    std::string out;
    out += "# HELP ocoplive_booths_live Booths live or reconnecting.\n# TYPE ocoplive_booths_live gauge\n";
    out += fmt::format("ocoplive_booths_live {}\n", ctx.live.booths_live());
    out += "# HELP ocoplive_viewers WebRTC viewer sessions.\n# TYPE ocoplive_viewers gauge\n";
    out += fmt::format("ocoplive_viewers {}\n", ctx.live.viewers_total());
    out += "# HELP ocoplive_ws_clients Websocket hub clients.\n# TYPE ocoplive_ws_clients gauge\n";
    out += fmt::format("ocoplive_ws_clients {}\n", ctx.ws_clients ? ctx.ws_clients() : 0);
    out += "# HELP ocoplive_orders_total Orders placed.\n# TYPE ocoplive_orders_total counter\n";
    out += fmt::format("ocoplive_orders_total {}\n", ctx.store.orders_total());
    out += "# HELP ocoplive_ingest_bitrate_bps Incoming RTMP bitrate per booth.\n"
           "# TYPE ocoplive_ingest_bitrate_bps gauge\n";
    for (const auto& [id, b] : ctx.live.all())
      if (b.ingest) out += fmt::format("ocoplive_ingest_bitrate_bps{{booth=\"{}\"}} {}\n", id, b.ingest->bitrate_bps);
    if (ctx.extra_metrics) out += ctx.extra_metrics();
    res.send(Response::text(200, "text/plain; version=0.0.4; charset=utf-8", std::move(out)));
  });
}

}  // namespace ocop::http
