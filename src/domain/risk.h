#pragma once
// Risk signals on an order, for the seller and organizers (never the buyer).
// Each is a hint to call the buyer before shipping, not a verdict: the store
// counts what it knows about the order's phone, address and cookie
// (RiskFacts), and this pure function turns the counts into codes.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/model.h"

namespace ocop::domain {

// Counts of earlier orders, at every booth of the server, this order excluded.
struct RiskFacts {
  int64_t address_orders_recent = 0;  // from the same client address within the address window
  int64_t phone_orders = 0;           // from the same phone, ever
  int64_t phone_returned = 0;         // of those, refused at the door (status returned)
  // Other phones on orders from the same viewer cookie within the cookie
  // window; null without a cookie.
  std::optional<int64_t> cookie_other_phones;
};

struct RiskThresholds {
  int64_t orders_per_address = 3;  // this many within the window, this one included: many_from_address
  int64_t phones_per_cookie = 3;   // this many phones on one cookie, this one included: many_phones_one_cookie
};

// In the order of RiskCode: many_from_address, new_phone,
// phone_refused_before, many_phones_one_cookie.
std::vector<RiskCode> assess_risk(const RiskFacts& facts, const RiskThresholds& thresholds);

// A cluster is what one bot leaves behind: orders from one client address,
// or from one viewer cookie, that the seller can cancel in one action.
enum class ClusterBy { kAddress, kCookie };
std::optional<ClusterBy> parse_cluster_by(std::string_view s);  // "address" | "cookie"

// The orders of `orders` that share `anchor`'s client address (or cookie)
// and can still be cancelled without shipping anything back (placed or
// confirmed), the anchor among them when it is. Empty when the anchor has
// no key of that kind.
std::vector<Order> order_cluster(const std::vector<Order>& orders, const Order& anchor, ClusterBy by);

}  // namespace ocop::domain
