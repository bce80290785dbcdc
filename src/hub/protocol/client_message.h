#pragma once
// Messages a websocket client sends to a booth's hub (DESIGN.md §3): one
// JSON object per text frame, fields beside "type". Parsing is pure and never
// throws; the room decides who may send what (roles, mutes, rate limits).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "domain/model.h"
#include "hub/protocol/limited_json.h"
#include "hub/protocol/reaction_kind.h"

namespace ocop::hub::protocol {

inline constexpr size_t kMaxNicknameChars = 32;
inline constexpr size_t kMaxChatChars = 500;
inline constexpr size_t kMaxClientOrderIdChars = 64;
inline constexpr int64_t kMaxMuteMinutes = 24 * 60;
inline constexpr int64_t kMaxSlowModeSeconds = 3600;

// Trimmed; 1..32 code points; one line, no control or bidi characters.
struct Hello {
  static constexpr std::string_view kType = "hello";
  std::string nickname;
};

// Trimmed; 1..500 code points. Tabs and newlines become spaces (chat shows
// one line); other control and bidi characters are refused. HTML, quotes and
// SQL are data and pass unchanged: escaping is the renderer's job.
struct Chat {
  static constexpr std::string_view kType = "chat";
  std::string text;
};

struct React {
  static constexpr std::string_view kType = "react";
  ReactionKind kind = ReactionKind::kHeart;
};

// `order`: customer fields checked by domain::validate_order_customer.
struct PlaceOrder {
  static constexpr std::string_view kType = "order";
  std::string client_order_id;  // 1..64 of [A-Za-z0-9_-]
  int64_t product_id = 0;       // >= 1
  int64_t qty = 0;              // 1..100
  std::string name;             // 1..100 chars, trimmed
  std::string phone;            // normalized "0xxxxxxxxx"
  std::string address;          // 10..300 chars, trimmed
  std::string note;             // 0..500 chars, may hold \n; "" when absent
  // "cod" (also when absent or null) or "bank_transfer"; whether the booth
  // takes transfers is the room's call.
  domain::PaymentMethod payment = domain::PaymentMethod::kCod;
  // The buyer saw the regular price for the pinned product (its deal sold
  // out or ended): order at that price rather than be refused.
  bool regular_price = false;
};

// ends_at is only checked to be a positive integer here: whether it lies in
// the future is the room's call (it owns the clock).
struct Deal {
  int64_t price = 0;     // 0..kMaxPriceVnd
  int64_t quantity = 0;  // 1..kMaxStock
  int64_t ends_at = 0;   // Unix seconds
  std::optional<int64_t> per_buyer;  // 1..kMaxStock; absent: the room's default (hub.deal_per_buyer)
};

struct Pin {
  static constexpr std::string_view kType = "pin";
  int64_t product_id = 0;
  std::optional<Deal> deal;  // "deal" absent or null: no deal
};

struct Unpin {
  static constexpr std::string_view kType = "unpin";
};

// Moderation names its booth with `booth_id` on the market day's
// moderation socket; in a booth's own room it may be left out.
struct DeleteMessage {
  static constexpr std::string_view kType = "delete_message";
  int64_t id = 0;
  std::optional<int64_t> booth_id;
};

struct Mute {
  static constexpr std::string_view kType = "mute";
  int64_t viewer_id = 0;
  int64_t minutes = 0;  // 1..1440
  std::optional<int64_t> booth_id;
};

struct Unmute {
  static constexpr std::string_view kType = "unmute";
  int64_t viewer_id = 0;
  std::optional<int64_t> booth_id;
};

struct SlowMode {
  static constexpr std::string_view kType = "slow_mode";
  int64_t seconds = 0;  // 0..3600, 0 turns it off
};

using ClientMessage =
    std::variant<Hello, Chat, React, PlaceOrder, Pin, Unpin, DeleteMessage, Mute, Unmute, SlowMode>;

// The "type" of a parsed message, e.g. for logs and metrics.
std::string_view message_type(const ClientMessage& message);

// Error codes are exactly DESIGN's: "bad_json" (not JSON, not an object,
// invalid UTF-8, larger than limits.max_bytes or deeper than
// limits.max_depth), "unknown_type" (missing, non-string or unknown "type"),
// "invalid" (a field missing, of the wrong type or out of range; the message
// starts with the field name, e.g. "qty: must be an integer from 1 to 100").
// Unknown extra fields are ignored so clients can evolve.
Result<ClientMessage> parse_client_message(std::string_view text, const ParseLimits& limits = {});

// For answering a bad order with `order_rejected {client_order_id, reason:
// "invalid"}` instead of a bare `error`: when parse_client_message failed
// with "invalid", this returns the message's client_order_id if the message
// is an object of type "order" whose client_order_id is itself well formed.
// Call it only on that error path: it parses the text again.
std::optional<std::string> peek_client_order_id(std::string_view text,
                                                const ParseLimits& limits = {});
std::optional<std::string> client_order_id_of(const nlohmann::json& message);

bool is_valid_client_order_id(std::string_view id);

}  // namespace ocop::hub::protocol
