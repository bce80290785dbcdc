#pragma once
// A temporary SQLite store with one market day, one booth (seller1's) and
// one product with 10 in stock, shared by the store tests.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "store/sqlite_store.h"

namespace ocop::store::testing {

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

}  // namespace ocop::store::testing

using namespace ocop::store::testing;
