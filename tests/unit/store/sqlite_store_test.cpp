#include <set>

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

#include "store/sqlite_store.h"
#include "store_fixture.h"

using namespace ocop;
using namespace ocop::store;


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
  d.per_buyer = 10;  // one phone buys here; the per-buyer cap has its own scenario
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

SCENARIO("a deal caps the units one buyer holds, by phone or viewer cookie", "[store][deals]") {
  Fixture f;
  Deal d;
  d.price = 199000;
  d.quantity = 8;
  d.ends_at = 3000;
  d.per_buyer = 2;
  REQUIRE(f.store->set_pin(f.booth_id, f.product_id, d).ok());
  CHECK(f.store->pin(f.booth_id)->deal->per_buyer == 2);
  auto as = [&](const std::string& coid, int64_t qty, const std::string& phone, std::optional<int64_t> viewer) {
    PlaceOrderRequest r = f.order(coid, qty);
    r.phone = phone;
    r.viewer_id = viewer;
    auto placed = f.store->place_order(r);
    REQUIRE(placed.ok());
    return placed->outcome;
  };
  GIVEN("one phone") {
    CHECK(as("p1", 1, "0911111111", std::nullopt) == PlaceOutcome::kPlaced);
    CHECK(as("p2", 2, "0911111111", std::nullopt) == PlaceOutcome::kLimitPerBuyer);
    CHECK(as("p3", 1, "0911111111", 77) == PlaceOutcome::kPlaced);
    CHECK(as("p4", 1, "0911111111", 78) == PlaceOutcome::kLimitPerBuyer);
    THEN("a cancelled order frees its share") {
      auto first = f.store->order_by_client_id(f.booth_id, "p1");
      REQUIRE(f.store->set_order_status(first->id, OrderStatus::kCancelled, 2100).ok());
      CHECK(as("p5", 1, "0911111111", std::nullopt) == PlaceOutcome::kPlaced);
    }
  }
  GIVEN("one viewer cookie with different phones") {
    CHECK(as("v1", 2, "0922222222", 500) == PlaceOutcome::kPlaced);
    CHECK(as("v2", 1, "0933333333", 500) == PlaceOutcome::kLimitPerBuyer);
    THEN("other buyers are not affected") {
      CHECK(as("v3", 2, "0944444444", 501) == PlaceOutcome::kPlaced);
      CHECK(as("v4", 2, "0955555555", std::nullopt) == PlaceOutcome::kPlaced);
    }
  }
  GIVEN("an order larger than the cap") { CHECK(as("big", 3, "0966666666", 9) == PlaceOutcome::kLimitPerBuyer); }
  THEN("without a deal there is no cap") {
    REQUIRE(f.store->clear_pin(f.booth_id).ok());
    CHECK(as("n1", 3, "0911111111", 1) == PlaceOutcome::kPlaced);
    CHECK(as("n2", 3, "0911111111", 1) == PlaceOutcome::kPlaced);
  }
}

