// Bank transfers with VietQR: the NAPAS bank list, a booth's account, and
// the QR image of a transfer order.
#include "domain/napas_banks.h"
#include "domain/payment.h"
#include "http/api.h"
#include "http/parse/json_body.h"
#include "http/qr_svg.h"
#include "http/parse/route.h"

namespace ocop::http {
namespace {

nlohmann::json account_json(const domain::BankAccount& a) {
  const auto* bank = domain::find_napas_bank(a.bank_bin);
  return {{"bank_bin", a.bank_bin},
          {"bank_code", bank ? bank->code : ""},
          {"bank_name", bank ? bank->short_name : ""},
          {"account_number", a.account_number},
          {"account_name", a.account_name}};
}

// The booth of {id}, when the logged-in user manages it; otherwise answered.
std::optional<domain::Booth> managed_booth(ApiContext& ctx, Request& req, const Responder& res) {
  auto user = require_user(ctx, req, res);
  if (!user) return std::nullopt;
  auto booth = ctx.store.booth(req.ids[0]);
  if (!booth) {
    res.send(Response::error(404, "not_found", "no such booth"));
    return std::nullopt;
  }
  if (!can_manage(*user, *booth)) {
    res.send(Response::error(403, "forbidden", "not your booth"));
    return std::nullopt;
  }
  return booth;
}

}  // namespace

void add_payment_routes(Router& router, ApiContext& ctx) {
  router.add(Method::kGet, "/api/v1/banks", [](Request&, Responder res) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& b : domain::napas_banks())
      list.push_back({{"bin", b.bin}, {"code", b.code}, {"short_name", b.short_name}, {"name", b.name}});
    res.send(Response::json(200, {{"banks", list}}).header("cache-control", "public, max-age=86400"));
  });

  router.add(Method::kGet, "/api/v1/booths/{id}/bank-account", [&ctx](Request& req, Responder res) {
    auto booth = managed_booth(ctx, req, res);
    if (!booth) return;
    auto account = ctx.store.bank_account(booth->id);
    if (!account.ok()) return res.send(error_response(account.error()));
    res.send(Response::json(200, {{"bank_account", *account ? account_json(**account) : nlohmann::json(nullptr)}})
                 .header("cache-control", "no-store"));
  });

  router.add(Method::kPut, "/api/v1/booths/{id}/bank-account", [&ctx](Request& req, Responder res) {
    auto booth = managed_booth(ctx, req, res);
    if (!booth) return;
    auto body = parse_json_object(req.body);
    if (!body.ok()) return res.send(error_response(body.error()));
    auto account = domain::validate_bank_account(*body);
    if (!account.ok()) return res.send(error_response(account.error()));
    if (Status s = ctx.store.set_bank_account(booth->id, *account, ctx.now()); !s.ok())
      return res.send(error_response(s.error()));
    res.send(Response::json(200, {{"bank_account", account_json(*account)}}));
  });

  router.add(Method::kDelete, "/api/v1/booths/{id}/bank-account", [&ctx](Request& req, Responder res) {
    auto booth = managed_booth(ctx, req, res);
    if (!booth) return;
    if (Status s = ctx.store.clear_bank_account(booth->id); !s.ok()) return res.send(error_response(s.error()));
    res.send(Response::json(200, {{"bank_account", nullptr}}));
  });

  // The QR of a transfer order for the buyer's page. The order's code is the
  // key (the buyer has it; ids alone are guessable), as in the order lookup.
  router.add(Method::kGet, "/api/v1/orders/{id}/vietqr.svg", [&ctx](Request& req, Responder res) {
    auto code = req.query.find("code");
    auto order = ctx.store.order(req.ids[0]);
    if (!order || code == req.query.end() || code->second != order->code ||
        order->payment_method != domain::PaymentMethod::kBankTransfer || order->payment_qr.empty())
      return res.send(Response::error(404, "not_found", "no transfer order with this id and code"));
    auto svg = qr_svg(order->payment_qr);
    if (!svg) return res.send(Response::error(500, "internal", "could not draw the QR code"));
    res.send(Response::text(200, "image/svg+xml", std::move(*svg)).header("cache-control", "private, max-age=3600"));
  });
}

}  // namespace ocop::http
