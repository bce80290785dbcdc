#pragma once
// The market day's moderation feed: /ws/market-days/{id}/moderation, for
// organizers. One socket carries the chat of every booth of the day (each
// message with its booth_id), deletions, mutes and live changes; from it an
// organizer deletes, mutes and unmutes in any of those booths. Control
// thread only; the rooms stay the owners of chat and mutes.
#include <map>
#include <memory>
#include <set>
#include <string>

#include "domain/model.h"
#include "http/http_types.h"
#include "hub/protocol/client_message.h"
#include "hub/protocol/token_bucket.h"

namespace ocop::hub {

class Hub;
class ModerationFeed;

class Moderator final : public http::WsHandler {
 public:
  Moderator(ModerationFeed& feed, std::shared_ptr<http::WsPeer> peer, int64_t market_day_id, domain::User user,
            std::string cookie);
  void on_message(std::string_view text) override;
  void on_close() override;

  ModerationFeed& feed_;
  std::shared_ptr<http::WsPeer> peer_;
  int64_t market_day_id_;
  domain::User user_;
  std::string cookie_;  // checked again when sessions change
  // The welcome carries the last 100 lines of the whole day.
  protocol::TokenBucket hello_bucket_{1.0 / 10, 3};
  bool closed_ = false;
};

class ModerationFeed {
 public:
  static constexpr int kWelcomeChat = 100;

  explicit ModerationFeed(Hub& hub) : hub_(hub) {}
  ModerationFeed(const ModerationFeed&) = delete;
  ModerationFeed& operator=(const ModerationFeed&) = delete;

  // `user` is the upgrade's session user; organizers only.
  bool admits(int64_t market_day_id, const std::optional<domain::User>& user);
  std::unique_ptr<http::WsHandler> accept(int64_t market_day_id, std::optional<domain::User> user, std::string cookie,
                                          std::shared_ptr<http::WsPeer> peer);

  // Something happened in a booth: to the moderators of its market day.
  void publish(int64_t booth_id, const std::string& text);
  // Moderators whose session no longer makes them organizers are closed.
  template <typename StillOrganizer>
  int revalidate(StillOrganizer still);
  size_t size() const;

 private:
  friend class Moderator;
  void handle(Moderator& m, std::string_view text);
  void hello(Moderator& m);
  void leave(Moderator* m);
  // The booth, if it belongs to the moderator's market day; else an error is sent.
  std::optional<domain::Booth> booth_of(Moderator& m, std::optional<int64_t> booth_id);

  Hub& hub_;
  std::map<int64_t, std::set<Moderator*>> by_day_;
};

template <typename StillOrganizer>
int ModerationFeed::revalidate(StillOrganizer still) {
  int closed = 0;
  for (auto& [day, mods] : by_day_) {
    for (auto it = mods.begin(); it != mods.end();) {
      Moderator* m = *it;
      if (still(m->cookie_)) {
        ++it;
        continue;
      }
      m->closed_ = true;
      m->peer_->close(4001, "session changed");
      it = mods.erase(it);
      ++closed;
    }
  }
  return closed;
}

}  // namespace ocop::hub
