// Copying a market day's booths into another: the seller keeps the stream
// key (their phone app is set up once), products with their photos and OCOP
// claims, the booth's bank account and its visibility.
#include "store/sqlite_store.h"

namespace ocop::store {
namespace {

Status exec_bound(Database& db, const char* sql, int64_t a, int64_t b) {
  auto s = db.prepare(sql);
  if (!s.ok()) return s.error();
  return s->bind(1, a).bind(2, b).run();
}

}  // namespace

Result<CopiedBooths> SqliteStore::copy_booths(int64_t from_day, int64_t to_day,
                                              const std::function<std::string()>& new_key) {
  Transaction tx(*db_);
  if (!tx.begin_status().ok()) return tx.begin_status().error();
  CopiedBooths out;
  std::vector<Booth> sources;
  {
    auto s = db_->prepare("SELECT id FROM booths WHERE market_day_id = ? ORDER BY id");
    if (!s.ok()) return s.error();
    s->bind(1, from_day);
    std::vector<int64_t> ids;
    while (s->step()) ids.push_back(s->i64(0));
    for (int64_t id : ids)
      if (auto b = booth(id)) sources.push_back(*b);
  }
  for (const Booth& src : sources) {
    auto same = db_->prepare("SELECT 1 FROM booths WHERE market_day_id = ? AND name = ?");
    if (!same.ok()) return same.error();
    same->bind(1, to_day).bind(2, src.name);
    if (same->step()) {
      out.skipped.push_back(src.name);
      continue;
    }
    // The key moves to the new booth; the old one (a past day, with its
    // replays and orders) gets a fresh key nobody has.
    if (Status st = set_stream_key(src.id, new_key()); !st.ok()) return st.error();
    auto ins = db_->prepare(
        "INSERT INTO booths(market_day_id, name, province, seller_id, stream_key, visibility) "
        "SELECT ?, name, province, seller_id, ?, visibility FROM booths WHERE id = ?");
    if (!ins.ok()) return ins.error();
    if (Status st = ins->bind(1, to_day).bind(2, src.stream_key).bind(3, src.id).run(); !st.ok()) return st.error();
    const int64_t booth_id = db_->last_insert_id();
    out.booth_ids.push_back(booth_id);
    if (Status st = exec_bound(*db_,
                               "INSERT INTO bank_accounts(booth_id, bank_bin, account_number, account_name, updated_at) "
                               "SELECT ?1, bank_bin, account_number, account_name, updated_at FROM bank_accounts WHERE booth_id = ?2",
                               booth_id, src.id);
        !st.ok())
      return st.error();
    auto products = db_->prepare("SELECT id FROM products WHERE booth_id = ? AND archived = 0 ORDER BY id");
    if (!products.ok()) return products.error();
    products->bind(1, src.id);
    std::vector<int64_t> product_ids;
    while (products->step()) product_ids.push_back(products->i64(0));
    for (int64_t pid : product_ids) {
      if (Status st = exec_bound(*db_,
                                 "INSERT INTO products(booth_id, name, producer, province, product_group, stars, "
                                 "certificate_date, price, unit, stock, story, image_url, traceability_url, "
                                 "certificate_number, ocop_status, ocop_reason, certificate_photo) "
                                 "SELECT ?1, name, producer, province, product_group, stars, certificate_date, price, unit, "
                                 "stock, story, image_url, traceability_url, certificate_number, ocop_status, ocop_reason, "
                                 "certificate_photo "
                                 "FROM products WHERE id = ?2",
                                 booth_id, pid);
          !st.ok())
        return st.error();
      const int64_t copy_id = db_->last_insert_id();
      // The photo files are shared; a file goes only when no product uses it.
      if (Status st = exec_bound(*db_,
                                 "INSERT INTO product_photos(token, product_id, position, width, height, created_at) "
                                 "SELECT token, ?1, position, width, height, created_at FROM product_photos "
                                 "WHERE product_id = ?2",
                                 copy_id, pid);
          !st.ok())
        return st.error();
    }
  }
  if (Status st = tx.commit(); !st.ok()) return st.error();
  return out;
}

bool SqliteStore::photo_in_use(const std::string& token) {
  auto s = db_->prepare(
      "SELECT 1 FROM product_photos WHERE token = ?1 UNION ALL SELECT 1 FROM products WHERE certificate_photo = ?1");
  if (!s.ok()) return true;  // when unsure, keep the file
  s->bind(1, token);
  return s->step();
}

Result<std::string> SqliteStore::set_certificate_photo(int64_t product_id, const std::string& token) {
  auto old = db_->prepare("SELECT certificate_photo FROM products WHERE id = ? AND archived = 0");
  if (!old.ok()) return old.error();
  old->bind(1, product_id);
  if (!old->step()) return make_error("not_found", "no such product");
  std::string previous = old->text(0);
  // New evidence is a new claim: it waits for the organizer again.
  auto s = db_->prepare(
      "UPDATE products SET certificate_photo = ?, ocop_status = 'pending', ocop_reason = '' WHERE id = ?");
  if (!s.ok()) return s.error();
  if (Status st = s->bind(1, token).bind(2, product_id).run(); !st.ok()) return st.error();
  return previous;
}

}  // namespace ocop::store
