#pragma once
// Validation of what clients send (REST bodies and hub messages) into typed
// inputs. Every error is Error{code = "invalid", message = "<field>: <rule>"}
// so a client can show it next to the right form field. Nothing here throws
// on any JSON value.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "domain/model.h"
#include "domain/risk.h"

namespace ocop::domain {

inline constexpr std::string_view kInvalidCode = "invalid";

// ---- Field reading, shared by the REST validators and the hub parser ----

enum class Need { kRequired, kOptional };

// How a text field is checked. Lengths count code points after trimming.
struct TextRule {
  size_t min_chars = 0;
  size_t max_chars = 0;
  bool multiline = false;  // allows \n ("\r\n" is stored as "\n"); else no \t or \n
  bool trim = true;
  bool flatten = false;  // \t \r \n become spaces first (chat shows one line)
};

// Reads fields of one JSON object and keeps the first error, so a validator
// reads like a list of rules. After an error every read returns nullopt.
// A JSON null counts as a wrong type unless a reader says otherwise.
class FieldReader {
 public:
  // `prefix` names nested objects in messages, e.g. "deal." -> "deal.price: ...".
  explicit FieldReader(const nlohmann::json& object, std::string prefix = "");
  // The reader keeps a reference: a temporary would dangle.
  explicit FieldReader(nlohmann::json&& object, std::string prefix = "") = delete;

  bool has(std::string_view key) const;  // present, even if null
  bool is_null(std::string_view key) const;
  std::optional<std::string> text(std::string_view key, const TextRule& rule, Need need);
  // Any valid UTF-8 string of min..max bytes, untrimmed (passwords).
  std::optional<std::string> raw_text(std::string_view key, size_t min_bytes, size_t max_bytes,
                                      Need need);
  // JSON integers only: 3.0, 1e3, "3", true and out-of-range values are refused.
  std::optional<int64_t> integer(std::string_view key, int64_t min, int64_t max, Need need);
  // Outer nullopt: absent (or error); inner nullopt: JSON null.
  std::optional<std::optional<int64_t>> nullable_integer(std::string_view key, int64_t min,
                                                         int64_t max, Need need);
  // The first key not in `known` is an error naming it.
  void reject_unknown(std::initializer_list<std::string_view> known);
  // Records "<prefix><key>: <what>" (and the rule's code) unless an error
  // is already recorded.
  void fail(std::string_view key, std::string_view what, std::string_view rule = "invalid");

  bool ok() const { return !error_.has_value(); }
  const Error& error() const { return *error_; }

 private:
  const nlohmann::json* find(std::string_view key, Need need);

  const nlohmann::json& object_;
  std::string prefix_;
  std::optional<Error> error_;
};

// Rule codes clients map to their own words: "required", "wrong_type",
// "too_short", "too_long", "out_of_range", "bad_text", "unknown_field",
// "taken", "bad_username", "before_start", "invalid" (any other rule).
Error invalid_field(std::string_view field, std::string_view what, std::string_view rule = "invalid");

// Empty, a path on this server ("/media/x.jpg", not "//host") or an
// http(s) URL; never whitespace, control characters or backslashes.
bool is_acceptable_url(std::string_view url);
// 3..32 of [a-z0-9_.-].
bool is_valid_username(std::string_view username);

// ---- Products (REST) ----

inline constexpr TextRule kProductNameRule{1, 120};
inline constexpr TextRule kProducerRule{1, 160};
inline constexpr TextRule kUnitRule{1, 20};
inline constexpr TextRule kStoryRule{0, 4000, true};
inline constexpr size_t kMaxUrlChars = 500;
inline constexpr TextRule kCertificateNumberRule{0, 60};
inline constexpr TextRule kOcopReasonRule{1, 300};

// An organizer's review of an OCOP claim: {approved, reason?}; a rejection
// needs a reason the seller can act on.
struct OcopReview {
  bool approved = false;
  std::string reason;
};
Result<OcopReview> validate_ocop_review(const nlohmann::json& body);

// A product body after validation: each field set when the body carried it.
struct ProductInput {
  std::optional<std::string> name;
  std::optional<std::string> producer;
  std::optional<std::string> province;  // exact spelling of provinces()
  std::optional<std::string> group;     // a product_groups() code
  std::optional<int> stars;
  std::optional<std::string> certificate_date;  // YYYY-MM-DD
  std::optional<int64_t> price;
  std::optional<std::string> unit;
  std::optional<int64_t> stock;
  std::optional<std::string> story;
  std::optional<std::string> image_url;
  std::optional<std::string> traceability_url;
  std::optional<std::string> certificate_number;

