#include "hub/moderation_feed.h"

#include "common/log.h"
#include "hub/booth_json.h"
#include "hub/hub.h"
#include "hub/protocol/error_codes.h"
#include "hub/protocol/server_message.h"
#include "hub/room.h"

namespace ocop::hub {

namespace ec = protocol::error_code;

Moderator::Moderator(ModerationFeed& feed, std::shared_ptr<http::WsPeer> peer, int64_t market_day_id,
                     domain::User user, std::string cookie)
    : feed_(feed), peer_(std::move(peer)), market_day_id_(market_day_id), user_(std::move(user)), cookie_(std::move(cookie)) {}

void Moderator::on_message(std::string_view text) {
  if (!closed_) feed_.handle(*this, text);
}

void Moderator::on_close() {
  if (closed_) return;
  closed_ = true;
  feed_.leave(this);
}

bool ModerationFeed::admits(int64_t market_day_id, const std::optional<domain::User>& user) {
  return user && user->role == domain::Role::kOrganizer && hub_.store().market_day(market_day_id).has_value() &&
         static_cast<int>(size()) < hub_.cfg().max_clients_per_booth;
}

std::unique_ptr<http::WsHandler> ModerationFeed::accept(int64_t market_day_id, std::optional<domain::User> user,
                                                        std::string cookie, std::shared_ptr<http::WsPeer> peer) {
  if (!admits(market_day_id, user)) return nullptr;
  auto m = std::make_unique<Moderator>(*this, std::move(peer), market_day_id, std::move(*user), std::move(cookie));
  by_day_[market_day_id].insert(m.get());
  return m;
}

size_t ModerationFeed::size() const {
  size_t n = 0;
  for (const auto& [day, mods] : by_day_) n += mods.size();
  return n;
}

void ModerationFeed::leave(Moderator* m) {
  auto it = by_day_.find(m->market_day_id_);
  if (it == by_day_.end()) return;
  it->second.erase(m);
  if (it->second.empty()) by_day_.erase(it);
}

void ModerationFeed::publish(int64_t booth_id, const std::string& text) {
  if (by_day_.empty()) return;  // no lookup on the chat path unless someone moderates
  auto booth = hub_.store().booth(booth_id);
  if (!booth) return;
  auto it = by_day_.find(booth->market_day_id);
  if (it == by_day_.end()) return;
  auto shared = std::make_shared<const std::string>(text);
  for (Moderator* m : it->second) m->peer_->send(shared, false);
}

void ModerationFeed::handle(Moderator& m, std::string_view text) {
  auto parsed = protocol::parse_client_message(text);
  if (!parsed.ok()) return void(m.peer_->send(protocol::build_error(parsed.error())));
  auto reply_error = [&](std::string_view code, const std::string& message) {
    m.peer_->send(protocol::build_error(code, message));
  };
  std::visit(
      [&](const auto& msg) {
        using T = std::decay_t<decltype(msg)>;
        if constexpr (std::is_same_v<T, protocol::Hello>) {
          hello(m);
        } else if constexpr (std::is_same_v<T, protocol::DeleteMessage>) {
          auto booth = booth_of(m, msg.booth_id);
          if (!booth) return;
          if (auto err = hub_.room_for(booth->id)->delete_chat(msg.id); !err.empty()) reply_error(ec::kInvalid, err);
        } else if constexpr (std::is_same_v<T, protocol::Mute>) {
          auto booth = booth_of(m, msg.booth_id);
          if (!booth) return;
          if (auto err = hub_.room_for(booth->id)->mute_viewer(msg.viewer_id, msg.minutes); !err.empty())
            reply_error(ec::kForbidden, err);
        } else if constexpr (std::is_same_v<T, protocol::Unmute>) {
          auto booth = booth_of(m, msg.booth_id);
          if (!booth) return;
          hub_.room_for(booth->id)->unmute_viewer(msg.viewer_id);
        } else {
          reply_error(ec::kUnknownType, "type: the moderation feed takes hello, delete_message, mute and unmute");
        }
      },
      *parsed);
}

std::optional<domain::Booth> ModerationFeed::booth_of(Moderator& m, std::optional<int64_t> booth_id) {
  if (!booth_id) {
    m.peer_->send(protocol::build_error(ec::kInvalid, "booth_id: is required"));
    return std::nullopt;
  }
  auto booth = hub_.store().booth(*booth_id);
  if (!booth || booth->market_day_id != m.market_day_id_) {
    m.peer_->send(protocol::build_error(ec::kInvalid, "booth_id: not a booth of this market day"));
    return std::nullopt;
  }
  return booth;
}

void ModerationFeed::hello(Moderator& m) {
  if (!m.hello_bucket_.take(Hub::now_seconds()))
    return void(m.peer_->send(protocol::build_error(ec::kRateLimited, "hello at most 3 times, then once every 10 s")));
  protocol::FeedWelcome w;
  w.market_day_id = m.market_day_id_;
  w.booths = nlohmann::json::array();
  store::BoothFilter filter;
  filter.market_day_id = m.market_day_id_;
  const auto booths = hub_.store().booths(filter);
  for (const auto& b : booths) {
    w.booths.push_back({{"id", b.id},
                        {"name", b.name},
                        {"province", b.province},
                        {"state", live_state_name(hub_.live().get(b.id).state)}});
  }
  w.chat = hub_.store().recent_market_chat(m.market_day_id_, kWelcomeChat);
  m.peer_->send(protocol::build_feed_welcome(w));
  for (const auto& b : booths)
    if (Room* r = hub_.existing_room(b.id); r && r->has_mutes()) m.peer_->send(r->mutes_message());
}

}  // namespace ocop::hub
