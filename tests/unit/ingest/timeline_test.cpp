#include <catch2/catch.hpp>

#include "ingest/timeline.h"

using ocop::ingest::Timeline;

SCENARIO("a booth's FLV timeline keeps moving forward across publishers", "[ingest][timeline]") {
  Timeline t;
  t.new_publisher(0);
  GIVEN("a first publisher starting at an arbitrary time") {
    CHECK(t.map(5000) == 0);
    CHECK(t.map(5040) == 40);
    CHECK(t.map(5020) == 20);  // audio slightly behind video stays slightly behind
    CHECK(t.map(6000) == 1000);
    WHEN("a second publisher restarts at 0 after 3 s off air") {
      t.new_publisher(3000);
      THEN("its first tag lands after the last output plus the gap") {
        CHECK(t.map(0) == 1000 + 1 + 3000);
        CHECK(t.map(33) == 4034);
      }
    }
  }
  GIVEN("timestamps that wrap past 2^32") {
    CHECK(t.map(0xFFFFFF00u) == 0);
    CHECK(t.map(0x00000010u) == 0x110);
  }
  GIVEN("a jump backwards larger than the start") {
    CHECK(t.map(1000) == 0);
    CHECK(t.map(500) == 0);  // clamped, never negative
  }
}
