#include "domain/risk.h"

namespace ocop::domain {

std::vector<RiskCode> assess_risk(const RiskFacts& f, const RiskThresholds& t) {
  std::vector<RiskCode> out;
  if (f.address_orders_recent + 1 >= t.orders_per_address) out.push_back(RiskCode::kManyFromAddress);
  if (f.phone_orders == 0) out.push_back(RiskCode::kNewPhone);
  if (f.phone_returned > 0) out.push_back(RiskCode::kPhoneRefusedBefore);
  if (f.cookie_other_phones && *f.cookie_other_phones + 1 >= t.phones_per_cookie)
    out.push_back(RiskCode::kManyPhonesOneCookie);
  return out;
}

std::optional<ClusterBy> parse_cluster_by(std::string_view s) {
  if (s == "address") return ClusterBy::kAddress;
  if (s == "cookie") return ClusterBy::kCookie;
  return std::nullopt;
}

std::vector<Order> order_cluster(const std::vector<Order>& orders, const Order& anchor, ClusterBy by) {
  std::vector<Order> out;
  if (by == ClusterBy::kAddress && anchor.client_key.empty()) return out;
  if (by == ClusterBy::kCookie && !anchor.viewer_id) return out;
  for (const Order& o : orders) {
    if (o.status != OrderStatus::kPlaced && o.status != OrderStatus::kConfirmed) continue;
    const bool same = by == ClusterBy::kAddress ? o.client_key == anchor.client_key : o.viewer_id == anchor.viewer_id;
    if (same) out.push_back(o);
  }
  return out;
}

}  // namespace ocop::domain
