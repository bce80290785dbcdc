#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "domain/napas_banks.h"
#include "domain/payment.h"
#include "domain/validate.h"

using namespace ocop::domain;
using nlohmann::json;

SCENARIO("The NAPAS bank list is data a seller picks from", "[domain][payment][banks]") {
  const auto& banks = napas_banks();
  CHECK(banks.size() >= 50);
  std::set<std::string_view> bins;
  for (const auto& b : banks) {
    CHECK(b.bin.size() == 6);
    CHECK(b.bin.find_first_not_of("0123456789") == std::string_view::npos);
    CHECK_FALSE(b.short_name.empty());
    CHECK_FALSE(b.name.empty());
    CHECK(bins.insert(b.bin).second);  // one bank per BIN
  }
  REQUIRE(find_napas_bank("970436"));
  CHECK(find_napas_bank("970436")->short_name == "Vietcombank");
  CHECK(find_napas_bank("970422")->code == "MB");
  CHECK(find_napas_bank("970405")->short_name == "Agribank");
  CHECK(find_napas_bank("123456") == nullptr);
}

SCENARIO("A booth's bank account is checked before transfers go to it", "[domain][payment]") {
  GIVEN("an account as a seller types it") {
    auto a = validate_bank_account({{"bank_bin", "970436"}, {"account_number", "0011 0012 34567"},
                                    {"account_name", "  Hợp tác xã  Chè Tân Cương  "}});
    REQUIRE(a.ok());
    THEN("the number keeps its digits and the name reads as the bank prints it") {
      CHECK(a->bank_bin == "970436");
      CHECK(a->account_number == "0011001234567");
      CHECK(a->account_name == "HOP TAC XA CHE TAN CUONG");
    }
  }
  GIVEN("bad fields") {
    auto error_of = [](json body) {
      auto r = validate_bank_account(body);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().code == "invalid");
      return r.error().message;
    };
    const json ok = {{"bank_bin", "970422"}, {"account_number", "0987654321"}, {"account_name", "Nguyễn Văn An"}};
    auto with = [&](const char* key, json value) {
      json b = ok;
      b[key] = value;
      return b;
    };
    THEN("each names its field") {
      CHECK(validate_bank_account(ok).ok());
      CHECK(error_of(with("bank_bin", "999999")).rfind("bank_bin: not a bank of the NAPAS list", 0) == 0);
      CHECK(error_of(with("bank_bin", 970422)) == "bank_bin: must be a string");
      CHECK(error_of(with("account_number", "09876x4321")) == "account_number: digits only");
      CHECK(error_of(with("account_number", "12345")) == "account_number: must be 6 to 19 digits");
      CHECK(error_of(with("account_number", std::string(20, '1'))) == "account_number: must be 6 to 19 digits");
      CHECK(error_of(with("account_name", "A")).rfind("account_name:", 0) == 0);
      CHECK(error_of(with("account_name", "An <script>")).rfind("account_name: letters", 0) == 0);
      CHECK(error_of(with("account_name", "123 456")).rfind("account_name: letters", 0) == 0);
      CHECK(error_of(with("account_name", "王小明")).rfind("account_name: letters", 0) == 0);
      json extra = ok;
      extra["branch"] = "Hà Nội";
      CHECK(error_of(extra) == "branch: unknown field");
      CHECK(error_of(json{{"bank_bin", "970422"}, {"account_number", "0987654321"}}) ==
            "account_name: is required");
    }
  }
}

SCENARIO("REST bodies about orders after placing them", "[domain][validate][risk]") {
  GIVEN("a phone to block") {
    auto b = validate_block_phone({{"phone", "+84 912 345 678"}, {"reason", "Bom hàng 3 lần ở 2 gian"}});
    REQUIRE(b.ok());
    CHECK(b->phone == "0912345678");
    CHECK(b->reason == "Bom hàng 3 lần ở 2 gian");
    CHECK(validate_block_phone({{"phone", "024 3825 1234"}, {"reason", "x"}}).error().message.rfind("phone:", 0) == 0);
    CHECK(validate_block_phone({{"phone", "0912345678"}, {"reason", "  "}}).error().message.rfind("reason:", 0) == 0);
    CHECK(validate_block_phone({{"phone", "0912345678"}}).error().message == "reason: is required");
  }
  GIVEN("a cluster to cancel") {
    auto c = validate_cancel_cluster({{"order_id", 12}, {"by", "cookie"}});
    REQUIRE(c.ok());
    CHECK(c->order_id == 12);
    CHECK(c->by == ClusterBy::kCookie);
    CHECK(validate_cancel_cluster({{"order_id", 12}, {"by", "phone"}}).error().message == "by: must be address or cookie");
    CHECK(validate_cancel_cluster({{"order_id", "12"}, {"by", "address"}}).error().message.rfind("order_id:", 0) == 0);
  }
  GIVEN("an order patch") {
    CHECK(validate_order_patch({{"status", "returned"}})->status == OrderStatus::kReturned);
    CHECK(validate_order_patch({{"paid", true}})->paid == true);
    CHECK(validate_order_patch({{"paid", false}})->paid == false);
    CHECK(validate_order_patch({{"status", "lost"}}).error().message.rfind("status: one of placed", 0) == 0);
    CHECK(validate_order_patch({{"status", 3}}).error().message.rfind("status: one of placed", 0) == 0);
    CHECK(validate_order_patch({{"paid", "yes"}}).error().message == "paid: must be true or false");
    CHECK(validate_order_patch(json::object()).error().message == "body: needs status or paid");
    CHECK(validate_order_patch({{"status", "confirmed"}, {"paid", true}}).error().message ==
          "body: status or paid, one at a time");
    CHECK(validate_order_patch({{"total", 0}}).error().message == "total: unknown field");
  }
}
