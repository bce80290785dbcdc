// Users, sessions, settings, market days and booths.
#include "store/sqlite_store.h"

#include "common/log.h"
#include "store/migrations.h"

namespace ocop::store {
namespace {

constexpr const char* kBoothColumns =
    "b.id, b.market_day_id, b.name, b.province, b.stream_key, u.id, u.username, u.role, b.visibility, b.stopped_reason "
    "FROM booths b LEFT JOIN users u ON u.id = b.seller_id";

Booth read_booth(const Statement& s) {
  Booth b;
  b.id = s.i64(0);
  b.market_day_id = s.i64(1);
  b.name = s.text(2);
  b.province = s.text(3);
  b.stream_key = s.text(4);
  if (!s.is_null(5)) b.seller = User{s.i64(5), s.text(6), domain::parse_role(s.text(7)).value_or(Role::kSeller)};
  b.visibility = domain::parse_visibility(s.text(8)).value_or(domain::Visibility::kPublic);
  if (!s.is_null(9)) b.stopped_reason = s.text(9);
  return b;
}

User read_user(const Statement& s, int first) {
  return User{s.i64(first), s.text(first + 1), domain::parse_role(s.text(first + 2)).value_or(Role::kSeller), {}, {}};
}

// id, username, role, display_name, phone, disabled_at
User read_user_profile(const Statement& s) {
  User u = read_user(s, 0);
  u.display_name = s.text(3);
  u.phone = s.text(4);
  u.disabled = !s.is_null(5);
  return u;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path) {
  auto db = Database::open(path);
  if (!db.ok()) return db.error();
  if (Status s = migrate(**db); !s.ok()) return s.error();
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(*db)));
}

std::optional<std::string> SqliteStore::setting(const std::string& key) {
  auto s = db_->prepare("SELECT value FROM settings WHERE key = ?");
  if (!s.ok()) return std::nullopt;
  s->bind(1, key);
  if (!s->step()) return std::nullopt;
  return s->text(0);
}

