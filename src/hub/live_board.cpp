#include "hub/live_board.h"

namespace ocop::hub {

const char* live_state_name(LiveState s) {
  switch (s) {
    case LiveState::kOffline: return "offline";
    case LiveState::kLive: return "live";
    case LiveState::kReconnecting: return "reconnecting";
  }
  return "offline";
}

const BoothLive& LiveBoard::get(int64_t booth_id) const {
  static const BoothLive kOffline;
  auto it = booths_.find(booth_id);
  return it == booths_.end() ? kOffline : it->second;
}

void LiveBoard::set_state(int64_t booth_id, LiveState state, std::optional<int64_t> live_session_id) {
  OCOP_ASSERT_OWNER(thread_);
  BoothLive& b = booths_[booth_id];
  if (b.state == state && b.live_session_id == live_session_id) return;
  b.state = state;
  b.live_session_id = state == LiveState::kOffline ? std::nullopt : live_session_id;
  if (state == LiveState::kOffline) {
    b.ingest.reset();
    b.delivery.reset();
    b.hls = false;
    b.thumbnail = false;
  }
  for (auto& l : state_listeners_) l(booth_id, b);
}

void LiveBoard::set_viewers(int64_t booth_id, int viewers) {
  OCOP_ASSERT_OWNER(thread_);
  BoothLive& b = booths_[booth_id];
  if (b.viewers == viewers) return;
  b.viewers = viewers;
  for (auto& l : viewer_listeners_) l(booth_id, b);
}

void LiveBoard::set_ingest(int64_t booth_id, std::optional<IngestFigures> figures) {
  OCOP_ASSERT_OWNER(thread_);
  booths_[booth_id].ingest = std::move(figures);
}

void LiveBoard::set_delivery(int64_t booth_id, std::optional<DeliveryFigures> figures) {
  OCOP_ASSERT_OWNER(thread_);
  booths_[booth_id].delivery = std::move(figures);
}

void LiveBoard::set_hls_ready(int64_t booth_id) {
  OCOP_ASSERT_OWNER(thread_);
  booths_[booth_id].hls = true;
}

void LiveBoard::set_thumbnail_ready(int64_t booth_id) {
  OCOP_ASSERT_OWNER(thread_);
  booths_[booth_id].thumbnail = true;
}

int LiveBoard::booths_live() const {
  int n = 0;
  for (const auto& [id, b] : booths_) n += b.live() ? 1 : 0;
  return n;
}

int LiveBoard::viewers_total() const {
  int n = 0;
  for (const auto& [id, b] : booths_) n += b.viewers;
  return n;
}

}  // namespace ocop::hub
