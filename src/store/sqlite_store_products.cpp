// Products, pinned cards and deals.
#include <algorithm>

#include "store/sqlite_store.h"

namespace ocop::store {
namespace {

constexpr const char* kProductColumns =
    "id, booth_id, name, producer, province, product_group, stars, certificate_date, price, unit, stock, story, "
    "image_url, traceability_url, certificate_number, ocop_status, ocop_reason, certificate_photo, "
    "(SELECT group_concat(token, ',') FROM (SELECT token FROM product_photos ph WHERE ph.product_id = products.id "
    "ORDER BY position, created_at)) FROM products";

Product read_product(const Statement& s) {
  Product p;
  p.id = s.i64(0);
  p.booth_id = s.i64(1);
  p.name = s.text(2);
  p.producer = s.text(3);
  p.province = s.text(4);
  p.group = s.text(5);
  p.stars = static_cast<int>(s.i64(6));
  p.certificate_date = s.text(7);
  p.price = s.i64(8);
  p.unit = s.text(9);
  p.stock = s.i64(10);
  p.story = s.text(11);
  p.image_url = s.text(12);
  p.traceability_url = s.text(13);
  p.certificate_number = s.text(14);
  p.ocop_status = domain::parse_ocop_status(s.text(15)).value_or(domain::OcopStatus::kPending);
  p.ocop_reason = s.text(16);
  p.certificate_photo = s.text(17);
  if (!s.is_null(18)) {
    const std::string joined = s.text(18);
    for (size_t at = 0; at <= joined.size();) {
      const size_t comma = std::min(joined.find(',', at), joined.size());
      if (comma > at) p.photos.push_back(joined.substr(at, comma - at));
      at = comma + 1;
    }
  }
  return p;
}

}  // namespace

std::vector<Product> SqliteStore::products(int64_t booth_id) {
  std::vector<Product> out;
  auto s = db_->prepare(std::string("SELECT ") + kProductColumns + " WHERE booth_id = ? AND archived = 0 ORDER BY id");
  if (!s.ok()) return out;
  s->bind(1, booth_id);
  while (s->step()) out.push_back(read_product(*s));
  return out;
}

std::optional<Product> SqliteStore::product(int64_t id) {
  auto s = db_->prepare(std::string("SELECT ") + kProductColumns + " WHERE id = ? AND archived = 0");
  if (!s.ok()) return std::nullopt;
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return read_product(*s);
}

Result<Product> SqliteStore::create_product(const Product& p) {
  auto s = db_->prepare(
      "INSERT INTO products(booth_id, name, producer, province, product_group, stars, certificate_date, price, unit, "
      "stock, story, image_url, traceability_url, certificate_number, ocop_status, ocop_reason) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!s.ok()) return s.error();
  Status st = s->bind(1, p.booth_id).bind(2, p.name).bind(3, p.producer).bind(4, p.province).bind(5, p.group)
                  .bind(6, p.stars).bind(7, p.certificate_date).bind(8, p.price).bind(9, p.unit).bind(10, p.stock)
                  .bind(11, p.story).bind(12, p.image_url).bind(13, p.traceability_url)
                  .bind(14, p.certificate_number).bind(15, domain::ocop_status_name(p.ocop_status))
                  .bind(16, p.ocop_reason).run();
  if (!st.ok()) return st.error();
  Product out = p;
  out.id = db_->last_insert_id();
  return out;
}

Result<Product> SqliteStore::update_product(const Product& p) {
  auto s = db_->prepare(
      "UPDATE products SET name=?, producer=?, province=?, product_group=?, stars=?, certificate_date=?, price=?, "
      "unit=?, stock=?, story=?, image_url=?, traceability_url=?, certificate_number=?, ocop_status=?, ocop_reason=? "
      "WHERE id=? AND archived = 0");
  if (!s.ok()) return s.error();
  Status st = s->bind(1, p.name).bind(2, p.producer).bind(3, p.province).bind(4, p.group).bind(5, p.stars)
                  .bind(6, p.certificate_date).bind(7, p.price).bind(8, p.unit).bind(9, p.stock).bind(10, p.story)
                  .bind(11, p.image_url).bind(12, p.traceability_url).bind(13, p.certificate_number)
                  .bind(14, domain::ocop_status_name(p.ocop_status)).bind(15, p.ocop_reason).bind(16, p.id).run();
  if (!st.ok()) return st.error();
  if (db_->changes() == 0) return make_error("not_found", "no product " + std::to_string(p.id));
  return p;
}

Result<size_t> SqliteStore::add_product_photo(int64_t product_id, const std::string& token, int width, int height,
                                              int64_t now, size_t max_per_product) {
  Transaction tx(*db_);
  if (!tx.begin_status().ok()) return tx.begin_status().error();
  auto count = db_->prepare("SELECT count(*), coalesce(max(position), -1) FROM product_photos WHERE product_id = ?");
  if (!count.ok()) return count.error();
  count->bind(1, product_id);
  count->step();
  const auto n = static_cast<size_t>(count->i64(0));
  if (n >= max_per_product)
    return make_error("conflict", "photo: a product has at most " + std::to_string(max_per_product) + " photos");
  auto ins = db_->prepare(
      "INSERT INTO product_photos(token, product_id, position, width, height, created_at) VALUES(?,?,?,?,?,?)");
  if (!ins.ok()) return ins.error();
  if (Status st = ins->bind(1, token).bind(2, product_id).bind(3, count->i64(1) + 1).bind(4, width).bind(5, height)
                      .bind(6, now).run();
      !st.ok())
    return st.error();
  if (Status st = tx.commit(); !st.ok()) return st.error();
  return n + 1;
}

Status SqliteStore::delete_product_photo(int64_t product_id, const std::string& token) {
  auto s = db_->prepare("DELETE FROM product_photos WHERE product_id = ? AND token = ?");
  if (!s.ok()) return s.error();
  if (Status st = s->bind(1, product_id).bind(2, token).run(); !st.ok()) return st;
  if (db_->changes() == 0) return make_error("not_found", "no such photo");
  return {};
}

Status SqliteStore::move_photo_first(int64_t product_id, const std::string& token) {
  auto s = db_->prepare(
      "UPDATE product_photos SET position = (SELECT min(position) - 1 FROM product_photos WHERE product_id = ?1) "
      "WHERE product_id = ?1 AND token = ?2");
  if (!s.ok()) return s.error();
  if (Status st = s->bind(1, product_id).bind(2, token).run(); !st.ok()) return st;
  if (db_->changes() == 0) return make_error("not_found", "no such photo");
  return {};
}

std::vector<Product> SqliteStore::products_by_ocop_status(domain::OcopStatus status, size_t limit) {
  std::vector<Product> out;
  auto s = db_->prepare(std::string("SELECT ") + kProductColumns +
                        " WHERE ocop_status = ? AND archived = 0 ORDER BY id LIMIT ?");
  if (!s.ok()) return out;
  s->bind(1, domain::ocop_status_name(status)).bind(2, static_cast<int64_t>(limit));
  while (s->step()) out.push_back(read_product(*s));
  return out;
}

Status SqliteStore::archive_product(int64_t id) {
  Transaction tx(*db_);
  if (!tx.begin_status().ok()) return tx.begin_status();
  auto unpin = db_->prepare("DELETE FROM pins WHERE product_id = ?");
  if (!unpin.ok()) return unpin.error();
  if (Status st = unpin->bind(1, id).run(); !st.ok()) return st;
  auto s = db_->prepare("UPDATE products SET archived = 1 WHERE id = ? AND archived = 0");
  if (!s.ok()) return s.error();
  if (Status st = s->bind(1, id).run(); !st.ok()) return st;
  if (db_->changes() == 0) return make_error("not_found", "no product " + std::to_string(id));
  return tx.commit();
}

std::optional<Deal> SqliteStore::deal(int64_t id) {
  auto s = db_->prepare(
      "SELECT id, booth_id, product_id, price, quantity, sold, ends_at, per_buyer FROM deals WHERE id = ?");
  if (!s.ok()) return std::nullopt;
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return Deal{s->i64(0), s->i64(1), s->i64(2), s->i64(3), s->i64(4), s->i64(5), s->i64(6), s->i64(7)};
}

std::optional<Pin> SqliteStore::pin(int64_t booth_id) {
  auto s = db_->prepare("SELECT product_id, deal_id FROM pins WHERE booth_id = ?");
  if (!s.ok()) return std::nullopt;
  s->bind(1, booth_id);
  if (!s->step()) return std::nullopt;
  Pin p;
  p.product_id = s->i64(0);
  if (!s->is_null(1)) p.deal = deal(s->i64(1));
  return p;
}

Result<Pin> SqliteStore::set_pin(int64_t booth_id, int64_t product_id, std::optional<Deal> d) {
  Transaction tx(*db_);
  if (!tx.begin_status().ok()) return tx.begin_status().error();
  auto check = db_->prepare("SELECT 1 FROM products WHERE id = ? AND booth_id = ? AND archived = 0");
  if (!check.ok()) return check.error();
  check->bind(1, product_id).bind(2, booth_id);
  if (!check->step()) return make_error("not_found", "product " + std::to_string(product_id) + " is not in this booth");
  std::optional<int64_t> deal_id;
  if (d) {
    auto ins = db_->prepare(
        "INSERT INTO deals(booth_id, product_id, price, quantity, ends_at, per_buyer) VALUES(?,?,?,?,?,?)");
    if (!ins.ok()) return ins.error();
    if (Status st = ins->bind(1, booth_id).bind(2, product_id).bind(3, d->price).bind(4, d->quantity)
                        .bind(5, d->ends_at).bind(6, d->per_buyer).run();
        !st.ok())
      return st.error();
    deal_id = db_->last_insert_id();
  }
  auto up = db_->prepare(
      "INSERT INTO pins(booth_id, product_id, deal_id) VALUES(?,?,?) "
      "ON CONFLICT(booth_id) DO UPDATE SET product_id = excluded.product_id, deal_id = excluded.deal_id");
  if (!up.ok()) return up.error();
  if (Status st = up->bind(1, booth_id).bind(2, product_id).bind(3, deal_id).run(); !st.ok()) return st.error();
  if (Status st = tx.commit(); !st.ok()) return st.error();
  Pin p;
  p.product_id = product_id;
  if (deal_id) p.deal = deal(*deal_id);
  return p;
}

Status SqliteStore::clear_pin(int64_t booth_id) {
  auto s = db_->prepare("DELETE FROM pins WHERE booth_id = ?");
  if (!s.ok()) return s.error();
  return s->bind(1, booth_id).run();
}

}  // namespace ocop::store