Status SqliteStore::set_setting(const std::string& key, const std::string& value) {
  auto s = db_->prepare("INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!s.ok()) return s.error();
  return s->bind(1, key).bind(2, value).run();
}

Result<User> SqliteStore::create_user(const std::string& username, const std::string& password_hash, Role role,
                                      const User& profile) {
  auto s = db_->prepare(
      "INSERT INTO users(username, password_hash, role, display_name, phone, created_at) "
      "VALUES(?, ?, ?, ?, ?, strftime('%s','now'))");
  if (!s.ok()) return s.error();
  Status st = s->bind(1, username).bind(2, password_hash).bind(3, domain::role_name(role))
                  .bind(4, profile.display_name).bind(5, profile.phone).run();
  if (!st.ok()) {
    if (st.error().code == "conflict")
      return field_error("conflict", "username", "taken", "'" + username + "' is taken");
    return st.error();
  }
  return User{db_->last_insert_id(), username, role, profile.display_name, profile.phone};
}

Status SqliteStore::set_password(int64_t user_id, const std::string& password_hash) {
  Transaction tx(*db_);
  if (!tx.begin_status().ok()) return tx.begin_status();
  auto s = db_->prepare("UPDATE users SET password_hash = ? WHERE id = ?");
  if (!s.ok()) return s.error();
  if (Status st = s->bind(1, password_hash).bind(2, user_id).run(); !st.ok()) return st;
  if (db_->changes() == 0) return make_error("not_found", "no such user");
  auto end = db_->prepare("DELETE FROM sessions WHERE user_id = ?");
  if (!end.ok()) return end.error();
  if (Status st = end->bind(1, user_id).run(); !st.ok()) return st;
  return tx.commit();
}

std::optional<Credentials> SqliteStore::credentials(const std::string& username) {
  auto s = db_->prepare("SELECT id, username, role, password_hash, disabled_at FROM users WHERE username = ?");
  if (!s.ok()) return std::nullopt;
  s->bind(1, username);
  if (!s->step()) return std::nullopt;
  return Credentials{read_user(*s, 0), s->text(3), !s->is_null(4)};
}

std::optional<User> SqliteStore::user(int64_t id) {
  auto s = db_->prepare("SELECT id, username, role, display_name, phone, disabled_at FROM users WHERE id = ?");
  if (!s.ok()) return std::nullopt;
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return read_user_profile(*s);
}

std::vector<User> SqliteStore::users(std::optional<Role> role) {
  std::vector<User> out;
  auto s = db_->prepare(
      "SELECT id, username, role, display_name, phone, disabled_at FROM users WHERE ?1 IS NULL OR role = ?1 ORDER BY id");
  if (!s.ok()) return out;
  if (role) s->bind(1, domain::role_name(*role)); else s->bind_null(1);
  while (s->step()) out.push_back(read_user_profile(*s));
  return out;
}

Status SqliteStore::set_disabled(int64_t user_id, bool disabled, int64_t now) {
  Transaction tx(*db_);
  if (!tx.begin_status().ok()) return tx.begin_status();
  auto s = db_->prepare(disabled ? "UPDATE users SET disabled_at = COALESCE(disabled_at, ?1) WHERE id = ?2"
                                 : "UPDATE users SET disabled_at = NULL WHERE id = ?2 AND ?1 IS NOT NULL");
  if (!s.ok()) return s.error();
  s->bind(1, now).bind(2, user_id);
  if (Status st = s->run(); !st.ok()) return st;
  if (db_->changes() == 0 && !user(user_id)) return make_error("not_found", "no such user");
  if (disabled) {
    auto end = db_->prepare("DELETE FROM sessions WHERE user_id = ?");
    if (!end.ok()) return end.error();
    if (Status st = end->bind(1, user_id).run(); !st.ok()) return st;
  }
  return tx.commit();
}

Result<int64_t> SqliteStore::end_other_sessions(int64_t user_id, const std::string& keep_hash) {
  auto s = db_->prepare("DELETE FROM sessions WHERE user_id = ? AND token_hash != ?");
  if (!s.ok()) return s.error();
  if (Status st = s->bind(1, user_id).bind(2, keep_hash).run(); !st.ok()) return st.error();
  return static_cast<int64_t>(db_->changes());
}

int64_t SqliteStore::purge_sessions(int64_t now) {
  auto s = db_->prepare("DELETE FROM sessions WHERE expires_at <= ?");
  if (!s.ok()) return 0;
  if (!s->bind(1, now).run().ok()) return 0;
  return static_cast<int64_t>(db_->changes());
}

Status SqliteStore::create_session(const std::string& token_hash, int64_t user_id, int64_t expires_at) {
  auto s = db_->prepare("INSERT INTO sessions(token_hash, user_id, expires_at) VALUES(?, ?, ?)");
  if (!s.ok()) return s.error();
  return s->bind(1, token_hash).bind(2, user_id).bind(3, expires_at).run();
}

std::optional<User> SqliteStore::session_user(const std::string& token_hash, int64_t now) {
  auto s = db_->prepare(
      "SELECT u.id, u.username, u.role FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL");
  if (!s.ok()) return std::nullopt;
  s->bind(1, token_hash).bind(2, now);
  if (!s->step()) return std::nullopt;
  return read_user(*s, 0);
}

Status SqliteStore::delete_session(const std::string& token_hash) {
  auto s = db_->prepare("DELETE FROM sessions WHERE token_hash = ?");
  if (!s.ok()) return s.error();
  return s->bind(1, token_hash).run();
}

std::vector<MarketDay> SqliteStore::market_days() {
  std::vector<MarketDay> out;
  auto s = db_->prepare("SELECT id, title, starts_at, ends_at FROM market_days ORDER BY starts_at, id");
  if (!s.ok()) return out;
  while (s->step()) out.push_back(MarketDay{s->i64(0), s->text(1), s->i64(2), s->i64(3)});
  return out;
}

std::optional<MarketDay> SqliteStore::market_day(int64_t id) {
  auto s = db_->prepare("SELECT id, title, starts_at, ends_at FROM market_days WHERE id = ?");
  if (!s.ok()) return std::nullopt;
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return MarketDay{s->i64(0), s->text(1), s->i64(2), s->i64(3)};
}

Result<MarketDay> SqliteStore::create_market_day(const MarketDay& day) {
  auto s = db_->prepare("INSERT INTO market_days(title, starts_at, ends_at) VALUES(?, ?, ?)");
  if (!s.ok()) return s.error();
  if (Status st = s->bind(1, day.title).bind(2, day.starts_at).bind(3, day.ends_at).run(); !st.ok())
    return st.error();
  MarketDay out = day;
  out.id = db_->last_insert_id();
  return out;
}

std::vector<Booth> SqliteStore::booths(const BoothFilter& f) {
  std::vector<Booth> out;
  std::string sql = std::string("SELECT ") + kBoothColumns +
                    " WHERE (?1 IS NULL OR b.market_day_id = ?1) AND (?2 IS NULL OR b.province = ?2)"
                    " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM products p WHERE p.booth_id = b.id"
                    "   AND p.archived = 0 AND p.product_group = ?3))"
                    " AND (?4 IS NULL OR EXISTS (SELECT 1 FROM products p WHERE p.booth_id = b.id"
                    "   AND p.archived = 0 AND p.stars = ?4 AND p.ocop_status = 'approved'))"
                    " ORDER BY b.id";
  auto s = db_->prepare(sql);
  if (!s.ok()) return out;
  s->bind(1, f.market_day_id);
  if (f.province) s->bind(2, *f.province); else s->bind_null(2);
  if (f.group) s->bind(3, *f.group); else s->bind_null(3);
  s->bind(4, f.stars ? std::optional<int64_t>(*f.stars) : std::nullopt);
  while (s->step()) out.push_back(read_booth(*s));
  return out;
}

std::optional<Booth> SqliteStore::booth(int64_t id) {
  auto s = db_->prepare(std::string("SELECT ") + kBoothColumns + " WHERE b.id = ?");
  if (!s.ok()) return std::nullopt;
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return read_booth(*s);
}

Result<Booth> SqliteStore::create_booth(const BoothFields& f, const std::string& stream_key) {
  auto s = db_->prepare(
      "INSERT INTO booths(market_day_id, name, province, seller_id, stream_key, visibility) VALUES(?, ?, ?, ?, ?, ?)");
  if (!s.ok()) return s.error();
  Status st = s->bind(1, f.market_day_id).bind(2, f.name).bind(3, f.province).bind(4, f.seller_id).bind(5, stream_key)
                  .bind(6, domain::visibility_name(f.visibility)).run();
  if (!st.ok()) return st.error();
  auto b = booth(db_->last_insert_id());
  if (!b) return make_error("internal", "booth vanished after insert");
  return *b;
}

Result<Booth> SqliteStore::update_booth(int64_t id, const BoothFields& f) {
  auto s = db_->prepare(
      "UPDATE booths SET market_day_id = ?, name = ?, province = ?, seller_id = ?, visibility = ? WHERE id = ?");
  if (!s.ok()) return s.error();
  if (Status st = s->bind(1, f.market_day_id).bind(2, f.name).bind(3, f.province).bind(4, f.seller_id)
                      .bind(5, domain::visibility_name(f.visibility)).bind(6, id).run();
      !st.ok())
    return st.error();
  auto b = booth(id);
  if (!b) return make_error("not_found", "no booth " + std::to_string(id));
  return *b;
}

Status SqliteStore::set_stopped(int64_t booth_id, const std::optional<std::string>& reason) {
  auto s = db_->prepare("UPDATE booths SET stopped_reason = ? WHERE id = ?");
  if (!s.ok()) return s.error();
  if (reason) s->bind(1, *reason);
  else s->bind_null(1);
  return s->bind(2, booth_id).run();
}

Status SqliteStore::set_stream_key(int64_t booth_id, const std::string& stream_key) {
  auto s = db_->prepare("UPDATE booths SET stream_key = ? WHERE id = ?");
  if (!s.ok()) return s.error();
  return s->bind(1, stream_key).bind(2, booth_id).run();
}

Result<int64_t> SqliteStore::start_live_session(int64_t booth_id, int64_t now) {
  auto s = db_->prepare("INSERT INTO live_sessions(booth_id, started_at) VALUES(?, ?)");
  if (!s.ok()) return s.error();
  if (Status st = s->bind(1, booth_id).bind(2, now).run(); !st.ok()) return st.error();
  return db_->last_insert_id();
}

Status SqliteStore::end_live_session(int64_t session_id, int64_t now) {
  auto s = db_->prepare("UPDATE live_sessions SET ended_at = ? WHERE id = ?");
  if (!s.ok()) return s.error();
  return s->bind(1, now).bind(2, session_id).run();
}

}  // namespace ocop::store
