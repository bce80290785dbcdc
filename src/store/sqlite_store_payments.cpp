// Booth bank accounts (VietQR transfers) and the market day's sales report.
#include "store/sqlite_store.h"

namespace ocop::store {

Result<std::optional<BankAccount>> SqliteStore::bank_account(int64_t booth_id) {
  auto s = db_->prepare("SELECT bank_bin, account_number, account_name FROM bank_accounts WHERE booth_id = ?");
  if (!s.ok()) return s.error().wrap("bank account");
  s->bind(1, booth_id);
  std::optional<BankAccount> out;
  if (s->step()) out = BankAccount{s->text(0), s->text(1), s->text(2)};
  if (!s->ok()) return s->error().wrap("bank account");
  return out;
}

Status SqliteStore::set_bank_account(int64_t booth_id, const BankAccount& a, int64_t now) {
  auto s = db_->prepare(
      "INSERT INTO bank_accounts(booth_id, bank_bin, account_number, account_name, updated_at) VALUES(?, ?, ?, ?, ?) "
      "ON CONFLICT(booth_id) DO UPDATE SET bank_bin = excluded.bank_bin, account_number = excluded.account_number, "
      "account_name = excluded.account_name, updated_at = excluded.updated_at");
  if (!s.ok()) return s.error().wrap("set bank account");
  return s->bind(1, booth_id).bind(2, a.bank_bin).bind(3, a.account_number).bind(4, a.account_name).bind(5, now).run();
}

Status SqliteStore::clear_bank_account(int64_t booth_id) {
  auto s = db_->prepare("DELETE FROM bank_accounts WHERE booth_id = ?");
  if (!s.ok()) return s.error().wrap("clear bank account");
  return s->bind(1, booth_id).run();
}

namespace {
// Standing orders (not cancelled, not returned) and refused ones, per row.
constexpr const char* kSalesColumns =
    "SUM(o.status NOT IN ('cancelled','returned')), "
    "COALESCE(SUM(CASE WHEN o.status NOT IN ('cancelled','returned') THEN o.qty END), 0), "
    "COALESCE(SUM(CASE WHEN o.status NOT IN ('cancelled','returned') THEN o.total END), 0), "
    "SUM(o.status = 'returned'), COALESCE(SUM(CASE WHEN o.status = 'returned' THEN o.qty END), 0)";

domain::Sales read_sales(const Statement& s, int first) {
  return {s.i64(first), s.i64(first + 1), s.i64(first + 2), s.i64(first + 3), s.i64(first + 4)};
}
}  // namespace

Result<SalesReport> SqliteStore::sales_report(int64_t market_day_id) {
  SalesReport out;
  auto b = db_->prepare(std::string("SELECT b.id, b.name, b.province, ") + kSalesColumns +
                        " FROM booths b LEFT JOIN orders o ON o.booth_id = b.id WHERE b.market_day_id = ? "
                        "GROUP BY b.id ORDER BY b.id");
  if (!b.ok()) return b.error().wrap("sales report: booths");
  b->bind(1, market_day_id);
  while (b->step()) out.booths.push_back({b->i64(0), b->text(1), b->text(2), read_sales(*b, 3)});
  if (!b->ok()) return b->error().wrap("sales report: booths");

  auto g = db_->prepare(std::string("SELECT p.product_group, ") + kSalesColumns +
                        " FROM orders o JOIN products p ON p.id = o.product_id JOIN booths b ON b.id = o.booth_id "
                        "WHERE b.market_day_id = ? GROUP BY p.product_group ORDER BY p.product_group");
  if (!g.ok()) return g.error().wrap("sales report: groups");
  g->bind(1, market_day_id);
  while (g->step()) out.groups.push_back({g->text(0), read_sales(*g, 1)});
  if (!g->ok()) return g->error().wrap("sales report: groups");
  return out;
}

}  // namespace ocop::store
