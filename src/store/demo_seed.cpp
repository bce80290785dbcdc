#include "store/demo_seed.h"

#include "common/log.h"
#include "common/password.h"
#include "common/random.h"
#include "store/demo_data.h"

namespace ocop::store {

Result<bool> seed_demo_if_empty(Store& store, int64_t now) {
  if (!store.market_days().empty()) return false;
  const DemoMarketDay& demo = demo_market_day();

  if (!store.credentials("organizer")) {
    auto org = store.create_user("organizer", hash_password("organizer"), Role::kOrganizer);
    if (!org.ok()) return org.error().wrap("demo organizer");
  }
  // The market runs from the top of this hour for twelve hours.
  const int64_t start = now - now % 3600;
  auto day = store.create_market_day(MarketDay{0, demo.title, start, start + 12 * 3600});
  if (!day.ok()) return day.error().wrap("demo market day");

  int index = 0;
  for (const DemoBooth& db : demo.booths) {
    const std::string username = "seller" + std::to_string(++index);
    std::optional<User> seller;
    if (auto cred = store.credentials(username)) {
      seller = cred->user;
    } else {
      auto created = store.create_user(username, hash_password(username), Role::kSeller);
      if (!created.ok()) return created.error().wrap("demo " + username);
      seller = *created;
    }
    auto booth = store.create_booth(BoothFields{day->id, db.name, db.province, seller->id}, random_hex(12));
    if (!booth.ok()) return booth.error().wrap("demo booth " + db.name);
    for (const DemoProduct& dp : db.products) {
      Product p;
      p.booth_id = booth->id;
      p.name = dp.name;
      p.producer = dp.producer;
      p.province = dp.province;
      p.group = dp.group;
      p.stars = dp.stars;
      p.certificate_date = dp.certificate_date;
      p.price = dp.price;
      p.unit = dp.unit;
      p.stock = dp.stock;
      p.story = dp.story;
      p.image_url = dp.image_url;
      p.traceability_url = dp.traceability_url;
      p.ocop_status = domain::OcopStatus::kApproved;  // the demo's claims stand as reviewed
      if (auto r = store.create_product(p); !r.ok()) return r.error().wrap("demo product " + dp.name);
    }
  }
  log::info("store", "seeded the demo market day: {} booths, accounts organizer and seller1..seller{}",
            demo.booths.size(), demo.booths.size());
  return true;
}

}  // namespace ocop::store
