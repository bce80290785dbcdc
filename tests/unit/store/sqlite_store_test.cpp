#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

#include "store/sqlite_store.h"

using namespace ocop;
using namespace ocop::store;

namespace {

struct TempDb {
  std::string path;
  TempDb() {
    char tmpl[] = "/tmp/ocop-store-XXXXXX";
    path = std::string(mkdtemp(tmpl)) + "/t.db";
  }
  ~TempDb() { std::filesystem::remove_all(std::filesystem::path(path).parent_path()); }
};

struct Fixture {
  TempDb tmp;
  std::unique_ptr<SqliteStore> store;
  int64_t booth_id = 0, product_id = 0;
  Fixture() {
    auto s = SqliteStore::open(tmp.path);
    REQUIRE(s.ok());
    store = std::move(*s);
    auto seller = store->create_user("seller1", "hash", Role::kSeller);
    REQUIRE(seller.ok());
    auto day = store->create_market_day({0, "Chợ phiên", 1000, 5000});
    REQUIRE(day.ok());
    auto booth = store->create_booth({day->id, "HTX Chè", "Thái Nguyên", seller->id}, "key-1");
    REQUIRE(booth.ok());
    booth_id = booth->id;
    domain::Product p;
    p.booth_id = booth_id;
    p.name = "Chè Tân Cương";
    p.producer = "HTX";
    p.province = "Thái Nguyên";
    p.group = "beverage";
    p.stars = 5;
    p.certificate_date = "2025-01-01";
    p.price = 250000;
    p.unit = "hộp";
    p.stock = 10;
    auto created = store->create_product(p);
    REQUIRE(created.ok());
    product_id = created->id;
  }
  PlaceOrderRequest order(const std::string& coid, int64_t qty, int64_t now = 2000) {
    return PlaceOrderRequest{booth_id, product_id, coid, qty, "Lan", "0912345678", "12 Lê Lợi, Huế", "", now};
  }
};

}  // namespace

SCENARIO("orders take stock in one transaction and are idempotent", "[store][orders]") {
  Fixture f;
  auto first = f.store->place_order(f.order("c1", 3));
  REQUIRE(first.ok());
  CHECK(first->outcome == PlaceOutcome::kPlaced);
  CHECK(first->stock == 7);
  CHECK(first->order.total == 750000);
  CHECK(first->order.code.rfind("OC-", 0) == 0);

  auto again = f.store->place_order(f.order("c1", 5));
  REQUIRE(again.ok());
  CHECK(again->outcome == PlaceOutcome::kDuplicate);
  CHECK(again->order.id == first->order.id);
  CHECK(again->order.code == first->order.code);
  CHECK(f.store->product(f.product_id)->stock == 7);

  auto too_many = f.store->place_order(f.order("c2", 8));
  REQUIRE(too_many.ok());
  CHECK(too_many->outcome == PlaceOutcome::kOutOfStock);
  CHECK(f.store->product(f.product_id)->stock == 7);

  auto unknown = f.store->place_order(PlaceOrderRequest{f.booth_id, 999, "c3", 1, "a", "b", "c", "", 2000});
  REQUIRE(unknown.ok());
  CHECK(unknown->outcome == PlaceOutcome::kUnknownProduct);
  CHECK(f.store->orders_total() == 1);
}

SCENARIO("a deal sets the price, limits the quantity and ends", "[store][deals]") {
  Fixture f;
  Deal d;
  d.price = 199000;
  d.quantity = 4;
  d.ends_at = 3000;
  auto pin = f.store->set_pin(f.booth_id, f.product_id, d);
  REQUIRE(pin.ok());
  REQUIRE(pin->deal);
  CHECK(pin->deal->remaining() == 4);

  auto a = f.store->place_order(f.order("d1", 3));
  REQUIRE(a.ok());
  CHECK(a->outcome == PlaceOutcome::kPlaced);
  CHECK(a->order.unit_price == 199000);
  CHECK(a->deal->remaining() == 1);
  auto b = f.store->place_order(f.order("d2", 2));
  CHECK(b->outcome == PlaceOutcome::kOutOfStock);
  auto c = f.store->place_order(f.order("d3", 1));
  CHECK(c->outcome == PlaceOutcome::kPlaced);
  CHECK(f.store->pin(f.booth_id)->deal->remaining() == 0);
  auto late = f.store->place_order(f.order("d4", 1, 3000));
  CHECK(late->outcome == PlaceOutcome::kDealEnded);

  REQUIRE(f.store->clear_pin(f.booth_id).ok());
  auto normal = f.store->place_order(f.order("d5", 1, 4000));
  CHECK(normal->outcome == PlaceOutcome::kPlaced);
  CHECK(normal->order.unit_price == 250000);
}

