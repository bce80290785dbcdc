#include <catch2/catch.hpp>

#include <limits>

#include "hub/protocol/mute_list.h"
#include "hub/protocol/reaction_aggregator.h"
#include "hub/protocol/slow_mode_tracker.h"
#include "hub/protocol/token_bucket.h"

using namespace ocop::hub::protocol;

SCENARIO("A token bucket allows a burst, then the rate", "[hub][policy][token_bucket]") {
  GIVEN("2 per second with a burst of 3") {
    TokenBucket bucket(2, 3);
    THEN("three go at once and the fourth waits") {
      CHECK(bucket.take(100.0));
      CHECK(bucket.take(100.0));
      CHECK(bucket.take(100.0));
      CHECK_FALSE(bucket.take(100.0));
      CHECK_FALSE(bucket.take(100.4));  // 0.8 tokens
      CHECK(bucket.take(100.5));        // 1.0 token
      CHECK_FALSE(bucket.take(100.5));
    }
    THEN("a long pause refills only up to the burst") {
      for (int i = 0; i < 3; ++i) CHECK(bucket.take(0));
      CHECK(bucket.tokens() == Approx(0));
      CHECK(bucket.take(3600));
      CHECK(bucket.tokens() == Approx(2));
    }
    THEN("a clock stepping back refills nothing") {
      for (int i = 0; i < 3; ++i) CHECK(bucket.take(50));
      CHECK_FALSE(bucket.take(10));
      CHECK_FALSE(bucket.take(50.4));  // measured from 50, not from 10
      CHECK(bucket.take(50.5));
    }
  }
  GIVEN("a budget spent in amounts (a room's chat deliveries)") {
    TokenBucket budget(1000, 1000);
    THEN("an amount goes while it fits, and the refill pays for the next") {
      CHECK(budget.take(10, 600));
      CHECK_FALSE(budget.take(10, 600));  // 400 left
      CHECK(budget.take(10, 400));
      CHECK_FALSE(budget.take(10.5, 600));  // 500 refilled
      CHECK(budget.take(10.7, 600));  // ~700
      CHECK_FALSE(budget.take(11, -1));
      CHECK_FALSE(budget.take(11, std::numeric_limits<double>::quiet_NaN()));
    }
  }
  GIVEN("nonsense settings and times") {
    TokenBucket nan_rate(std::numeric_limits<double>::quiet_NaN(), 1);
    CHECK(nan_rate.take(0));
    CHECK_FALSE(nan_rate.take(1000));  // rate 0: the burst only
    TokenBucket none(5, -1);
    CHECK_FALSE(none.take(0));
    TokenBucket b(1, 1);
    CHECK(b.take(std::numeric_limits<double>::infinity()));
    CHECK_FALSE(b.take(std::numeric_limits<double>::quiet_NaN()));
  }
}

SCENARIO("Slow mode lets each viewer send once per interval", "[hub][policy][slow_mode]") {
  SlowModeTracker slow;
  GIVEN("slow mode off") {
    THEN("everything passes") {
      CHECK_FALSE(slow.enabled());
      for (int i = 0; i < 5; ++i) CHECK(slow.allow(1, 10.0));
      CHECK(slow.size() == 0);
    }
  }
  GIVEN("a 10 s interval") {
    slow.set_interval(10);
    CHECK(slow.allow(1, 100.0));
    THEN("the same viewer waits, others do not") {
      CHECK_FALSE(slow.allow(1, 105.0));
      CHECK(slow.wait_left(1, 105.0) == Approx(5.0));
      CHECK(slow.allow(2, 105.0));
      CHECK(slow.allow(1, 110.0));
      CHECK(slow.wait_left(1, 110.0) == Approx(10.0));
    }
    THEN("a refused message does not restart the wait") {
      CHECK_FALSE(slow.allow(1, 109.0));
      CHECK(slow.allow(1, 110.0));
    }
    THEN("turning it off lets everyone through at once") {
      slow.set_interval(0);
      CHECK(slow.allow(1, 100.5));
    }
    THEN("prune and forget drop old entries") {
      CHECK(slow.allow(2, 105.0));
      slow.prune(111.0);
      CHECK(slow.size() == 1);
      slow.forget(2);
      CHECK(slow.size() == 0);
    }
  }
  GIVEN("a negative interval") {
    slow.set_interval(-5);
    CHECK(slow.interval() == 0);
  }
}

