#include <catch2/catch.hpp>

#include <vector>

#include "domain/risk.h"

using namespace ocop::domain;

namespace {
std::vector<RiskCode> risk(RiskFacts f) { return assess_risk(f, RiskThresholds{3, 3}); }
}  // namespace

SCENARIO("Risk codes come from what the store counted", "[domain][risk]") {
  GIVEN("a known phone, no refusals, a quiet address, no cookie") {
    THEN("no code") { CHECK(risk({0, 4, 0, std::nullopt}).empty()); }
  }
  GIVEN("a phone never seen before") {
    THEN("new_phone") { CHECK(risk({0, 0, 0, std::nullopt}) == std::vector{RiskCode::kNewPhone}); }
  }
  GIVEN("a phone that refused a parcel at any booth") {
    THEN("phone_refused_before") {
      CHECK(risk({0, 3, 1, std::nullopt}) == std::vector{RiskCode::kPhoneRefusedBefore});
    }
  }
  GIVEN("earlier orders from the same address within the window") {
    THEN("the third order, this one included, is many_from_address") {
      CHECK(risk({1, 1, 0, std::nullopt}).empty());
      CHECK(risk({2, 1, 0, std::nullopt}) == std::vector{RiskCode::kManyFromAddress});
      CHECK(risk({40, 1, 0, std::nullopt}) == std::vector{RiskCode::kManyFromAddress});
    }
  }
  GIVEN("other phones on the same viewer cookie") {
    THEN("a third phone is many_phones_one_cookie; no cookie counts nothing") {
      CHECK(risk({0, 1, 0, 1}).empty());
      CHECK(risk({0, 1, 0, 2}) == std::vector{RiskCode::kManyPhonesOneCookie});
      CHECK(risk({0, 1, 0, std::nullopt}).empty());
    }
  }
  GIVEN("everything at once") {
    THEN("every code, in the contract's order") {
      CHECK(risk({5, 0, 0, 4}) ==
            std::vector{RiskCode::kManyFromAddress, RiskCode::kNewPhone, RiskCode::kManyPhonesOneCookie});
      CHECK(assess_risk({5, 2, 2, 4}, {3, 3}) == std::vector{RiskCode::kManyFromAddress, RiskCode::kPhoneRefusedBefore,
                                                               RiskCode::kManyPhonesOneCookie});
    }
  }
  GIVEN("other thresholds from config") {
    THEN("they move the lines") {
      CHECK(assess_risk({1, 1, 0, 1}, {2, 2}) ==
            std::vector{RiskCode::kManyFromAddress, RiskCode::kManyPhonesOneCookie});
      CHECK(assess_risk({8, 1, 0, 8}, {10, 10}).empty());
    }
  }
}

SCENARIO("Risk code names are the contract's", "[domain][risk]") {
  for (auto c : {RiskCode::kManyFromAddress, RiskCode::kNewPhone, RiskCode::kPhoneRefusedBefore,
                 RiskCode::kManyPhonesOneCookie})
    CHECK(parse_risk_code(risk_code_name(c)) == c);
  CHECK(std::string(risk_code_name(RiskCode::kManyPhonesOneCookie)) == "many_phones_one_cookie");
  CHECK_FALSE(parse_risk_code("bot").has_value());
  CHECK(parse_payment_method("bank_transfer") == PaymentMethod::kBankTransfer);
  CHECK(std::string(payment_method_name(PaymentMethod::kCod)) == "cod");
  CHECK_FALSE(parse_payment_method("momo").has_value());
}

SCENARIO("A cluster is the open orders of one address or one cookie", "[domain][risk][cluster]") {
  auto order = [](int64_t id, std::string key, std::optional<int64_t> viewer, OrderStatus status = OrderStatus::kPlaced) {
    Order o;
    o.id = id;
    o.client_key = std::move(key);
    o.viewer_id = viewer;
    o.status = status;
    return o;
  };
  const std::vector<Order> orders = {
      order(1, "aaaa", 7), order(2, "aaaa", std::nullopt), order(3, "bbbb", 7),
      order(4, "aaaa", 8, OrderStatus::kShipped), order(5, "aaaa", 7, OrderStatus::kConfirmed),
      order(6, "aaaa", 7, OrderStatus::kCancelled), order(7, "", std::nullopt),
  };
  auto ids = [](const std::vector<Order>& v) {
    std::vector<int64_t> out;
    for (const auto& o : v) out.push_back(o.id);
    return out;
  };
  CHECK(ids(order_cluster(orders, orders[0], ClusterBy::kAddress)) == std::vector<int64_t>{1, 2, 5});
  CHECK(ids(order_cluster(orders, orders[0], ClusterBy::kCookie)) == std::vector<int64_t>{1, 3, 5});
  THEN("an order without that key has no cluster") {
    CHECK(order_cluster(orders, orders[1], ClusterBy::kCookie).empty());
    CHECK(order_cluster(orders, orders[6], ClusterBy::kAddress).empty());
  }
  THEN("a shipped anchor still names its cluster, without itself") {
    CHECK(ids(order_cluster(orders, orders[3], ClusterBy::kAddress)) == std::vector<int64_t>{1, 2, 5});
  }
  CHECK(parse_cluster_by("cookie") == ClusterBy::kCookie);
  CHECK_FALSE(parse_cluster_by("phone").has_value());
}
