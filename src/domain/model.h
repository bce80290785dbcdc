#pragma once
// The records OCOP Live stores and serves. Plain data; rules live in
// validate.h and the store keeps them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocop::domain {

enum class Role { kViewer, kSeller, kOrganizer };
const char* role_name(Role r);
std::optional<Role> parse_role(std::string_view s);

struct User {
  int64_t id = 0;
  std::string username;
  Role role = Role::kSeller;
  // Filled by Store::user and Store::users (what organizers read), not by
  // the session lookups.
  std::string display_name;
  std::string phone;
  bool disabled = false;
};

struct MarketDay {
  int64_t id = 0;
  std::string title;
  int64_t starts_at = 0;
  int64_t ends_at = 0;
};

// A private booth is a rehearsal: listed and playable only for its seller
// and organizers.
enum class Visibility { kPublic, kPrivate };
const char* visibility_name(Visibility v);
std::optional<Visibility> parse_visibility(std::string_view s);

struct Booth {
  int64_t id = 0;
  int64_t market_day_id = 0;
  std::string name;
  std::string province;
  std::optional<User> seller;  // null until an organizer assigns one
  std::string stream_key;      // secret: never in public JSON
  Visibility visibility = Visibility::kPublic;
  // Set while an organizer has stopped the booth's live: its key is refused.
  std::optional<std::string> stopped_reason;
};

// An OCOP claim (stars, certificate) as the organizer judged it. A new or
// changed claim is pending until an organizer reviews it.
enum class OcopStatus { kPending, kApproved, kRejected };
const char* ocop_status_name(OcopStatus s);
std::optional<OcopStatus> parse_ocop_status(std::string_view s);

struct Product {
  int64_t id = 0;
  int64_t booth_id = 0;
  std::string name;
  std::string producer;  // OCOP owner ("chủ thể")
  std::string province;
  std::string group;
  int stars = 3;
  std::string certificate_date;  // YYYY-MM-DD
  int64_t price = 0;             // whole VND
  std::string unit;
  int64_t stock = 0;
  std::string story;
  std::string image_url;
  std::string traceability_url;
  std::string certificate_number;  // as printed on the certificate; may be empty
  OcopStatus ocop_status = OcopStatus::kPending;
  std::string ocop_reason;  // the organizer's words on a rejection
  std::string certificate_photo;  // photo token of the certificate, or ""
  std::vector<std::string> photos;  // uploaded photo tokens, cover first (read-only here)
};

// kReturned is a refused delivery ("bom hàng"): the goods came back.
enum class OrderStatus { kPlaced, kConfirmed, kShipped, kDelivered, kCancelled, kReturned };
const char* order_status_name(OrderStatus s);
std::optional<OrderStatus> parse_order_status(std::string_view s);
// placed -> confirmed -> shipped -> delivered; cancel from placed/confirmed/shipped;
// shipped -> returned.
bool order_transition_allowed(OrderStatus from, OrderStatus to);
// Cancelled and returned orders gave their units back (stock, and their deal).
inline bool order_units_returned(OrderStatus s) { return s == OrderStatus::kCancelled || s == OrderStatus::kReturned; }

enum class PaymentMethod { kCod, kBankTransfer };
const char* payment_method_name(PaymentMethod m);
std::optional<PaymentMethod> parse_payment_method(std::string_view s);

// Signals for the seller and organizers about who may be behind an order
// (domain/risk.h says when each is raised). Never shown to the buyer.
enum class RiskCode { kManyFromAddress, kNewPhone, kPhoneRefusedBefore, kManyPhonesOneCookie };
const char* risk_code_name(RiskCode c);
std::optional<RiskCode> parse_risk_code(std::string_view s);

struct Order {
  int64_t id = 0;
  std::string code;  // short code the buyer quotes, e.g. "OC-7K3M9Q"
  int64_t booth_id = 0;
  int64_t product_id = 0;
  std::string client_order_id;
  int64_t qty = 0;
  int64_t unit_price = 0;
  int64_t total = 0;
  std::string name;
  std::string phone;
  std::string address;
  std::string note;
  OrderStatus status = OrderStatus::kPlaced;
  int64_t created_at = 0;
  PaymentMethod payment_method = PaymentMethod::kCod;
  std::optional<int64_t> paid_at;  // a transfer the seller saw arrive
  std::string payment_qr;          // the VietQR string given with a transfer order; "" for COD
  // Staff only, never the buyer's: how the order was placed.
  std::vector<RiskCode> risk;
  std::string client_key;            // opaque key of the client's network address ("" if unknown)
  std::optional<int64_t> viewer_id;  // the signed viewer cookie's id; null without one
};

// A chat line that reads as an order for the pinned product (domain/chat_order.h).
struct ChatOrderHint {
  int64_t product_id = 0;
  int qty = 0;
};

struct ChatMessage {
  int64_t id = 0;
  int64_t booth_id = 0;
  int64_t viewer_id = 0;
  std::string nickname;
  Role role = Role::kViewer;
  std::string text;
  int64_t ts = 0;
  bool deleted = false;
  std::optional<ChatOrderHint> order;  // set as it is sent; not kept in the history
};

}  // namespace ocop::domain
