#include "domain/model.h"

namespace ocop::domain {

const char* role_name(Role r) {
  switch (r) {
    case Role::kViewer: return "viewer";
    case Role::kSeller: return "seller";
    case Role::kOrganizer: return "organizer";
  }
  return "viewer";
}

std::optional<Role> parse_role(std::string_view s) {
  if (s == "viewer") return Role::kViewer;
  if (s == "seller") return Role::kSeller;
  if (s == "organizer") return Role::kOrganizer;
  return std::nullopt;
}

const char* order_status_name(OrderStatus s) {
  switch (s) {
    case OrderStatus::kPlaced: return "placed";
    case OrderStatus::kConfirmed: return "confirmed";
    case OrderStatus::kShipped: return "shipped";
    case OrderStatus::kDelivered: return "delivered";
    case OrderStatus::kCancelled: return "cancelled";
    case OrderStatus::kReturned: return "returned";
  }
  return "placed";
}

std::optional<OrderStatus> parse_order_status(std::string_view s) {
  if (s == "placed") return OrderStatus::kPlaced;
  if (s == "confirmed") return OrderStatus::kConfirmed;
  if (s == "shipped") return OrderStatus::kShipped;
  if (s == "delivered") return OrderStatus::kDelivered;
  if (s == "cancelled") return OrderStatus::kCancelled;
  if (s == "returned") return OrderStatus::kReturned;
  return std::nullopt;
}

const char* visibility_name(Visibility v) { return v == Visibility::kPrivate ? "private" : "public"; }

std::optional<Visibility> parse_visibility(std::string_view s) {
  if (s == "public") return Visibility::kPublic;
  if (s == "private") return Visibility::kPrivate;
  return std::nullopt;
}

const char* ocop_status_name(OcopStatus s) {
  switch (s) {
    case OcopStatus::kPending: return "pending";
    case OcopStatus::kApproved: return "approved";
    case OcopStatus::kRejected: return "rejected";
  }
  return "pending";
}

std::optional<OcopStatus> parse_ocop_status(std::string_view s) {
  if (s == "pending") return OcopStatus::kPending;
  if (s == "approved") return OcopStatus::kApproved;
  if (s == "rejected") return OcopStatus::kRejected;
  return std::nullopt;
}

const char* payment_method_name(PaymentMethod m) {
  return m == PaymentMethod::kBankTransfer ? "bank_transfer" : "cod";
}

std::optional<PaymentMethod> parse_payment_method(std::string_view s) {
  if (s == "cod") return PaymentMethod::kCod;
  if (s == "bank_transfer") return PaymentMethod::kBankTransfer;
  return std::nullopt;
}

const char* risk_code_name(RiskCode c) {
  switch (c) {
    case RiskCode::kManyFromAddress: return "many_from_address";
    case RiskCode::kNewPhone: return "new_phone";
    case RiskCode::kPhoneRefusedBefore: return "phone_refused_before";
    case RiskCode::kManyPhonesOneCookie: return "many_phones_one_cookie";
  }
  return "new_phone";
}

std::optional<RiskCode> parse_risk_code(std::string_view s) {
  for (RiskCode c : {RiskCode::kManyFromAddress, RiskCode::kNewPhone, RiskCode::kPhoneRefusedBefore,
                     RiskCode::kManyPhonesOneCookie})
    if (s == risk_code_name(c)) return c;
  return std::nullopt;
}

bool order_transition_allowed(OrderStatus from, OrderStatus to) {
  using S = OrderStatus;
  switch (from) {
    case S::kPlaced: return to == S::kConfirmed || to == S::kCancelled;
    case S::kConfirmed: return to == S::kShipped || to == S::kCancelled;
    case S::kShipped: return to == S::kDelivered || to == S::kCancelled || to == S::kReturned;
    case S::kDelivered:
    case S::kCancelled:
    case S::kReturned: return false;
  }
  return false;
}

}  // namespace ocop::domain
