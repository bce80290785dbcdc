#include "hub/booth_json.h"

#include <algorithm>

#include "domain/ocop.h"
#include "hub/protocol/entity_json.h"

namespace ocop::hub {

nlohmann::json card_of(store::Store& store, int64_t booth_id, int64_t now) {
  auto pin = store.pin(booth_id);
  if (!pin) return nullptr;
  auto product = store.product(pin->product_id);
  if (!product) return nullptr;
  std::optional<protocol::DealState> deal;
  if (pin->deal)
    deal = protocol::DealState{pin->deal->price, pin->deal->quantity, pin->deal->remaining(), pin->deal->ends_at,
                               pin->deal->per_buyer};
  return protocol::card_json(*product, deal, now);
}

nlohmann::json booth_json(store::Store& store, const LiveBoard& live_board, const domain::Booth& b, int64_t now) {
  const BoothLive& live = live_board.get(b.id);
  // Showroom tiles: a picture and the best OCOP stars without a request per booth.
  const auto products = store.products(b.id);
  std::string cover;
  int max_stars = 0;
  for (const auto& p : products) {
    if (cover.empty()) cover = p.photos.empty() ? p.image_url : "/media/photos/" + p.photos.front() + "-tile.jpg";
    // Stars count only where the badge would show: an approved, valid claim.
    const auto certified = domain::parse_date(p.certificate_date);
    if (p.ocop_status == domain::OcopStatus::kApproved && certified && domain::certificate_valid_on(*certified, now))
      max_stars = std::max(max_stars, p.stars);
  }
  // Whether the order sheet may offer a bank transfer (the account itself
  // reaches a buyer only inside a transfer order's QR).
  auto account = store.bank_account(b.id);
  const bool bank_transfer = account.ok() && account->has_value();
  nlohmann::json seller = nullptr;
  if (b.seller) seller = {{"id", b.seller->id}, {"username", b.seller->username}};
  return {
      {"id", b.id},
      {"market_day_id", b.market_day_id},
      {"name", b.name},
      {"province", b.province},
      {"visibility", domain::visibility_name(b.visibility)},
      {"stopped", b.stopped_reason.has_value()},
      {"seller", seller},
      {"live", live.live()},
      {"state", live_state_name(live.state)},
      {"live_session_id", live.live_session_id ? nlohmann::json(*live.live_session_id) : nlohmann::json(nullptr)},
      {"viewers", live.viewers},
      {"card", card_of(store, b.id, now)},
      {"whep_url", "/whep/booths/" + std::to_string(b.id)},
      {"hls_url", live.live() && live.hls ? nlohmann::json("/hls/booths/" + std::to_string(b.id) + "/index.m3u8")
                                          : nlohmann::json(nullptr)},
      {"thumbnail_url", live.live() && live.thumbnail
                            ? nlohmann::json("/thumbs/booths/" + std::to_string(b.id) + ".jpg")
                            : nlohmann::json(nullptr)},
      {"cover_image_url", cover},
      {"max_stars", max_stars},
      {"product_count", products.size()},
      {"bank_transfer", bank_transfer},
  };
}

}  // namespace ocop::hub
