#pragma once
// Builders for every message the hub sends (DESIGN.md §3 "Websocket hub").
// Each returns the frame's JSON text with "type" beside the fields, dumped
// with dump_safe so no string can make dumping throw.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "domain/model.h"
#include "hub/protocol/entity_json.h"
#include "hub/protocol/error_codes.h"
#include "hub/protocol/mute_list.h"
#include "hub/protocol/reaction_kind.h"

namespace ocop::hub::protocol {

// The answer to `hello`. booth and card are built elsewhere (the booth
// serializer, card_json) and passed in as JSON; card may be null.
struct Welcome {
  int64_t viewer_id = 0;
  domain::Role role = domain::Role::kViewer;
  nlohmann::json booth;
  bool live = false;
  std::string state = "offline";  // "offline" | "live" | "reconnecting"
  int64_t viewers = 0;
  nlohmann::json card;  // null when nothing is pinned
  // Oldest first; the room passes the last 50. Deleted messages are left out.
  std::vector<domain::ChatMessage> chat;
  int64_t slow_mode_seconds = 0;  // 0: off
  int64_t server_time = 0;        // Unix seconds, so deal countdowns do not trust the phone's clock
  int64_t max_order_qty = 0;      // hub.max_order_qty: the order sheet's upper bound
};

std::string build_welcome(const Welcome& welcome);
std::string build_chat(const domain::ChatMessage& message);
std::string build_message_deleted(int64_t message_id);
// `card` is card_json(...) or nullptr when unpinned.
std::string build_card(const nlohmann::json& card, int64_t server_time = 0);
std::string build_stock(int64_t product_id, int64_t stock);
// Counts since the previous reactions message (ReactionAggregator::flush).
std::string build_reactions(const ReactionCounts& counts);
std::string build_viewers(int64_t count);
std::string build_live(bool live, std::string_view state);
// code: one of error_code::k*.
std::string build_error(std::string_view code, std::string_view message);
std::string build_error(const Error& error);
// {client_order_id, order_id, code, status} from the stored order; a repeated
// client_order_id gets the same answer from the same stored order. A bank
// transfer adds payment:{method, amount, note, vietqr}: the total, the order
// code the buyer writes as the transfer note, and the VietQR string. Nothing
// for the staff (risk, client keys) is in it.
std::string build_order_ack(const domain::Order& order);
std::string build_order_rejected(std::string_view client_order_id, RejectReason reason);
// For the booth's seller and organizers only: holds phone and address.
std::string build_order(const domain::Order& order);

// Staff only: a booth's running mutes, sent whenever they change.
// {booth_id, mutes:[{viewer_id, nickname, until (Unix seconds)}]}
std::string build_mutes(int64_t booth_id, const std::vector<MuteEntry>& mutes);

// The market day's moderation feed (/ws/market-days/{id}/moderation): the
// same chat, message_deleted and live messages as a room's, each with the
// booth_id it happened in, and a welcome naming the day's booths.
struct FeedWelcome {
  int64_t market_day_id = 0;
  nlohmann::json booths;  // [{id, name, province, state}]
  std::vector<domain::ChatMessage> chat;  // oldest first, across the booths
};
std::string build_feed_welcome(const FeedWelcome& welcome);
std::string build_feed_chat(const domain::ChatMessage& message);  // booth_id from the message
std::string build_feed_message_deleted(int64_t booth_id, int64_t message_id);
std::string build_feed_live(int64_t booth_id, bool live, std::string_view state);

}  // namespace ocop::hub::protocol
