#include "hub/protocol/client_message.h"

#include <algorithm>
#include <limits>
#include <type_traits>

#include "domain/ocop.h"
#include "domain/validate.h"
#include "hub/protocol/error_codes.h"

namespace ocop::hub::protocol {

namespace {

using domain::FieldReader;
using domain::Need;
using nlohmann::json;

constexpr int64_t kMaxId = std::numeric_limits<int64_t>::max();

constexpr domain::TextRule kNicknameRule{1, kMaxNicknameChars};
constexpr domain::TextRule kChatRule{1, kMaxChatChars, false, true, true};

Result<ClientMessage> parse_hello(FieldReader& r) {
  auto nickname = r.text("nickname", kNicknameRule, Need::kRequired);
  if (!r.ok()) return r.error();
  return ClientMessage{Hello{std::move(*nickname)}};
}

Result<ClientMessage> parse_chat(FieldReader& r) {
  auto text = r.text("text", kChatRule, Need::kRequired);
  if (!r.ok()) return r.error();
  return ClientMessage{Chat{std::move(*text)}};
}

Result<ClientMessage> parse_react(FieldReader& r) {
  auto kind = r.raw_text("kind", 1, 16, Need::kRequired);
  std::optional<ReactionKind> parsed;
  if (kind) {
    parsed = parse_reaction_kind(*kind);
    if (!parsed) r.fail("kind", "must be heart, like or wow");
  }
  if (!r.ok()) return r.error();
  return ClientMessage{React{*parsed}};
}

Result<ClientMessage> parse_order(FieldReader& r, const json& object) {
  auto id = r.raw_text("client_order_id", 1, kMaxClientOrderIdChars, Need::kRequired);
  if (id && !is_valid_client_order_id(*id)) {
    r.fail("client_order_id", "must be 1 to 64 of A-Z a-z 0-9 _ -");
  }
  auto product_id = r.integer("product_id", 1, kMaxId, Need::kRequired);
  auto qty = r.integer("qty", domain::kMinOrderQty, domain::kMaxOrderQty, Need::kRequired);
  auto payment = domain::PaymentMethod::kCod;
  if (r.has("payment") && !r.is_null("payment")) {
    auto method = r.raw_text("payment", 1, 32, Need::kRequired);
    if (method) {
      if (auto parsed = domain::parse_payment_method(*method)) payment = *parsed;
      else r.fail("payment", "must be cod or bank_transfer");
    }
  }
  bool regular_price = false;
  if (r.has("regular_price")) {
    const json& v = object.at("regular_price");
    if (v.is_boolean()) regular_price = v.get<bool>();
    else r.fail("regular_price", "must be true or false", "wrong_type");
  }
  if (!r.ok()) return r.error();
  auto customer = domain::validate_order_customer(object);
  if (!customer) return customer.error();
  PlaceOrder order;
  order.client_order_id = std::move(*id);
  order.product_id = *product_id;
  order.qty = *qty;
  order.name = std::move(customer->name);
  order.phone = std::move(customer->phone);
  order.address = std::move(customer->address);
  order.note = std::move(customer->note);
  order.payment = payment;
  order.regular_price = regular_price;
  return ClientMessage{std::move(order)};
}

Result<ClientMessage> parse_pin(FieldReader& r, const json& object) {
  auto product_id = r.integer("product_id", 1, kMaxId, Need::kRequired);
  if (!r.ok()) return r.error();
  Pin pin{*product_id, std::nullopt};
  const auto it = object.find("deal");
  if (it == object.end() || it->is_null()) return ClientMessage{pin};
  if (!it->is_object()) return domain::invalid_field("deal", "must be an object or null");
  FieldReader d(*it, "deal.");
  auto price = d.integer("price", 0, domain::kMaxPriceVnd, Need::kRequired);
  auto quantity = d.integer("quantity", 1, domain::kMaxStock, Need::kRequired);
  auto ends_at = d.integer("ends_at", 1, kMaxId, Need::kRequired);
  auto per_buyer = d.integer("per_buyer", 1, domain::kMaxStock, Need::kOptional);
  if (!d.ok()) return d.error();
  pin.deal = Deal{*price, *quantity, *ends_at, per_buyer};
  return ClientMessage{pin};
}

Result<ClientMessage> parse_delete_message(FieldReader& r) {
  auto id = r.integer("id", 1, kMaxId, Need::kRequired);
  auto booth_id = r.integer("booth_id", 1, kMaxId, Need::kOptional);
  if (!r.ok()) return r.error();
  return ClientMessage{DeleteMessage{*id, booth_id}};
}

Result<ClientMessage> parse_mute(FieldReader& r) {
  auto viewer_id = r.integer("viewer_id", 1, kMaxId, Need::kRequired);
  auto minutes = r.integer("minutes", 1, kMaxMuteMinutes, Need::kRequired);
  auto booth_id = r.integer("booth_id", 1, kMaxId, Need::kOptional);
  if (!r.ok()) return r.error();
  return ClientMessage{Mute{*viewer_id, *minutes, booth_id}};
}

Result<ClientMessage> parse_unmute(FieldReader& r) {
  auto viewer_id = r.integer("viewer_id", 1, kMaxId, Need::kRequired);
  auto booth_id = r.integer("booth_id", 1, kMaxId, Need::kOptional);
  if (!r.ok()) return r.error();
  return ClientMessage{Unmute{*viewer_id, booth_id}};
}

Result<ClientMessage> parse_slow_mode(FieldReader& r) {
  auto seconds = r.integer("seconds", 0, kMaxSlowModeSeconds, Need::kRequired);
  if (!r.ok()) return r.error();
  return ClientMessage{SlowMode{*seconds}};
}

Error unknown_type(std::string message) {
  return Error{std::string(error_code::kUnknownType), std::move(message)};
}

Result<ClientMessage> parse_object(const json& object) {
  const auto type_it = object.find("type");
  if (type_it == object.end()) return unknown_type("type: is required");
  if (!type_it->is_string()) return unknown_type("type: must be a string");
  const auto& type = type_it->get_ref<const std::string&>();
  FieldReader r(object);
  if (type == Hello::kType) return parse_hello(r);
  if (type == Chat::kType) return parse_chat(r);
  if (type == React::kType) return parse_react(r);
  if (type == PlaceOrder::kType) return parse_order(r, object);
  if (type == Pin::kType) return parse_pin(r, object);
  if (type == Unpin::kType) return ClientMessage{Unpin{}};
  if (type == DeleteMessage::kType) return parse_delete_message(r);
  if (type == Mute::kType) return parse_mute(r);
  if (type == Unmute::kType) return parse_unmute(r);
  if (type == SlowMode::kType) return parse_slow_mode(r);
  return unknown_type("type: unknown");
}

}  // namespace

bool is_valid_client_order_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxClientOrderIdChars) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
  });
}

