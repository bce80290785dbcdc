// An organizer's edits and deletes of market days and booths. A booth that
// has sold or recorded is history (orders, reports, replays) and stays.
#include <set>

#include "store/sqlite_store.h"

namespace ocop::store {

Result<MarketDay> SqliteStore::update_market_day(const MarketDay& day) {
  auto s = db_->prepare("UPDATE market_days SET title = ?, starts_at = ?, ends_at = ? WHERE id = ?");
  if (!s.ok()) return s.error();
  if (Status st = s->bind(1, day.title).bind(2, day.starts_at).bind(3, day.ends_at).bind(4, day.id).run(); !st.ok())
    return st.error();
  if (db_->changes() == 0) return make_error("not_found", "no such market day");
  return day;
}

Result<std::vector<std::string>> SqliteStore::remove_booths(const std::vector<int64_t>& ids) {
  auto count = [&](const char* sql, int64_t id) -> int64_t {
    auto s = db_->prepare(sql);
    if (!s.ok()) return -1;
    s->bind(1, id);
    return s->step() ? s->i64(0) : -1;
  };
  for (int64_t id : ids) {
    if (count("SELECT COUNT(*) FROM orders WHERE booth_id = ?", id) != 0)
      return field_error("conflict", "booth", "has_orders", "booth " + std::to_string(id) + " has orders, which the reports keep");
    if (count("SELECT COUNT(*) FROM replays WHERE booth_id = ?", id) != 0)
      return field_error("conflict", "booth", "has_replays", "booth " + std::to_string(id) + " has replays; delete those first");
  }
  std::set<std::string> tokens;
  for (int64_t id : ids) {
    auto photos = db_->prepare(
        "SELECT token FROM product_photos WHERE product_id IN (SELECT id FROM products WHERE booth_id = ?1) "
        "UNION SELECT certificate_photo FROM products WHERE booth_id = ?1 AND certificate_photo != ''");
    if (!photos.ok()) return photos.error();
    photos->bind(1, id);
    while (photos->step()) tokens.insert(photos->text(0));
    // Children first: the foreign keys are enforced.
    for (const char* sql : {"DELETE FROM pins WHERE booth_id = ?",
                            "DELETE FROM deals WHERE booth_id = ?",
                            "DELETE FROM product_photos WHERE product_id IN (SELECT id FROM products WHERE booth_id = ?)",
                            "DELETE FROM products WHERE booth_id = ?",
                            "DELETE FROM bank_accounts WHERE booth_id = ?",
                            "DELETE FROM chat_messages WHERE booth_id = ?",
                            "DELETE FROM live_sessions WHERE booth_id = ?",
                            "DELETE FROM booths WHERE id = ?"}) {
      auto s = db_->prepare(sql);
      if (!s.ok()) return s.error();
      if (Status st = s->bind(1, id).run(); !st.ok()) return st.error();
    }
  }
  // A copied booth shares its photo files with the booth it came from.
  std::vector<std::string> orphans;
  for (const auto& token : tokens)
    if (!photo_in_use(token)) orphans.push_back(token);
  return orphans;
}

Result<std::vector<std::string>> SqliteStore::delete_booth(int64_t booth_id) {
  Transaction tx(*db_);
  if (!tx.begin_status().ok()) return tx.begin_status().error();
  if (!booth(booth_id)) return make_error("not_found", "no such booth");
  auto orphans = remove_booths({booth_id});
  if (!orphans.ok()) return orphans.error();
  if (Status st = tx.commit(); !st.ok()) return st.error();
  return orphans;
}

Result<std::vector<std::string>> SqliteStore::delete_market_day(int64_t market_day_id) {
  Transaction tx(*db_);
  if (!tx.begin_status().ok()) return tx.begin_status().error();
  if (!market_day(market_day_id)) return make_error("not_found", "no such market day");
  std::vector<int64_t> ids;
  {
    auto s = db_->prepare("SELECT id FROM booths WHERE market_day_id = ? ORDER BY id");
    if (!s.ok()) return s.error();
    s->bind(1, market_day_id);
    while (s->step()) ids.push_back(s->i64(0));
  }
  auto orphans = remove_booths(ids);
  if (!orphans.ok()) return orphans.error();
  auto s = db_->prepare("DELETE FROM market_days WHERE id = ?");
  if (!s.ok()) return s.error();
  if (Status st = s->bind(1, market_day_id).run(); !st.ok()) return st.error();
  if (Status st = tx.commit(); !st.ok()) return st.error();
  return orphans;
}

}  // namespace ocop::store
