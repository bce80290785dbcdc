#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <utility>

#include "domain/model.h"

using namespace ocop::domain;

SCENARIO("Roles have stable names", "[domain][model][role]") {
  for (Role r : {Role::kViewer, Role::kSeller, Role::kOrganizer}) {
    CHECK(parse_role(role_name(r)) == r);
  }
  CHECK(std::string(role_name(Role::kOrganizer)) == "organizer");
  CHECK_FALSE(parse_role("admin").has_value());
  CHECK_FALSE(parse_role("Seller").has_value());
}

SCENARIO("Order status names and transitions", "[domain][model][order]") {
  const OrderStatus all[] = {OrderStatus::kPlaced, OrderStatus::kConfirmed, OrderStatus::kShipped,
                             OrderStatus::kDelivered, OrderStatus::kCancelled, OrderStatus::kReturned};
  GIVEN("the status names") {
    THEN("they round trip") {
      for (auto s : all) CHECK(parse_order_status(order_status_name(s)) == s);
      CHECK(std::string(order_status_name(OrderStatus::kCancelled)) == "cancelled");
      CHECK_FALSE(parse_order_status("canceled").has_value());
      CHECK_FALSE(parse_order_status("").has_value());
    }
  }
  GIVEN("every pair of statuses") {
    using S = OrderStatus;
    const std::set<std::pair<S, S>> allowed = {
        {S::kPlaced, S::kConfirmed},   {S::kPlaced, S::kCancelled},
        {S::kConfirmed, S::kShipped},  {S::kConfirmed, S::kCancelled},
        {S::kShipped, S::kDelivered},  {S::kShipped, S::kCancelled},
        {S::kShipped, S::kReturned},
    };
    THEN("only the forward flow, cancelling before delivery and a refused delivery are allowed") {
      for (auto from : all) {
        for (auto to : all) {
          INFO(order_status_name(from) << " -> " << order_status_name(to));
          CHECK(order_transition_allowed(from, to) == (allowed.count({from, to}) == 1));
        }
      }
    }
  }
}