std::string_view message_type(const ClientMessage& message) {
  return std::visit([](const auto& m) { return std::decay_t<decltype(m)>::kType; }, message);
}

Result<ClientMessage> parse_client_message(std::string_view text, const ParseLimits& limits) {
  try {
    auto value = parse_limited_json(text, limits);
    if (!value) return value.error();
    if (!value->is_object()) {
      return Error{std::string(error_code::kBadJson), "message must be a JSON object"};
    }
    return parse_object(*value);
  } catch (const std::exception&) {
    // Nothing above should throw on any input; if a library path still does,
    // the client gets an error rather than the server a crash.
    return Error{std::string(error_code::kInvalid), "message could not be read"};
  }
}

std::optional<std::string> client_order_id_of(const json& message) {
  if (!message.is_object()) return std::nullopt;
  const auto type = message.find("type");
  if (type == message.end() || !type->is_string() || *type != PlaceOrder::kType) {
    return std::nullopt;
  }
  const auto id = message.find("client_order_id");
  if (id == message.end() || !id->is_string()) return std::nullopt;
  const auto& value = id->get_ref<const std::string&>();
  if (!is_valid_client_order_id(value)) return std::nullopt;
  return value;
}

std::optional<std::string> peek_client_order_id(std::string_view text, const ParseLimits& limits) {
  try {
    auto value = parse_limited_json(text, limits);
    if (!value) return std::nullopt;
    return client_order_id_of(*value);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace ocop::hub::protocol
