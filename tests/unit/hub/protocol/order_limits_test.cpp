#include <catch2/catch.hpp>

#include <string>

#include "hub/protocol/order_limits.h"

using namespace ocop::hub::protocol;

SCENARIO("A sliding window counts events per key over the last window", "[hub][policy][order_limits]") {
  SlidingWindow<std::string> w(3, 60);
  GIVEN("three events from one key") {
    for (double t : {0.0, 10.0, 20.0}) {
      REQUIRE_FALSE(w.full("a", t));
      w.add("a", t);
    }
    THEN("the key is full until its oldest event leaves the window") {
      CHECK(w.full("a", 30));
      CHECK(w.full("a", 59.9));
      CHECK_FALSE(w.full("a", 60));  // the event at 0 is a minute old
    }
    THEN("other keys are not affected") { CHECK_FALSE(w.full("b", 30)); }
    THEN("pruning drops keys with nothing left in the window") {
      w.add("b", 50);
      w.prune(100);
      CHECK(w.keys() == 1);
      w.prune(110);
      CHECK(w.keys() == 0);
    }
  }
  GIVEN("a stream of one-off keys") {
    for (int i = 0; i < 5000; ++i) w.add("k" + std::to_string(i), i * 1.0);
    THEN("old ones are pruned on the way, so the map stays bounded") { CHECK(w.keys() < 1200); }
  }
}

SCENARIO("Order limits follow the buyer's address and cookie, not the connection",
         "[hub][policy][order_limits]") {
  OrderLimits limits(5, 3);
  GIVEN("a bot on one address with no cookie, or a fresh one per order") {
    int admitted = 0;
    for (int i = 0; i < 500; ++i)
      if (limits.admit("127.0.0.2", i % 2 ? std::optional<int64_t>(1000 + i) : std::nullopt, 1.0 + i * 0.001) ==
          OrderLimitHit::kNone)
        ++admitted;
    THEN("it gets the address's limit and no more") { CHECK(admitted == 5); }
    THEN("40 buyers, each on its own address, all get through") {
      for (int b = 1; b <= 40; ++b)
        CHECK(limits.admit("127.0.1." + std::to_string(b), 5000 + b, 2.0) == OrderLimitHit::kNone);
    }
    THEN("the full address counts: 127.0.0.20 is another client") {
      CHECK(limits.admit("127.0.0.20", std::nullopt, 2.0) == OrderLimitHit::kNone);
    }
    THEN("a minute later it may order again") {
      CHECK(limits.admit("127.0.0.2", std::nullopt, 61.5) == OrderLimitHit::kNone);
    }
  }
  GIVEN("one cookie hopping between addresses") {
    for (int i = 0; i < 3; ++i)
      REQUIRE(limits.admit("10.0.0." + std::to_string(i), 42, 1.0) == OrderLimitHit::kNone);
    THEN("the cookie's limit holds") { CHECK(limits.admit("10.0.0.9", 42, 1.0) == OrderLimitHit::kViewer); }
    THEN("a refused attempt counts against nothing") {
      CHECK(limits.admit("10.0.0.9", 42, 1.0) == OrderLimitHit::kViewer);
      for (int i = 0; i < 5; ++i) CHECK(limits.admit("10.0.0.9", std::nullopt, 1.0) == OrderLimitHit::kNone);
    }
  }
}
