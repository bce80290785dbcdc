#include "store/migrations.h"

#include <string>
#include <vector>

namespace ocop::store {
namespace {

// Append only: never edit a migration that has shipped.
const std::vector<std::string>& migrations() {
  static const std::vector<std::string> list = {
      // 1: the OCOP market model.
      R"sql(
CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE users(
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK(role IN ('seller','organizer')),
  created_at INTEGER NOT NULL);
CREATE TABLE sessions(
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL);
CREATE TABLE market_days(
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL CHECK(ends_at > starts_at));
CREATE TABLE booths(
  id INTEGER PRIMARY KEY,
  market_day_id INTEGER NOT NULL REFERENCES market_days(id),
  name TEXT NOT NULL,
  province TEXT NOT NULL,
  seller_id INTEGER REFERENCES users(id),
  stream_key TEXT NOT NULL UNIQUE);
CREATE TABLE products(
  id INTEGER PRIMARY KEY,
  booth_id INTEGER NOT NULL REFERENCES booths(id),
  name TEXT NOT NULL,
  producer TEXT NOT NULL,
  province TEXT NOT NULL,
  product_group TEXT NOT NULL,
  stars INTEGER NOT NULL CHECK(stars BETWEEN 3 AND 5),
  certificate_date TEXT NOT NULL,
  price INTEGER NOT NULL CHECK(price >= 0),
  unit TEXT NOT NULL,
  stock INTEGER NOT NULL CHECK(stock >= 0),
  story TEXT NOT NULL DEFAULT '',
  image_url TEXT NOT NULL DEFAULT '',
  traceability_url TEXT NOT NULL DEFAULT '',
  archived INTEGER NOT NULL DEFAULT 0);
CREATE INDEX products_by_booth ON products(booth_id);
CREATE TABLE deals(
  id INTEGER PRIMARY KEY,
  booth_id INTEGER NOT NULL REFERENCES booths(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  price INTEGER NOT NULL CHECK(price >= 0),
  quantity INTEGER NOT NULL CHECK(quantity > 0),
  sold INTEGER NOT NULL DEFAULT 0 CHECK(sold >= 0 AND sold <= quantity),
  ends_at INTEGER NOT NULL);
CREATE TABLE pins(
  booth_id INTEGER PRIMARY KEY REFERENCES booths(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  deal_id INTEGER REFERENCES deals(id));
CREATE TABLE orders(
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  booth_id INTEGER NOT NULL REFERENCES booths(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  client_order_id TEXT NOT NULL,
  qty INTEGER NOT NULL CHECK(qty > 0),
  unit_price INTEGER NOT NULL,
  total INTEGER NOT NULL,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  address TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  deal_id INTEGER REFERENCES deals(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE(booth_id, client_order_id));
CREATE INDEX orders_by_phone ON orders(phone, created_at);
CREATE TABLE chat_messages(
  id INTEGER PRIMARY KEY,
  booth_id INTEGER NOT NULL REFERENCES booths(id),
  viewer_id INTEGER NOT NULL,
  nickname TEXT NOT NULL,
  role TEXT NOT NULL,
  text TEXT NOT NULL,
  ts INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0);
CREATE INDEX chat_by_booth ON chat_messages(booth_id, id);
CREATE TABLE live_sessions(
  id INTEGER PRIMARY KEY,
  booth_id INTEGER NOT NULL REFERENCES booths(id),
  started_at INTEGER NOT NULL,
  ended_at INTEGER);
)sql",
      // 2: orders that bots cannot drain. A deal caps the units one buyer
      // holds; a buyer is a phone or a signed viewer cookie, so the order
      // keeps the cookie's viewer id (null without a cookie).
      R"sql(
ALTER TABLE deals ADD COLUMN per_buyer INTEGER NOT NULL DEFAULT 2 CHECK(per_buyer > 0);
ALTER TABLE orders ADD COLUMN viewer_id INTEGER;
CREATE INDEX orders_by_deal ON orders(deal_id);
)sql",
      // 3: risk signals, blocked phones and bank transfers. An order keeps
      // how it was paid, the VietQR string its buyer was given, its risk
      // codes (space-separated) and a keyed hash of the client's address
      // (never the address itself), by which a seller cancels a bot's cluster.
      R"sql(
ALTER TABLE orders ADD COLUMN payment_method TEXT NOT NULL DEFAULT 'cod' CHECK(payment_method IN ('cod','bank_transfer'));
ALTER TABLE orders ADD COLUMN paid_at INTEGER;
ALTER TABLE orders ADD COLUMN payment_qr TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN risk TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN client_key TEXT NOT NULL DEFAULT '';
CREATE INDEX orders_by_client_key ON orders(client_key, created_at);
CREATE INDEX orders_by_viewer ON orders(viewer_id, created_at);
CREATE TABLE blocked_phones(
  phone TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  blocked_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL);
CREATE TABLE bank_accounts(
  booth_id INTEGER PRIMARY KEY REFERENCES booths(id),
  bank_bin TEXT NOT NULL,
  account_number TEXT NOT NULL,
  account_name TEXT NOT NULL,
  updated_at INTEGER NOT NULL);
)sql",
      // Recordings of live sessions, and what was pinned when, for replays.
      R"sql(
CREATE TABLE replays(
  id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: caches keep /media/replays/{id}.mp4
  booth_id INTEGER NOT NULL REFERENCES booths(id),
  live_session_id INTEGER NOT NULL REFERENCES live_sessions(id),
  started_at INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL DEFAULT 0,
  path TEXT NOT NULL,
  bytes INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'recording' CHECK(state IN ('recording','ready','failed')));
CREATE INDEX replays_by_booth ON replays(booth_id, started_at);
CREATE TABLE replay_events(
  id INTEGER PRIMARY KEY,
  replay_id INTEGER NOT NULL REFERENCES replays(id) ON DELETE CASCADE,
  offset_ms INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK(kind IN ('pin','deal','unpin')),
  product_id INTEGER);
CREATE INDEX replay_events_by_replay ON replay_events(replay_id, offset_ms);
)sql",
      // 5: OCOP claims reviewed by an organizer. Products that existed before
      // were never checked, so they start pending like new ones.
      R"sql(
ALTER TABLE products ADD COLUMN certificate_number TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN ocop_status TEXT NOT NULL DEFAULT 'pending'
  CHECK(ocop_status IN ('pending','approved','rejected'));
ALTER TABLE products ADD COLUMN ocop_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX products_by_ocop_status ON products(ocop_status) WHERE archived = 0;
)sql",
      // 6: private booths, for a seller's rehearsal before the market day.
      R"sql(
ALTER TABLE booths ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public' CHECK(visibility IN ('public','private'));
)sql",
      // 7: product photos uploaded from the phone, stored under the data
      // dir as <token>.jpg (card) and <token>-tile.jpg; the first is the
      // cover. A booth copied to the next market day shares the files.
      R"sql(
CREATE TABLE product_photos(
  token TEXT NOT NULL,
  product_id INTEGER NOT NULL REFERENCES products(id),
  position INTEGER NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY(product_id, token));
CREATE INDEX product_photos_by_product ON product_photos(product_id, position);
CREATE INDEX product_photos_by_token ON product_photos(token);
)sql",
      // 8: an organizer's stop of a live that breaks the rules; the key is
      // refused until the booth is reopened.
      R"sql(
ALTER TABLE booths ADD COLUMN stopped_reason TEXT;
)sql",
      // 9: a seller's name and phone, written by the organizer who made the
      // account inside the booth form; a photo of a product's certificate.
      R"sql(
ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';
-- the photo token of a product's OCOP certificate, for the organizer's review
ALTER TABLE products ADD COLUMN certificate_photo TEXT NOT NULL DEFAULT '';
)sql",
      // 10: an organizer disables an account (a seller who left, a lost
      // phone): no login, no session, until enabled again.
      R"sql(
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);
)sql",
  };
  return list;
}

}  // namespace

int latest_schema_version() { return static_cast<int>(migrations().size()); }

Status migrate(Database& db) {
  auto get = db.prepare("PRAGMA user_version");
  if (!get.ok()) return get.error();
  int version = get->step() ? static_cast<int>(get->i64(0)) : 0;
  if (version > latest_schema_version())
    return make_error("internal", "database schema " + std::to_string(version) +
                                      " is newer than this server (" + std::to_string(latest_schema_version()) +
                                      "); upgrade the server");
  for (int v = version; v < latest_schema_version(); ++v) {
    Transaction tx(db);
    if (!tx.begin_status().ok()) return tx.begin_status();
    if (Status s = db.exec(migrations()[v]); !s.ok()) return s.error().wrap("migration " + std::to_string(v + 1));
    if (Status s = db.exec("PRAGMA user_version=" + std::to_string(v + 1)); !s.ok()) return s;
    if (Status s = tx.commit(); !s.ok()) return s;
  }
  return {};
}

}  // namespace ocop::store