  // Copies the fields that are set; id and booth_id are never touched. A
  // claim that changes (stars, certificate date or number) goes back to
  // pending: an organizer approved the old one, not this.
  void apply_to(Product& product) const;
};

// Create: every field is required except story, image_url and
// traceability_url, which default to "" (their minimum length is 0 anyway).
// `now` (Unix seconds) bounds certificate_date: a certificate dated after
// today in Vietnam (UTC+7) is refused. Unknown keys (including id, booth_id
// and the computed certificate_expires) are refused.
Result<ProductInput> validate_product_create(const nlohmann::json& body, int64_t now);
// Update: only the present fields, with the same rules.
Result<ProductInput> validate_product_update(const nlohmann::json& body, int64_t now);

// ---- Market days, booths, users (REST) ----

inline constexpr int64_t kMaxMarketDaySeconds = 7 * 24 * 3600;

// {title 1..200, starts_at >= 0, ends_at}: ends_at after starts_at, at most
// 7 days later. The result has id 0.
Result<MarketDay> validate_market_day(const nlohmann::json& body);
// An edit: any of title, starts_at, ends_at, checked together with the
// fields left as they are in `current`.
Result<MarketDay> validate_market_day_update(const nlohmann::json& body, const MarketDay& current);

// A seller's name and phone, as the organizer writes them (both optional).
struct SellerProfile {
  std::string display_name;  // 0..100 characters
  std::string phone;         // "" or normalized "0xxxxxxxxx"
};

// A seller account made inside the booth form: the server chooses the
// password and answers it once.
struct NewSellerInput {
  std::string username;
  SellerProfile profile;
};

struct BoothInput {
  std::optional<int64_t> market_day_id;
  std::optional<std::string> name;
  std::optional<std::string> province;
  // Outer: the key was present; inner nullopt: null, i.e. no seller.
  std::optional<std::optional<int64_t>> seller_id;
  std::optional<Visibility> visibility;
  std::optional<NewSellerInput> new_seller;  // create only; not beside seller_id
};
// Create: market_day_id, name, province required; seller_id optional/null.
Result<BoothInput> validate_booth_create(const nlohmann::json& body);
Result<BoothInput> validate_booth_update(const nlohmann::json& body);

struct NewUserInput {
  std::string username;
  std::string password;
  Role role = Role::kSeller;  // seller or organizer, never viewer
  SellerProfile profile;
};
Result<NewUserInput> validate_new_user(const nlohmann::json& body);

struct PasswordChange {
  std::string current_password;
  std::string new_password;  // 8..128 bytes, not the current one
};
Result<PasswordChange> validate_password_change(const nlohmann::json& body);

struct LoginInput {
  std::string username;
  std::string password;
};
// Only types and size caps: a malformed name is just a failed login (401),
// and the caps bound the password-hashing work.
Result<LoginInput> validate_login(const nlohmann::json& body);

// ---- Looking up an order ("Đơn của tôi") ----

// An order code as a buyer types it: "OC-7KQ2MX", "oc-7kq2mx", " 7KQ2MX ";
// "OC-" and six symbols of the code alphabet (no 0, 1, I, L, O), else nullopt.
std::optional<std::string> normalize_order_code(std::string_view text);

// ---- Order customer fields (the hub's order message) ----

inline constexpr int64_t kMinOrderQty = 1;
inline constexpr int64_t kMaxOrderQty = 100;
inline constexpr TextRule kCustomerNameRule{1, 100};
inline constexpr TextRule kAddressRule{10, 300};
inline constexpr TextRule kOrderNoteRule{0, 500, true};

struct OrderCustomer {
  std::string name;
  std::string phone;  // normalized "0xxxxxxxxx"
  std::string address;
  std::string note;  // "" when absent or null
};
// Reads name, phone, address and note from `object`; other keys are left to
// the caller.
Result<OrderCustomer> validate_order_customer(const nlohmann::json& object);

// ---- Order risk (REST, validate_risk.cpp) ----

inline constexpr TextRule kBlockReasonRule{1, 300};

struct BlockPhoneInput {
  std::string phone;  // normalized "0xxxxxxxxx"
  std::string reason;
};
// {phone, reason}: a Vietnamese mobile number in any spelling the order
// sheet takes, and why (1..300 characters), nothing else.
Result<BlockPhoneInput> validate_block_phone(const nlohmann::json& body);

struct CancelClusterInput {
  int64_t order_id = 0;
  ClusterBy by = ClusterBy::kAddress;
};
// {order_id, by: "address" | "cookie"}, nothing else.
Result<CancelClusterInput> validate_cancel_cluster(const nlohmann::json& body);

// PATCH /api/v1/orders/{id}: {status} or {paid}, one of them. `paid` (a
// JSON boolean) marks a bank transfer as arrived, or not.
struct OrderPatch {
  std::optional<OrderStatus> status;
  std::optional<bool> paid;
};
Result<OrderPatch> validate_order_patch(const nlohmann::json& body);

}  // namespace ocop::domain
