#include <catch2/catch.hpp>

#include "common/lag_histogram.h"

using ocop::LagHistogram;

SCENARIO("control-loop lag is counted in cumulative Prometheus buckets", "[common][metrics]") {
  LagHistogram h;
  for (double s : {0.001, 0.004, 0.02, 0.3, 7.0, -1.0}) h.observe(s);
  CHECK(h.count() == 6);
  CHECK(h.max() == Approx(7.0));
  CHECK(h.sum() == Approx(0.001 + 0.004 + 0.02 + 0.3 + 7.0));
  const std::string text = h.prometheus("lag_seconds", "How late.");
  CHECK_THAT(text, Catch::Contains("# TYPE lag_seconds histogram\n"));
  CHECK_THAT(text, Catch::Contains("lag_seconds_bucket{le=\"0.005\"} 3\n"));  // -1 counts as 0
  CHECK_THAT(text, Catch::Contains("lag_seconds_bucket{le=\"0.025\"} 4\n"));
  CHECK_THAT(text, Catch::Contains("lag_seconds_bucket{le=\"0.5\"} 5\n"));
  CHECK_THAT(text, Catch::Contains("lag_seconds_bucket{le=\"5\"} 5\n"));
  CHECK_THAT(text, Catch::Contains("lag_seconds_bucket{le=\"+Inf\"} 6\n"));
  CHECK_THAT(text, Catch::Contains("lag_seconds_count 6\n"));
}
