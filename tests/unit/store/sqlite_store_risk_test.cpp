#include <catch2/catch.hpp>

#include "domain/vietqr.h"
#include "store/sqlite_store.h"
#include "store_fixture.h"

using namespace ocop;
using namespace ocop::store;

namespace {

PlaceOrderRequest from(Fixture& f, const std::string& coid, const std::string& phone, const std::string& key,
                       std::optional<int64_t> viewer, int64_t now = 2000) {
  PlaceOrderRequest r = f.order(coid, 1, now);
  r.phone = phone;
  r.client_key = key;
  r.viewer_id = viewer;
  return r;
}

}  // namespace

SCENARIO("risk facts count a buyer's earlier orders at every booth", "[store][risk]") {
  Fixture f;
  auto other = f.store->create_booth({1, "HTX Mật ong", "Tuyên Quang", std::nullopt}, "key-2");
  REQUIRE(other.ok());
  domain::Product p = *f.store->product(f.product_id);
  p.booth_id = other->id;
  auto honey = f.store->create_product(p);
  REQUIRE(honey.ok());

  auto facts = [&](const std::string& phone, const std::string& key, std::optional<int64_t> viewer) {
    auto r = f.store->risk_facts({phone, key, viewer, 1500, 1000});
    REQUIRE(r.ok());
    return *r;
  };
  GIVEN("nothing ordered yet") {
    auto x = facts("0912345678", "k1", 7);
    CHECK(x.address_orders_recent == 0);
    CHECK(x.phone_orders == 0);
    CHECK(x.phone_returned == 0);
    CHECK(x.cookie_other_phones == 0);
    CHECK_FALSE(facts("0912345678", "", std::nullopt).cookie_other_phones.has_value());
  }
  GIVEN("orders from one address and one cookie, with several phones, at two booths") {
    REQUIRE(f.store->place_order(from(f, "a", "0911111111", "k1", 7, 1400)).ok());  // before the address window
    REQUIRE(f.store->place_order(from(f, "b", "0922222222", "k1", 7)).ok());
    auto at_other = from(f, "c", "0933333333", "k1", 7);
    at_other.booth_id = other->id;
    at_other.product_id = honey->id;
    REQUIRE(f.store->place_order(at_other).ok());
    auto x = facts("0944444444", "k1", 7);
    CHECK(x.address_orders_recent == 2);
    CHECK(x.phone_orders == 0);
    CHECK(x.cookie_other_phones == 3);
    CHECK(facts("0922222222", "k1", 7).cookie_other_phones == 2);  // its own phone is not "other"
    CHECK(facts("0922222222", "k2", 8).address_orders_recent == 0);
    CHECK(facts("0922222222", "k2", 8).phone_orders == 1);
    THEN("a refused delivery counts against the phone everywhere") {
      auto b = f.store->order_by_client_id(f.booth_id, "b");
      for (auto s : {OrderStatus::kConfirmed, OrderStatus::kShipped, OrderStatus::kReturned})
        REQUIRE(f.store->set_order_status(b->id, s, 2100).ok());
      CHECK(facts("0922222222", "", std::nullopt).phone_returned == 1);
      CHECK(facts("0933333333", "", std::nullopt).phone_returned == 0);
    }
  }
  GIVEN("risk codes and the client's key on an order") {
    auto r = from(f, "r", "0955555555", "abcd", 99);
    r.risk = {domain::RiskCode::kNewPhone, domain::RiskCode::kManyPhonesOneCookie};
    auto placed = f.store->place_order(r);
    REQUIRE(placed.ok());
    THEN("they are stored and read back") {
      auto o = f.store->order(placed->order.id);
      CHECK(o->risk == r.risk);
      CHECK(o->client_key == "abcd");
      CHECK(o->viewer_id == 99);
      CHECK(o->payment_method == domain::PaymentMethod::kCod);
      CHECK(o->payment_qr.empty());
      CHECK_FALSE(o->paid_at);
      CHECK(f.store->orders(f.booth_id).at(0).risk == r.risk);
    }
  }
}

SCENARIO("phones are blocked market-wide, once", "[store][risk][blocked]") {
  Fixture f;
  auto org = f.store->create_user("org", "hash", Role::kOrganizer);
  REQUIRE(org.ok());
  CHECK_FALSE(*f.store->blocked_phone("0912345678"));
  auto b = f.store->block_phone("0912345678", "Bom hàng 3 lần", org->id, 2000);
  REQUIRE(b.ok());
  CHECK(b->reason == "Bom hàng 3 lần");
  CHECK(b->blocked_by->username == "org");
  CHECK(f.store->block_phone("0912345678", "again", org->id, 2001).error().code == "conflict");
  REQUIRE(f.store->block_phone("0987654321", "Số ảo", org->id, 2002).ok());
  auto list = f.store->blocked_phones();
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK(list->at(0).phone == "0987654321");  // newest first
  CHECK((*f.store->blocked_phone("0912345678"))->created_at == 2000);
  CHECK(*f.store->unblock_phone("0912345678"));
  CHECK_FALSE(*f.store->unblock_phone("0912345678"));
  CHECK_FALSE(*f.store->blocked_phone("0912345678"));
}

