#pragma once
// The live-commerce hub: one room per booth, on the control thread. Clients
// are websocket connections (ws://HOST/ws/booths/{id}); the session cookie of
// the upgrade decides the role (viewer, the booth's seller, organizer).
// Ingest and WebRTC reach the rooms only through the LiveBoard's events.
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "common/control_loop.h"
#include "config/config.h"
#include "domain/text.h"
#include "http/http_types.h"
#include "hub/live_board.h"
#include "hub/moderation_feed.h"
#include "hub/protocol/order_limits.h"
#include "hub/viewer_identity.h"
#include "store/store.h"

namespace ocop::hub {

class Room;

class Hub {
 public:
  using UserOf = std::function<std::optional<domain::User>(const std::string& cookie_header)>;

  Hub(store::Store& store, LiveBoard& live, ControlLoop& loop, const config::HubConfig& cfg, UserOf user_of,
      const ViewerIdentity& identity);
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // Before the upgrade: the booth exists and its room has space.
  bool admits(const http::WsUpgrade& upgrade);
  // A websocket upgrade for /ws/booths/{id}: null refuses it.
  std::unique_ptr<http::WsHandler> accept(const http::WsUpgrade& upgrade, std::shared_ptr<http::WsPeer> peer);
  // /ws/market-days/{id}/moderation: organizers only.
  bool admits_moderator(const http::WsUpgrade& upgrade);
  std::unique_ptr<http::WsHandler> accept_moderator(const http::WsUpgrade& upgrade, std::shared_ptr<http::WsPeer> peer);
  // A booth went private: its viewers' sockets close (staff stay).
  void close_viewers(int64_t booth_id);
  // A booth was deleted: everyone in its room leaves and the room goes.
  void close_room(int64_t booth_id);

  // A login session ended, or a booth's seller changed: staff websockets
  // whose session no longer grants their role are closed at once.
  void revalidate_staff();

  // REST changes the rooms must hear about.
  void order_changed(const domain::Order& order, std::optional<int64_t> stock);
  void product_changed(int64_t booth_id, int64_t product_id);

  // A seller pinned a product (`deal`: with a deal) or unpinned (null): replays mark it.
  using PinListener = std::function<void(int64_t booth_id, std::optional<int64_t> product_id, bool deal)>;
  void on_pin(PinListener l) { pin_listener_ = std::move(l); }
  void pinned(int64_t booth_id, std::optional<int64_t> product_id, bool deal) {
    if (pin_listener_) pin_listener_(booth_id, product_id, deal);
  }

  size_t clients() const;
  // Viewer chat messages that went only to their sender and the staff
  // because their room was over hub.room_chat_deliveries_per_second.
  uint64_t chat_sampled() const { return chat_sampled_; }
  void count_chat_sampled() { ++chat_sampled_; }

  // Used by rooms and the moderation feed.
  Room* room_for(int64_t booth_id) { return room(booth_id); }
  Room* existing_room(int64_t booth_id);
  ModerationFeed& feed() { return feed_; }
  store::Store& store() { return store_; }
  LiveBoard& live() { return live_; }
  ControlLoop& loop() { return loop_; }
  const config::HubConfig& cfg() const { return cfg_; }
  const domain::WordFilter& word_filter() const { return filter_; }
  protocol::OrderLimits& order_limits() { return order_limits_; }
  const ViewerIdentity& identity() const { return identity_; }
  static double now_seconds();  // monotonic, for rate limits
  static int64_t unix_now();

 private:
  Room* room(int64_t booth_id);
  domain::Role role_of(const std::optional<domain::User>& user, const domain::Booth& booth) const;

  store::Store& store_;
  LiveBoard& live_;
  ControlLoop& loop_;
  const config::HubConfig& cfg_;
  UserOf user_of_;
  const ViewerIdentity& identity_;
  domain::WordFilter filter_;
  uint64_t chat_sampled_ = 0;
  protocol::OrderLimits order_limits_;  // hub-wide: a buyer's orders across all booths and connections
  // Sockets that never said hello hold a connection for nothing: every
  // second, those older than hub.hello_timeout_seconds are closed.
  void close_silent();

  std::map<int64_t, std::unique_ptr<Room>> rooms_;
  ModerationFeed feed_{*this};
  guint silent_timer_ = 0;
  PinListener pin_listener_;
};

}  // namespace ocop::hub
