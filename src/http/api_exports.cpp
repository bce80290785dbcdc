// Spreadsheet exports (UTF-8 CSV with a BOM): a booth's orders for its seller
// and organizers, a market day's sales report for organizers.
#include <algorithm>
#include <map>

#include "domain/exports.h"
#include "http/api.h"

namespace ocop::http {
namespace {

Response csv_response(std::string body, const std::string& filename) {
  return Response::text(200, "text/csv; charset=utf-8", std::move(body))
      .header("content-disposition", "attachment; filename=\"" + filename + "\"")
      .header("cache-control", "no-store");
}

}  // namespace

void add_export_routes(Router& router, ApiContext& ctx) {
  router.add(Method::kGet, "/api/v1/booths/{id}/orders.csv", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    auto booth = ctx.store.booth(req.ids[0]);
    if (!booth) return res.send(Response::error(404, "not_found", "no such booth"));
    if (!can_manage(*user, *booth)) return res.send(Response::error(403, "forbidden", "not your booth"));
    auto orders = ctx.store.orders(booth->id);
    // Archived products are gone from products(): look each one up once.
    std::map<int64_t, std::string> names;
    for (const auto& p : ctx.store.products(booth->id)) names[p.id] = p.name;
    for (const auto& o : orders)
      if (!names.count(o.product_id))
        if (auto p = ctx.store.product(o.product_id)) names[p->id] = p->name;
    // Oldest first, as a ledger reads.
    std::reverse(orders.begin(), orders.end());
    res.send(csv_response(domain::orders_csv(orders, names), "orders-booth-" + std::to_string(booth->id) + ".csv"));
  });

  router.add(Method::kGet, "/api/v1/market-days/{id}/report.csv", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (!is_organizer(*user)) return res.send(Response::error(403, "forbidden", "organizers only"));
    auto day = ctx.store.market_day(req.ids[0]);
    if (!day) return res.send(Response::error(404, "not_found", "no such market day"));
    auto report = ctx.store.sales_report(day->id);
    if (!report.ok()) return res.send(error_response(report.error()));
    res.send(csv_response(domain::market_report_csv(report->booths, report->groups),
                          "report-market-day-" + std::to_string(day->id) + ".csv"));
  });
}

}  // namespace ocop::http