SCENARIO("a bank-transfer order carries its VietQR string and is marked paid", "[store][payments]") {
  Fixture f;
  CHECK_FALSE(*f.store->bank_account(f.booth_id));
  const domain::BankAccount account{"970436", "0011001234567", "HTX CHE TAN CUONG"};
  REQUIRE(f.store->set_bank_account(f.booth_id, account, 1000).ok());
  CHECK((*f.store->bank_account(f.booth_id))->account_number == "0011001234567");

  auto r = f.order("t1", 2);
  r.payment = domain::PaymentMethod::kBankTransfer;
  GIVEN("no account in the request") {
    CHECK(f.store->place_order(r).error().code == "invalid");
  }
  r.transfer_to = account;
  auto placed = f.store->place_order(r);
  REQUIRE(placed.ok());
  const Order& o = placed->order;
  CHECK(o.payment_method == domain::PaymentMethod::kBankTransfer);
  CHECK(o.payment_qr == *domain::encode_vietqr({"970436", "0011001234567", 500000, o.code}));
  CHECK(f.store->order(o.id)->payment_qr == o.payment_qr);
  THEN("a retry reads the same string") {
    CHECK(f.store->place_order(r)->order.payment_qr == o.payment_qr);
  }
  THEN("the seller marks it paid, idempotently, and can undo it") {
    auto paid = f.store->set_order_paid(o.id, true, 2100);
    REQUIRE(paid.ok());
    CHECK(paid->paid_at == 2100);
    CHECK(f.store->set_order_paid(o.id, true, 2200)->paid_at == 2100);
    CHECK(f.store->order(o.id)->paid_at == 2100);
    CHECK_FALSE(f.store->set_order_paid(o.id, false, 2300)->paid_at);
  }
  THEN("a cash order or a cancelled one cannot be") {
    auto cod = f.store->place_order(f.order("c1", 1));
    CHECK(f.store->set_order_paid(cod->order.id, true, 2100).error().code == "conflict");
    REQUIRE(f.store->set_order_status(o.id, OrderStatus::kCancelled, 2100).ok());
    CHECK(f.store->set_order_paid(o.id, true, 2200).error().code == "conflict");
    CHECK(f.store->set_order_paid(999, true, 2200).error().code == "not_found");
  }
  THEN("the account can be removed") {
    REQUIRE(f.store->clear_bank_account(f.booth_id).ok());
    CHECK_FALSE(*f.store->bank_account(f.booth_id));
  }
}

SCENARIO("the sales report counts standing and refused orders per booth and group", "[store][report]") {
  Fixture f;
  auto a = f.store->place_order(f.order("a", 2));
  auto b = f.store->place_order(f.order("b", 1));
  auto c = f.store->place_order(f.order("c", 3));
  REQUIRE((a.ok() && b.ok() && c.ok()));
  for (auto s : {OrderStatus::kConfirmed, OrderStatus::kShipped, OrderStatus::kReturned})
    REQUIRE(f.store->set_order_status(b->order.id, s, 2100).ok());
  REQUIRE(f.store->set_order_status(c->order.id, OrderStatus::kCancelled, 2100).ok());
  auto empty = f.store->create_booth({1, "Gian trống", "Huế", std::nullopt}, "key-3");
  REQUIRE(empty.ok());
  auto r = f.store->sales_report(1);
  REQUIRE(r.ok());
  REQUIRE(r->booths.size() == 2);
  const auto& s = r->booths[0].sales;
  CHECK(r->booths[0].name == "HTX Chè");
  CHECK(s.orders == 1);
  CHECK(s.units == 2);
  CHECK(s.revenue == 500000);
  CHECK(s.returned_orders == 1);
  CHECK(s.returned_units == 1);
  CHECK(r->booths[1].sales.orders == 0);
  CHECK(r->booths[1].sales.revenue == 0);
  REQUIRE(r->groups.size() == 1);
  CHECK(r->groups[0].group == "beverage");
  CHECK(r->groups[0].sales.units == 2);
  CHECK(r->groups[0].sales.returned_orders == 1);
}