SCENARIO("Mutes last until their end", "[hub][policy][mute]") {
  MuteList mutes;
  mutes.mute(17, 160.0);
  CHECK(mutes.is_muted(17, 100.0));
  CHECK(mutes.muted_until(17, 100.0) == std::optional<double>(160.0));
  CHECK(mutes.is_muted(17, 159.9));
  CHECK_FALSE(mutes.is_muted(17, 160.0));
  CHECK_FALSE(mutes.is_muted(18, 100.0));
  WHEN("a moderator mutes again for less") {
    mutes.mute(17, 120.0);
    THEN("the new end applies") { CHECK_FALSE(mutes.is_muted(17, 130.0)); }
  }
  WHEN("unmuted") {
    CHECK(mutes.unmute(17));
    CHECK_FALSE(mutes.is_muted(17, 100.0));
    CHECK_FALSE(mutes.unmute(17));
  }
  WHEN("moderators read the list") {
    mutes.mute(18, 130.0, "Lan", 1700000130);
    const auto list = mutes.active(100.0);
    REQUIRE(list.size() == 2);
    CHECK(list[0].viewer_id == 18);  // ends first
    CHECK(list[0].nickname == "Lan");
    CHECK(list[0].until_unix == 1700000130);
    CHECK(list[1].viewer_id == 17);
    CHECK(mutes.active(140.0).size() == 1);
  }
  WHEN("the mute follows the person's address") {
    mutes.follow(17, {"203.0.113.5"}, 100.0);
    THEN("a connection from there that joined after the mute is muted; one from before is not") {
      CHECK(mutes.address_muted("203.0.113.5", 101.0, 110.0));
      CHECK_FALSE(mutes.address_muted("203.0.113.5", 99.0, 110.0));
      CHECK_FALSE(mutes.address_muted("203.0.113.6", 101.0, 110.0));
      CHECK_FALSE(mutes.address_muted("203.0.113.5", 101.0, 160.0));  // the mute ended
    }
    THEN("unmuting frees the address too") {
      CHECK(mutes.unmute(17));
      CHECK_FALSE(mutes.address_muted("203.0.113.5", 101.0, 110.0));
    }
    THEN("pruning after the end forgets it") {
      mutes.prune(170.0);
      CHECK_FALSE(mutes.address_muted("203.0.113.5", 101.0, 110.0));
    }
  }
  WHEN("pruned after the end") {
    mutes.mute(18, 500.0);
    mutes.prune(200.0);
    CHECK(mutes.size() == 1);
    CHECK(mutes.is_muted(18, 200.0));
  }
}

SCENARIO("Reactions are aggregated and flushed a few times a second", "[hub][policy][reactions]") {
  ReactionAggregator agg(0.25);
  GIVEN("nothing pending") {
    THEN("nothing is due") { CHECK_FALSE(agg.due(0.0)); }
  }
  GIVEN("the first reactions in a quiet room") {
    agg.add(ReactionKind::kHeart);
    THEN("they are due at once") {
      CHECK(agg.due(0.0));
      const auto c = agg.flush(0.0);
      CHECK(c.heart == 1);
      CHECK(agg.pending().empty());
      CHECK_FALSE(agg.due(0.0));
    }
  }
  GIVEN("10,000 viewers tapping 5 times a second for 10 s") {
    int messages = 0;
    int64_t hearts = 0;
    for (int tick = 0; tick < 1000; ++tick) {  // 10 ms steps
      const double now = tick * 0.01;
      for (int v = 0; v < 500; ++v) agg.add(v % 10 == 0 ? ReactionKind::kWow : ReactionKind::kHeart);
      if (agg.due(now)) {
        const auto c = agg.flush(now);
        hearts += c.heart + c.wow;
        ++messages;
      }
    }
    hearts += agg.flush(10.0).total();
    THEN("at most 4 messages a second go out and no reaction is lost") {
      CHECK(messages <= 41);
      CHECK(messages >= 39);
      CHECK(hearts == 1000 * 500);
    }
  }
  GIVEN("a nonsense interval") {
    CHECK(ReactionAggregator(0).flush_interval() == Approx(ReactionAggregator::kDefaultFlushInterval));
    CHECK(ReactionAggregator(-1).flush_interval() == Approx(ReactionAggregator::kDefaultFlushInterval));
  }
}