SCENARIO("cancelling or returning a deal order gives its units back to the deal and the stock",
         "[store][deals][orders]") {
  Fixture f;
  Deal d;
  d.price = 99000;
  d.quantity = 5;
  d.ends_at = 3000;
  d.per_buyer = 5;
  REQUIRE(f.store->set_pin(f.booth_id, f.product_id, d).ok());
  auto a = f.store->place_order(f.order("a", 3));
  auto b = f.store->place_order(f.order("b", 2));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(f.store->pin(f.booth_id)->deal->remaining() == 0);
  REQUIRE(f.store->product(f.product_id)->stock == 5);
  using S = OrderStatus;
  WHEN("the deal still runs") {
    auto c = f.store->set_order_status(a->order.id, S::kCancelled, 2100);
    REQUIRE(c.ok());
    REQUIRE(c->deal);
    CHECK(c->deal->remaining() == 3);
    CHECK(*c->stock == 8);
    CHECK(f.store->pin(f.booth_id)->deal->remaining() == 3);
    THEN("the units are for the next buyer") {
      CHECK(f.store->place_order(f.order("c", 3))->outcome == PlaceOutcome::kPlaced);
    }
  }
  WHEN("the deal has ended and the order comes back undelivered") {
    REQUIRE(f.store->set_order_status(b->order.id, S::kConfirmed, 3100).ok());
    REQUIRE(f.store->set_order_status(b->order.id, S::kShipped, 3200).ok());
    auto r = f.store->set_order_status(b->order.id, S::kReturned, 3300);
    REQUIRE(r.ok());
    CHECK(r->order.status == S::kReturned);
    CHECK(r->deal->remaining() == 2);
    CHECK(*r->stock == 7);
    CHECK(f.store->order(b->order.id)->status == S::kReturned);
    CHECK_FALSE(f.store->set_order_status(b->order.id, S::kCancelled, 3400).ok());
    CHECK(f.store->pin(f.booth_id)->deal->remaining() == 2);
  }
  WHEN("an order without a deal is cancelled") {
    REQUIRE(f.store->clear_pin(f.booth_id).ok());
    auto plain = f.store->place_order(f.order("plain", 1, 4000));
    REQUIRE(plain.ok());
    auto c = f.store->set_order_status(plain->order.id, S::kCancelled, 4100);
    REQUIRE(c.ok());
    CHECK_FALSE(c->deal);
    CHECK(*c->stock == 5);
  }
}

