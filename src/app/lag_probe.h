#pragma once
// Measures how late the control loop runs a 100 ms timer, into a
// histogram for /metrics: a stall of the thread that holds the hub, REST and
// websockets (a slow query, a blocking GStreamer call) shows up as lag.
#include <glib.h>

#include <string>

#include "common/lag_histogram.h"

namespace ocop {

class LagProbe {
 public:
  LagProbe();
  ~LagProbe();
  LagProbe(const LagProbe&) = delete;
  LagProbe& operator=(const LagProbe&) = delete;

  std::string metrics() const;

 private:
  static gboolean tick(gpointer self);

  static constexpr gint64 kIntervalUs = 100'000;
  LagHistogram histogram_;
  gint64 expected_us_ = 0;
  guint source_ = 0;
};

}  // namespace ocop
