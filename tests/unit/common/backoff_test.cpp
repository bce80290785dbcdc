#include <catch2/catch.hpp>

#include "common/backoff.h"

using ocop::restart_backoff_ms;

SCENARIO("Restarts back off after two failures in a minute", "[common][backoff]") {
  std::deque<double> failures;
  CHECK(restart_backoff_ms(failures, 100.0) == 0);
  CHECK(restart_backoff_ms(failures, 101.0) == 0);
  CHECK(restart_backoff_ms(failures, 102.0) == 1000);
  CHECK(restart_backoff_ms(failures, 104.0) == 2000);
  CHECK(restart_backoff_ms(failures, 107.0) == 4000);
  for (double t = 108; t < 120; ++t) (void)restart_backoff_ms(failures, t);
  CHECK(restart_backoff_ms(failures, 121.0) == 30000);  // capped
  WHEN("a minute passes without failures") {
    CHECK(restart_backoff_ms(failures, 300.0) == 0);
    CHECK(failures.size() == 1);
  }
}
