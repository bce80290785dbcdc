// Risk facts about an order's buyer, and phones blocked market-wide.
#include "store/sqlite_store.h"

namespace ocop::store {

Result<domain::RiskFacts> SqliteStore::risk_facts(const RiskQuery& q) {
  domain::RiskFacts f;
  if (!q.client_key.empty()) {
    auto s = db_->prepare("SELECT COUNT(*) FROM orders WHERE client_key = ? AND created_at >= ?");
    if (!s.ok()) return s.error().wrap("risk: address");
    s->bind(1, q.client_key).bind(2, q.address_since);
    if (s->step()) f.address_orders_recent = s->i64(0);
    if (!s->ok()) return s->error().wrap("risk: address");
  }
  {
    // Every booth: a refused parcel at one booth is a risk at all of them.
    auto s = db_->prepare("SELECT COUNT(*), COALESCE(SUM(status = 'returned'), 0) FROM orders WHERE phone = ?");
    if (!s.ok()) return s.error().wrap("risk: phone");
    s->bind(1, q.phone);
    if (s->step()) {
      f.phone_orders = s->i64(0);
      f.phone_returned = s->i64(1);
    }
    if (!s->ok()) return s->error().wrap("risk: phone");
  }
  if (q.viewer_id) {
    auto s = db_->prepare(
        "SELECT COUNT(DISTINCT phone) FROM orders WHERE viewer_id = ? AND created_at >= ? AND phone != ?");
    if (!s.ok()) return s.error().wrap("risk: cookie");
    s->bind(1, *q.viewer_id).bind(2, q.cookie_since).bind(3, q.phone);
    f.cookie_other_phones = s->step() ? s->i64(0) : 0;
    if (!s->ok()) return s->error().wrap("risk: cookie");
  }
  return f;
}

namespace {
constexpr const char* kBlockedColumns =
    "b.phone, b.reason, b.created_at, u.id, u.username, u.role FROM blocked_phones b "
    "LEFT JOIN users u ON u.id = b.blocked_by";

BlockedPhone read_blocked(const Statement& s) {
  BlockedPhone b{s.text(0), s.text(1), std::nullopt, s.i64(2)};
  if (!s.is_null(3)) b.blocked_by = User{s.i64(3), s.text(4), domain::parse_role(s.text(5)).value_or(Role::kOrganizer)};
  return b;
}
}  // namespace

Result<std::optional<BlockedPhone>> SqliteStore::blocked_phone(const std::string& phone) {
  auto s = db_->prepare(std::string("SELECT ") + kBlockedColumns + " WHERE b.phone = ?");
  if (!s.ok()) return s.error().wrap("blocked phone");
  s->bind(1, phone);
  std::optional<BlockedPhone> out;
  if (s->step()) out = read_blocked(*s);
  if (!s->ok()) return s->error().wrap("blocked phone");
  return out;
}

Result<std::vector<BlockedPhone>> SqliteStore::blocked_phones() {
  auto s = db_->prepare(std::string("SELECT ") + kBlockedColumns + " ORDER BY b.created_at DESC, b.phone");
  if (!s.ok()) return s.error().wrap("blocked phones");
  std::vector<BlockedPhone> out;
  while (s->step()) out.push_back(read_blocked(*s));
  if (!s->ok()) return s->error().wrap("blocked phones");
  return out;
}

Result<BlockedPhone> SqliteStore::block_phone(const std::string& phone, const std::string& reason, int64_t by_user_id,
                                              int64_t now) {
  auto s = db_->prepare("INSERT INTO blocked_phones(phone, reason, blocked_by, created_at) VALUES(?, ?, ?, ?)");
  if (!s.ok()) return s.error().wrap("block phone");
  if (Status st = s->bind(1, phone).bind(2, reason).bind(3, by_user_id).bind(4, now).run(); !st.ok()) {
    if (st.error().code == "conflict") return make_error("conflict", "phone: " + phone + " is already blocked");
    return st.error().wrap("block phone");
  }
  auto added = blocked_phone(phone);
  if (!added.ok()) return added.error();
  if (!*added) return make_error("internal", "blocked phone vanished after insert");
  return **added;
}

Result<bool> SqliteStore::unblock_phone(const std::string& phone) {
  auto s = db_->prepare("DELETE FROM blocked_phones WHERE phone = ?");
  if (!s.ok()) return s.error().wrap("unblock phone");
  if (Status st = s->bind(1, phone).run(); !st.ok()) return st.error().wrap("unblock phone");
  return db_->changes() > 0;
}

}  // namespace ocop::store
