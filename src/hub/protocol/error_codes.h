#pragma once
// The codes of `error {code, message}` (DESIGN.md §3 "Websocket hub") and the
// reasons of `order_rejected`. Clients switch on these strings: keep them.
#include <string_view>

namespace ocop::hub::protocol {

namespace error_code {
inline constexpr std::string_view kBadJson = "bad_json";          // not JSON, not an object, too big/deep
inline constexpr std::string_view kUnknownType = "unknown_type";  // missing or unknown "type"
inline constexpr std::string_view kInvalid = "invalid";           // a field missing, wrong type or range
inline constexpr std::string_view kForbidden = "forbidden";
inline constexpr std::string_view kMuted = "muted";
inline constexpr std::string_view kSlowMode = "slow_mode";
inline constexpr std::string_view kRateLimited = "rate_limited";
}  // namespace error_code

enum class RejectReason { kOutOfStock, kInvalid, kRateLimited, kDealEnded, kLimitPerBuyer, kQtyTooLarge, kBlocked };
constexpr std::string_view reject_reason_name(RejectReason r) {
  switch (r) {
    case RejectReason::kOutOfStock: return "out_of_stock";
    case RejectReason::kInvalid: return "invalid";
    case RejectReason::kRateLimited: return "rate_limited";
    case RejectReason::kDealEnded: return "deal_ended";
    case RejectReason::kLimitPerBuyer: return "limit_per_buyer";
    case RejectReason::kQtyTooLarge: return "qty_too_large";
    case RejectReason::kBlocked: return "blocked";
  }
  return "invalid";
}

}  // namespace ocop::hub::protocol
