#pragma once
// One booth's room: its clients, chat moderation state (mutes, slow mode),
// aggregated reactions and viewer counts, and the messages it fans out.
// Control thread only.
#include <glib.h>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <string>

#include "domain/model.h"
#include "http/http_types.h"
#include "hub/live_board.h"
#include "hub/protocol/client_message.h"
#include "hub/protocol/mute_list.h"
#include "hub/protocol/reaction_aggregator.h"
#include "hub/protocol/slow_mode_tracker.h"
#include "hub/protocol/token_bucket.h"

namespace ocop::hub {

class Hub;
class Room;

// One websocket connection in a room.
class Client final : public http::WsHandler {
 public:
  Client(Room& room, std::shared_ptr<http::WsPeer> peer, int64_t viewer_id, bool viewer_cookie, domain::Role role,
         std::optional<domain::User> user, double chat_rate, double chat_burst, double react_rate);
  void on_message(std::string_view text) override;
  void on_close() override;

  bool send(std::string text) { return peer_->send(std::move(text)); }  // a reply to this client
  bool push(const http::WsText& text) { return peer_->send(text, false); }  // a broadcast
  bool staff() const { return role_ != domain::Role::kViewer; }

  // Passed by argument
  Room& room_;
  std::shared_ptr<http::WsPeer> peer_;
  // Identity
  int64_t viewer_id_;
  // viewer_id_ came from a signed cookie (it outlives this connection);
  // without one it is this connection's alone and names no buyer.
  bool viewer_cookie_;
  domain::Role role_;
  std::optional<domain::User> user_;
  std::string cookie_;  // staff only: the session it was admitted with, checked again on changes
  std::string nickname_;
  // Limits
  protocol::TokenBucket chat_bucket_;
  protocol::TokenBucket react_bucket_;
  // A welcome carries the booth, the card and 50 chat lines: about a hundred
  // times the hello that asks for it. A page says hello once per connection,
  // again after a nickname change; more is a reflection attack.
  protocol::TokenBucket hello_bucket_{1.0 / 10, 3};
  std::deque<double> order_times_;
  double joined_at_ = 0;  // when its viewer id first joined this room (monotonic seconds)
  bool closed_ = false;
};

class Room {
 public:
  Room(Hub& hub, int64_t booth_id);
  ~Room();

  void join(Client* c);
  void leave(Client* c);
  // Staff clients whose session or booth no longer grants their role.
  std::vector<Client*> staff() const;
  std::vector<Client*> viewers() const;
  std::vector<Client*> clients() const { return {clients_.begin(), clients_.end()}; }
  size_t size() const { return clients_.size(); }
  int64_t booth_id() const { return booth_id_; }

  void handle(Client& c, std::string_view text);

  // Fan-out
  void broadcast(const std::string& text);
  void to_staff(const std::string& text);
  void on_live(const BoothLive& live);
  void on_viewers();
  void on_order_changed(const domain::Order& order, std::optional<int64_t> stock);
  void send_card();
  void on_product_changed(int64_t product_id);

  // Moderation, from this room's staff or the market day's feed: "" when
  // done, else why not. Each change reaches the room and the feed.
  std::string delete_chat(int64_t message_id);
  std::string mute_viewer(int64_t viewer_id, int64_t minutes);
  void unmute_viewer(int64_t viewer_id);
  bool has_mutes() const { return mutes_.size() > 0; }
  std::string mutes_message();

 private:
  void hello(Client& c, const protocol::Hello& m);
  void chat(Client& c, const protocol::Chat& m);
  std::optional<domain::ChatOrderHint> chat_order_hint(const std::string& text);
  void react(Client& c, const protocol::React& m);
  void order(Client& c, const protocol::PlaceOrder& m);
  void pin(Client& c, const protocol::Pin& m);
  void unpin(Client& c);
  void delete_message(Client& c, const protocol::DeleteMessage& m);
  void mute(Client& c, const protocol::Mute& m);
  void unmute(Client& c, const protocol::Unmute& m);
  void announce_mutes();
  std::string nickname_of(int64_t viewer_id);
  void slow_mode(Client& c, const protocol::SlowMode& m);
  void error(Client& c, std::string_view code, const std::string& message);
  void schedule_reactions();
  void schedule_viewers();
  void schedule_card();
  void queue_stock(int64_t product_id, int64_t stock);
  static constexpr unsigned kStockFlushMs = 100;

  // Passed by argument
  Hub& hub_;
  int64_t booth_id_;

  // Allocated by this
  std::set<Client*> clients_;
  protocol::MuteList mutes_;
  protocol::SlowModeTracker slow_;
  protocol::ReactionAggregator reactions_;
  protocol::TokenBucket chat_deliveries_;  // hub.room_chat_deliveries_per_second
  guint reaction_timer_ = 0;
  guint viewers_timer_ = 0;
  guint card_timer_ = 0;
  guint stock_timer_ = 0;
  std::map<int64_t, int64_t> pending_stock_;  // product -> latest stock, not yet sent
  // When each viewer id first joined: a mute that follows an address spares
  // the ids that were here before it (neighbours reloading the page).
  std::unordered_map<int64_t, double> first_seen_;
  static constexpr size_t kMaxFirstSeen = 200000;
  int last_viewers_sent_ = -1;
};

}  // namespace ocop::hub
