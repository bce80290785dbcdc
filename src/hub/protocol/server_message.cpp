#include "hub/protocol/server_message.h"

namespace ocop::hub::protocol {

using nlohmann::json;

namespace {
std::string frame(std::string_view type, json fields) {
  fields["type"] = type;
  return dump_safe(fields);
}
}  // namespace

std::string build_welcome(const Welcome& w) {
  json chat = json::array();
  for (const auto& m : w.chat) {
    if (!m.deleted) chat.push_back(to_json(m));
  }
  return frame("welcome", {
                              {"viewer_id", w.viewer_id},
                              {"role", domain::role_name(w.role)},
                              {"booth", w.booth},
                              {"live", w.live},
                              {"state", w.state},
                              {"viewers", w.viewers},
                              {"card", w.card},
                              {"chat", std::move(chat)},
                              {"slow_mode", w.slow_mode_seconds},
                              {"server_time", w.server_time},
                              {"max_order_qty", w.max_order_qty},
                          });
}

std::string build_chat(const domain::ChatMessage& message) {
  return frame("chat", to_json(message));
}

std::string build_message_deleted(int64_t message_id) {
  return frame("message_deleted", {{"id", message_id}});
}

std::string build_card(const json& card, int64_t server_time) {
  return frame("card", {{"card", card}, {"server_time", server_time}});
}

std::string build_stock(int64_t product_id, int64_t stock) {
  return frame("stock", {{"product_id", product_id}, {"stock", stock}});
}

std::string build_reactions(const ReactionCounts& c) {
  return frame("reactions",
               {{"counts", {{"heart", c.heart}, {"like", c.like}, {"wow", c.wow}}}});
}

std::string build_viewers(int64_t count) { return frame("viewers", {{"count", count}}); }

std::string build_live(bool live, std::string_view state) {
  return frame("live", {{"live", live}, {"state", state}});
}

std::string build_error(std::string_view code, std::string_view message) {
  return frame("error", {{"code", code}, {"message", message}});
}

std::string build_error(const Error& error) { return build_error(error.code, error.message); }

std::string build_order_ack(const domain::Order& order) {
  json ack = {
      {"client_order_id", order.client_order_id},
      {"order_id", order.id},
      {"code", order.code},
      {"status", domain::order_status_name(order.status)},
  };
  if (order.payment_method == domain::PaymentMethod::kBankTransfer)
    ack["payment"] = {{"method", domain::payment_method_name(order.payment_method)},
                      {"amount", order.total},
                      {"note", order.code},
                      {"vietqr", order.payment_qr}};
  return frame("order_ack", std::move(ack));
}

std::string build_order_rejected(std::string_view client_order_id, RejectReason reason) {
  return frame("order_rejected",
               {{"client_order_id", client_order_id}, {"reason", reject_reason_name(reason)}});
}

std::string build_order(const domain::Order& order) {
  return frame("order", {{"order", to_json(order)}});
}

std::string build_mutes(int64_t booth_id, const std::vector<MuteEntry>& mutes) {
  json list = json::array();
  for (const auto& m : mutes)
    list.push_back({{"viewer_id", m.viewer_id}, {"nickname", m.nickname}, {"until", m.until_unix}});
  return frame("mutes", {{"booth_id", booth_id}, {"mutes", std::move(list)}});
}

std::string build_feed_welcome(const FeedWelcome& w) {
  json chat = json::array();
  for (const auto& m : w.chat) {
    if (m.deleted) continue;
    json j = to_json(m);
    j["booth_id"] = m.booth_id;
    chat.push_back(std::move(j));
  }
  return frame("welcome", {{"role", "organizer"},
                           {"market_day_id", w.market_day_id},
                           {"booths", w.booths},
                           {"chat", std::move(chat)}});
}

std::string build_feed_chat(const domain::ChatMessage& message) {
  json j = to_json(message);
  j["booth_id"] = message.booth_id;
  return frame("chat", std::move(j));
}

std::string build_feed_message_deleted(int64_t booth_id, int64_t message_id) {
  return frame("message_deleted", {{"booth_id", booth_id}, {"id", message_id}});
}

std::string build_feed_live(int64_t booth_id, bool live, std::string_view state) {
  return frame("live", {{"booth_id", booth_id}, {"live", live}, {"state", state}});
}

}  // namespace ocop::hub::protocol
