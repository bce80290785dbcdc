#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "hub/protocol/client_message.h"

using namespace ocop::hub::protocol;
using nlohmann::json;

namespace {

json valid_order() {
  return {
      {"type", "order"},
      {"client_order_id", "c-1f3a_9"},
      {"product_id", 12},
      {"qty", 2},
      {"name", " Chị Lan "},
      {"phone", "+84 91 234 5678"},
      {"address", "12 Hàng Bạc, Hoàn Kiếm, Hà Nội"},
  };
}

std::string outcome(const json& message) {
  auto r = parse_client_message(message.dump());
  if (r.ok()) return "ok";
  return r.error().code + ": " + r.error().message;
}

std::string with(const char* key, const json& value) {
  json m = valid_order();
  m[key] = value;
  return outcome(m);
}

}  // namespace

SCENARIO("order carries the product, quantity and the buyer", "[hub][protocol][order]") {
  GIVEN("a valid order") {
    auto r = parse_client_message(valid_order().dump());
    REQUIRE(r.ok());
    REQUIRE(std::holds_alternative<PlaceOrder>(*r));
    const auto& o = std::get<PlaceOrder>(*r);
    CHECK(o.client_order_id == "c-1f3a_9");
    CHECK(o.product_id == 12);
    CHECK(o.qty == 2);
    CHECK(o.name == "Chị Lan");
    CHECK(o.phone == "0912345678");  // normalized
    CHECK(o.address == "12 Hàng Bạc, Hoàn Kiếm, Hà Nội");
    CHECK(o.note == "");
  }
  GIVEN("a note with a line break") {
    json m = valid_order();
    m["note"] = "Giao buổi sáng\nGọi trước 15 phút";
    auto r = parse_client_message(m.dump());
    REQUIRE(r.ok());
    CHECK(std::get<PlaceOrder>(*r).note == "Giao buổi sáng\nGọi trước 15 phút");
  }
  GIVEN("bad fields") {
    CHECK(with("qty", 0) == "invalid: qty: must be an integer from 1 to 100");
    CHECK(with("qty", 101) == "invalid: qty: must be an integer from 1 to 100");
    CHECK(with("qty", 2.0) == "invalid: qty: must be an integer from 1 to 100");
    CHECK(with("qty", "2") == "invalid: qty: must be an integer from 1 to 100");
    CHECK(with("qty", json::parse("1e300")) == "invalid: qty: must be an integer from 1 to 100");
    CHECK(with("product_id", -12) == "invalid: product_id: must be an integer >= 1");
    CHECK(with("product_id", json::parse("9223372036854775808")) ==
          "invalid: product_id: must be an integer >= 1");
    CHECK(with("phone", "0243 826 1234") ==
          "invalid: phone: must be a Vietnamese mobile number, e.g. 0912 345 678");
    CHECK(with("address", "ngắn") == "invalid: address: must be 10 to 300 characters");
    CHECK(with("name", "") == "invalid: name: must not be empty");
    CHECK(with("note", std::string(501, 'n')) == "invalid: note: must be at most 500 characters");
    CHECK(with("client_order_id", "") == "invalid: client_order_id: must be 1 to 64 bytes");
    CHECK(with("client_order_id", std::string(65, 'a')) == "invalid: client_order_id: must be 1 to 64 bytes");
    CHECK(with("client_order_id", std::string(64, 'a')) == "ok");
    CHECK(with("client_order_id", "abc def") == "invalid: client_order_id: must be 1 to 64 of A-Z a-z 0-9 _ -");
    CHECK(with("client_order_id", "đơn-1") == "invalid: client_order_id: must be 1 to 64 of A-Z a-z 0-9 _ -");
    CHECK(with("client_order_id", 17) == "invalid: client_order_id: must be a string");
  }
  GIVEN("missing fields") {
    for (const char* key : {"client_order_id", "product_id", "qty", "name", "phone", "address"}) {
      json m = valid_order();
      m.erase(key);
      INFO(key);
      CHECK(outcome(m) == std::string("invalid: ") + key + ": is required");
    }
  }
}

SCENARIO("order says how it is paid", "[hub][protocol][order][payment]") {
  auto payment_of = [](const json& m) {
    auto r = parse_client_message(m.dump());
    REQUIRE(r.ok());
    return std::get<PlaceOrder>(*r).payment;
  };
  json m = valid_order();
  CHECK(payment_of(m) == ocop::domain::PaymentMethod::kCod);
  m["payment"] = nullptr;
  CHECK(payment_of(m) == ocop::domain::PaymentMethod::kCod);
  m["payment"] = "cod";
  CHECK(payment_of(m) == ocop::domain::PaymentMethod::kCod);
  m["payment"] = "bank_transfer";
  CHECK(payment_of(m) == ocop::domain::PaymentMethod::kBankTransfer);
  CHECK(with("payment", "momo") == "invalid: payment: must be cod or bank_transfer");
  CHECK(with("payment", "") == "invalid: payment: must be 1 to 32 bytes");
  CHECK(with("payment", true) == "invalid: payment: must be a string");
  m["payment"] = "momo";
  CHECK(peek_client_order_id(m.dump()) == "c-1f3a_9");
}

SCENARIO("A bad order still yields its client_order_id", "[hub][protocol][order][peek]") {
  GIVEN("an order whose qty is wrong") {
    json m = valid_order();
    m["qty"] = 1000;
    const std::string text = m.dump();
    REQUIRE(parse_client_message(text).error().code == "invalid");
    THEN("peek returns the id for order_rejected") {
      CHECK(peek_client_order_id(text) == std::optional<std::string>("c-1f3a_9"));
      CHECK(client_order_id_of(m) == std::optional<std::string>("c-1f3a_9"));
    }
  }
  GIVEN("messages without a usable id") {
    THEN("peek returns nothing") {
      CHECK_FALSE(peek_client_order_id(R"({"type":"order","client_order_id":"has space"})"));
      CHECK_FALSE(peek_client_order_id(R"({"type":"order","client_order_id":5})"));
      CHECK_FALSE(peek_client_order_id(R"({"type":"order"})"));
      CHECK_FALSE(peek_client_order_id(R"({"type":"chat","client_order_id":"abc"})"));
      CHECK_FALSE(peek_client_order_id(R"(["order"])"));
      CHECK_FALSE(peek_client_order_id("not json"));
      CHECK_FALSE(peek_client_order_id("{\"type\":\"order\",\"client_order_id\":\"a\xC0\xAF\"}"));
    }
  }
  GIVEN("an id check") {
    CHECK(is_valid_client_order_id("A-z_09"));
    CHECK_FALSE(is_valid_client_order_id(""));
    CHECK_FALSE(is_valid_client_order_id("a.b"));
    CHECK_FALSE(is_valid_client_order_id(std::string(65, 'x')));
  }
}