SCENARIO("order status moves forward; cancelling returns stock", "[store][orders]") {
  Fixture f;
  auto o = f.store->place_order(f.order("s1", 4));
  REQUIRE(o.ok());
  using S = OrderStatus;
  CHECK_FALSE(f.store->set_order_status(o->order.id, S::kDelivered, 2100).ok());
  auto confirmed = f.store->set_order_status(o->order.id, S::kConfirmed, 2100);
  REQUIRE(confirmed.ok());
  CHECK_FALSE(confirmed->stock);
  auto cancelled = f.store->set_order_status(o->order.id, S::kCancelled, 2200);
  REQUIRE(cancelled.ok());
  REQUIRE(cancelled->stock);
  CHECK(*cancelled->stock == 10);
  auto again = f.store->set_order_status(o->order.id, S::kCancelled, 2300);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == "conflict");
  CHECK(f.store->product(f.product_id)->stock == 10);
  CHECK(f.store->set_order_status(777, S::kConfirmed, 1).error().code == "not_found");
}

SCENARIO("sessions expire; users are unique", "[store][users]") {
  Fixture f;
  CHECK(f.store->create_user("seller1", "h", Role::kSeller).error().code == "conflict");
  auto org = f.store->create_user("boss", "h", Role::kOrganizer);
  REQUIRE(f.store->create_session("tok", org->id, 100).ok());
  CHECK(f.store->session_user("tok", 99)->username == "boss");
  CHECK_FALSE(f.store->session_user("tok", 100));
  CHECK_FALSE(f.store->session_user("other", 0));
  REQUIRE(f.store->delete_session("tok").ok());
  CHECK_FALSE(f.store->session_user("tok", 0));
}

SCENARIO("archived products vanish from lists and the pinned card", "[store][products]") {
  Fixture f;
  REQUIRE(f.store->set_pin(f.booth_id, f.product_id, std::nullopt).ok());
  REQUIRE(f.store->archive_product(f.product_id).ok());
  CHECK(f.store->products(f.booth_id).empty());
  CHECK_FALSE(f.store->pin(f.booth_id));
  CHECK(f.store->archive_product(f.product_id).error().code == "not_found");
  CHECK(f.store->set_pin(f.booth_id, f.product_id, std::nullopt).error().code == "not_found");
}

SCENARIO("chat keeps the last messages and hides deleted ones", "[store][chat]") {
  Fixture f;
  for (int i = 0; i < 60; ++i) {
    domain::ChatMessage m;
    m.booth_id = f.booth_id;
    m.viewer_id = 7;
    m.nickname = "Lan";
    m.text = "tin " + std::to_string(i);
    m.ts = 2000 + i;
    REQUIRE(f.store->add_chat(m).ok());
  }
  auto recent = f.store->recent_chat(f.booth_id, 50);
  REQUIRE(recent.size() == 50);
  CHECK(recent.front().text == "tin 10");
  CHECK(recent.back().text == "tin 59");
  CHECK(f.store->delete_chat(f.booth_id, recent.back().id));
  CHECK_FALSE(f.store->delete_chat(f.booth_id, recent.back().id));
  CHECK(f.store->recent_chat(f.booth_id, 50).back().text == "tin 58");
}

SCENARIO("the schema migrates once and refuses a newer database", "[store][migrations]") {
  TempDb tmp;
  { REQUIRE(SqliteStore::open(tmp.path).ok()); }
  { REQUIRE(SqliteStore::open(tmp.path).ok()); }  // idempotent
  {
    auto db = Database::open(tmp.path);
    REQUIRE(db.ok());
    REQUIRE((*db)->exec("PRAGMA user_version=999").ok());
  }
  auto newer = SqliteStore::open(tmp.path);
  REQUIRE_FALSE(newer.ok());
  CHECK_THAT(newer.error().message, Catch::Contains("newer than this server"));
}