SCENARIO("the hourly phone count is per booth", "[store][orders]") {
  Fixture f;
  auto other = f.store->create_booth({1, "HTX Mật ong", "Hà Giang", std::nullopt}, "key-2");
  REQUIRE(other.ok());
  REQUIRE(f.store->place_order(f.order("h1", 1, 2000)).ok());
  REQUIRE(f.store->place_order(f.order("h2", 1, 2500)).ok());
  CHECK(f.store->count_orders_by_phone_since(f.booth_id, "0912345678", 1000) == 2);
  CHECK(f.store->count_orders_by_phone_since(f.booth_id, "0912345678", 2100) == 1);
  CHECK(f.store->count_orders_by_phone_since(other->id, "0912345678", 1000) == 0);
  CHECK(f.store->count_orders_by_phone_since(f.booth_id, "0900000000", 1000) == 0);
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

SCENARIO("a new password ends the account's sessions; profiles are kept", "[store][users]") {
  Fixture f;
  domain::User profile;
  profile.display_name = "Chị Lan";
  profile.phone = "0912345678";
  auto lan = f.store->create_user("sen.hue", "h1", Role::kSeller, profile);
  REQUIRE(lan.ok());
  CHECK(f.store->user(lan->id)->display_name == "Chị Lan");
  CHECK(f.store->user(lan->id)->phone == "0912345678");
  REQUIRE(f.store->create_session("a", lan->id, 100).ok());
  REQUIRE(f.store->create_session("b", lan->id, 100).ok());
  REQUIRE(f.store->set_password(lan->id, "h2").ok());
  CHECK_FALSE(f.store->session_user("a", 0));
  CHECK_FALSE(f.store->session_user("b", 0));
  CHECK(f.store->credentials("sen.hue")->password_hash == "h2");
  CHECK(f.store->set_password(99999, "h").error().code == "not_found");
}

SCENARIO("disabled accounts have no sessions; other sessions end; expired ones are purged", "[store][users]") {
  Fixture f;
  auto lan = f.store->create_user("lan", "h", Role::kSeller);
  REQUIRE(lan.ok());
  REQUIRE(f.store->create_session("keep", lan->id, 100).ok());
  REQUIRE(f.store->create_session("lost", lan->id, 100).ok());
  REQUIRE(f.store->create_session("old", lan->id, 50).ok());
  CHECK(*f.store->end_other_sessions(lan->id, "keep") == 2);
  CHECK(f.store->session_user("keep", 0));
  CHECK_FALSE(f.store->session_user("lost", 0));
  REQUIRE(f.store->create_session("old2", lan->id, 50).ok());
  CHECK(f.store->purge_sessions(50) == 1);
  CHECK(f.store->session_user("keep", 60));
  REQUIRE(f.store->set_disabled(lan->id, true, 70).ok());
  CHECK_FALSE(f.store->session_user("keep", 0));
  CHECK(f.store->credentials("lan")->disabled);
  CHECK(f.store->user(lan->id)->disabled);
  REQUIRE(f.store->create_session("after", lan->id, 100).ok());
  CHECK_FALSE(f.store->session_user("after", 0));  // no session of a disabled account counts
  REQUIRE(f.store->set_disabled(lan->id, false, 80).ok());
  CHECK(f.store->session_user("after", 0));
  CHECK_FALSE(f.store->credentials("lan")->disabled);
  CHECK(f.store->set_disabled(99999, true, 1).error().code == "not_found");
}

SCENARIO("booths are deleted with their products, unless they have history", "[store][admin]") {
  Fixture f;
  REQUIRE(f.store->add_product_photo(f.product_id, "aa11", 100, 100, 2000, 8).ok());
  REQUIRE(f.store->set_certificate_photo(f.product_id, "cc33").ok());
  domain::ChatMessage m;
  m.booth_id = f.booth_id;
  m.nickname = "Lan";
  m.text = "chào";
  m.ts = 2000;
  REQUIRE(f.store->add_chat(m).ok());
  REQUIRE(f.store->start_live_session(f.booth_id, 2000).ok());
  REQUIRE(f.store->set_pin(f.booth_id, f.product_id, std::nullopt).ok());
  WHEN("it has an order") {
    REQUIRE(f.store->place_order(f.order("o1", 1)).ok());
    auto r = f.store->delete_booth(f.booth_id);
    CHECK(r.error().rule == "has_orders");
    CHECK(f.store->booth(f.booth_id));
    CHECK(f.store->product(f.product_id));
    auto day = f.store->delete_market_day(f.store->booth(f.booth_id)->market_day_id);
    CHECK(day.error().rule == "has_orders");
  }
  WHEN("it has none, and a copied booth shares one photo") {
    auto day2 = f.store->create_market_day({0, "Phiên sau", 9000, 12000});
    REQUIRE(day2.ok());
    auto copied = f.store->copy_booths(f.store->booth(f.booth_id)->market_day_id, day2->id, [] { return std::string("key-2"); });
    REQUIRE(copied.ok());
    REQUIRE(copied->booth_ids.size() == 1);
    auto r = f.store->delete_booth(f.booth_id);
    REQUIRE(r.ok());
    CHECK(r->empty());  // both files are still used by the copy
    CHECK_FALSE(f.store->booth(f.booth_id));
    CHECK_FALSE(f.store->product(f.product_id));
    CHECK(f.store->recent_chat(f.booth_id, 10).empty());
    AND_WHEN("the copy's day goes too") {
      auto gone = f.store->delete_market_day(day2->id);
      REQUIRE(gone.ok());
      CHECK(std::set<std::string>(gone->begin(), gone->end()) == std::set<std::string>{"aa11", "cc33"});
      CHECK_FALSE(f.store->market_day(day2->id));
      CHECK_FALSE(f.store->booth(copied->booth_ids[0]));
    }
  }
  CHECK(f.store->delete_booth(99999).error().code == "not_found");
}

SCENARIO("a certificate photo sends the claim back to pending", "[store][products]") {
  Fixture f;
  auto approved = *f.store->product(f.product_id);
  approved.ocop_status = domain::OcopStatus::kApproved;
  REQUIRE(f.store->update_product(approved).ok());
  REQUIRE(f.store->product(f.product_id)->ocop_status == domain::OcopStatus::kApproved);
  auto first = f.store->set_certificate_photo(f.product_id, "dd44");
  REQUIRE(first.ok());
  CHECK(first->empty());
  CHECK(f.store->product(f.product_id)->certificate_photo == "dd44");
  CHECK(f.store->product(f.product_id)->ocop_status == domain::OcopStatus::kPending);
  CHECK(f.store->photo_in_use("dd44"));
  auto second = f.store->set_certificate_photo(f.product_id, "");
  CHECK(*second == "dd44");
  CHECK_FALSE(f.store->photo_in_use("dd44"));
  CHECK(f.store->set_certificate_photo(99999, "x").error().code == "not_found");
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
