#include "hub/hub.h"

#include <ctime>

#include "common/log.h"
#include "hub/protocol/server_message.h"
#include "hub/room.h"

namespace ocop::hub {

Hub::Hub(store::Store& store, LiveBoard& live, ControlLoop& loop, const config::HubConfig& cfg, UserOf user_of,
         const ViewerIdentity& identity)
    : store_(store),
      live_(live),
      loop_(loop),
      cfg_(cfg),
      user_of_(std::move(user_of)),
      identity_(identity),
      filter_(cfg.word_filter),
      order_limits_(cfg.orders_per_address_per_minute, cfg.orders_per_viewer_per_minute) {
  // The one event from ingest and WebRTC into the rooms: the LiveBoard.
  live_.on_state_change([this](int64_t booth_id, const BoothLive& b) {
    if (auto it = rooms_.find(booth_id); it != rooms_.end()) it->second->on_live(b);
    feed_.publish(booth_id, protocol::build_feed_live(booth_id, b.live(), live_state_name(b.state)));
  });
  live_.on_viewers_change([this](int64_t booth_id, const BoothLive&) {
    if (auto it = rooms_.find(booth_id); it != rooms_.end()) it->second->on_viewers();
  });
  silent_timer_ = loop_.every(1000, [this] {
    close_silent();
    return true;
  });
}

Hub::~Hub() {
  if (silent_timer_) g_source_remove(silent_timer_);
}

void Hub::close_silent() {
  const double cutoff = now_seconds() - cfg_.hello_timeout_seconds;
  int closed = 0;
  for (auto& [booth_id, room] : rooms_) {
    for (Client* c : room->clients()) {
      if (!c->nickname_.empty() || c->joined_at_ > cutoff || c->closed_) continue;
      c->closed_ = true;
      c->peer_->close(4008, "no hello");
      room->leave(c);
      ++closed;
    }
  }
  if (closed) log::info("hub", "closed {} websockets that sent no hello in {} s", closed, cfg_.hello_timeout_seconds);
}

double Hub::now_seconds() { return static_cast<double>(g_get_monotonic_time()) / 1e6; }
int64_t Hub::unix_now() { return static_cast<int64_t>(std::time(nullptr)); }

Room* Hub::existing_room(int64_t booth_id) {
  auto it = rooms_.find(booth_id);
  return it == rooms_.end() ? nullptr : it->second.get();
}

bool Hub::admits_moderator(const http::WsUpgrade& up) {
  return up.ids.size() == 1 && feed_.admits(up.ids[0], user_of_(up.cookie));
}

std::unique_ptr<http::WsHandler> Hub::accept_moderator(const http::WsUpgrade& up, std::shared_ptr<http::WsPeer> peer) {
  if (up.ids.size() != 1) return nullptr;
  return feed_.accept(up.ids[0], user_of_(up.cookie), up.cookie, std::move(peer));
}

Room* Hub::room(int64_t booth_id) {
  auto& r = rooms_[booth_id];
  if (!r) r = std::make_unique<Room>(*this, booth_id);
  return r.get();
}

bool Hub::admits(const http::WsUpgrade& up) {
  OCOP_ASSERT_OWNER(loop_.owner());
  if (up.ids.size() != 1) return false;
  auto booth = store_.booth(up.ids[0]);
  if (!booth) return false;
  // A rehearsal is for its seller and organizers only.
  if (booth->visibility == domain::Visibility::kPrivate && role_of(user_of_(up.cookie), *booth) == domain::Role::kViewer)
    return false;
  auto it = rooms_.find(up.ids[0]);
  return it == rooms_.end() || static_cast<int>(it->second->size()) < cfg_.max_clients_per_booth;
}

std::unique_ptr<http::WsHandler> Hub::accept(const http::WsUpgrade& up, std::shared_ptr<http::WsPeer> peer) {
  OCOP_ASSERT_OWNER(loop_.owner());
  if (up.ids.size() != 1) return nullptr;
  auto booth = store_.booth(up.ids[0]);
  if (!booth) return nullptr;
  Room* r = room(booth->id);
  if (static_cast<int>(r->size()) >= cfg_.max_clients_per_booth) {
    log::warn("hub", "booth {}: room full ({} clients)", booth->id, r->size());
    return nullptr;
  }
  std::optional<domain::User> user = user_of_(up.cookie);
  const domain::Role role = role_of(user, *booth);
  if (booth->visibility == domain::Visibility::kPrivate && role == domain::Role::kViewer) return nullptr;
  const std::optional<int64_t> cookie_id = identity_.from_cookie_header(up.cookie);
  const int64_t viewer_id = cookie_id.value_or(identity_.new_id());
  auto client = std::make_unique<Client>(*r, std::move(peer), viewer_id, cookie_id.has_value(), role, std::move(user),
                                         cfg_.chat_per_second, cfg_.chat_burst, cfg_.reactions_per_second);
  if (role != domain::Role::kViewer) client->cookie_ = up.cookie;
  r->join(client.get());
  return client;
}

domain::Role Hub::role_of(const std::optional<domain::User>& user, const domain::Booth& booth) const {
  if (user && user->role == domain::Role::kOrganizer) return domain::Role::kOrganizer;
  if (user && user->role == domain::Role::kSeller && booth.seller && booth.seller->id == user->id)
    return domain::Role::kSeller;
  return domain::Role::kViewer;
}

void Hub::revalidate_staff() {
  OCOP_ASSERT_OWNER(loop_.owner());
  int closed = 0;
  for (auto& [booth_id, room] : rooms_) {
    auto booth = store_.booth(booth_id);
    for (Client* c : room->staff()) {
      const domain::Role now = booth ? role_of(user_of_(c->cookie_), *booth) : domain::Role::kViewer;
      if (now == c->role_) continue;
      // Closed rather than demoted in place: the page reconnects and is told
      // its new role in the welcome, the one place the protocol carries it.
      c->closed_ = true;
      c->peer_->close(4001, "session or booth changed");
      room->leave(c);
      ++closed;
    }
  }
  closed += feed_.revalidate([this](const std::string& cookie) {
    auto u = user_of_(cookie);
    return u && u->role == domain::Role::kOrganizer;
  });
  if (closed) log::info("hub", "closed {} staff websockets whose session or booth changed", closed);
}

void Hub::close_viewers(int64_t booth_id) {
  auto it = rooms_.find(booth_id);
  if (it == rooms_.end()) return;
  int closed = 0;
  for (Client* c : it->second->viewers()) {
    c->closed_ = true;
    c->peer_->close(4003, "the booth is private");
    it->second->leave(c);
    ++closed;
  }
  if (closed) log::info("hub", "booth {} went private: closed {} viewer websockets", booth_id, closed);
}

void Hub::close_room(int64_t booth_id) {
  auto it = rooms_.find(booth_id);
  if (it == rooms_.end()) return;
  std::unique_ptr<Room> room = std::move(it->second);
  rooms_.erase(it);
  for (Client* c : room->clients()) {
    c->closed_ = true;
    c->peer_->close(4004, "the booth was deleted");
    room->leave(c);
  }
}

void Hub::order_changed(const domain::Order& order, std::optional<int64_t> stock) {
  OCOP_ASSERT_OWNER(loop_.owner());
  if (auto it = rooms_.find(order.booth_id); it != rooms_.end()) it->second->on_order_changed(order, stock);
}

void Hub::product_changed(int64_t booth_id, int64_t product_id) {
  OCOP_ASSERT_OWNER(loop_.owner());
  if (auto it = rooms_.find(booth_id); it != rooms_.end()) it->second->on_product_changed(product_id);
}

size_t Hub::clients() const {
  size_t n = feed_.size();
  for (const auto& [id, r] : rooms_) n += r->size();
  return n;
}

}  // namespace ocop::hub
