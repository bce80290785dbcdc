#include "app/lag_probe.h"

namespace ocop {

LagProbe::LagProbe() {
  expected_us_ = g_get_monotonic_time() + kIntervalUs;
  source_ = g_timeout_add(kIntervalUs / 1000, &LagProbe::tick, this);
}

LagProbe::~LagProbe() {
  if (source_) g_source_remove(source_);
}

gboolean LagProbe::tick(gpointer self_ptr) {
  auto* self = static_cast<LagProbe*>(self_ptr);
  const gint64 now = g_get_monotonic_time();
  self->histogram_.observe(static_cast<double>(now - self->expected_us_) / 1e6);
  self->expected_us_ = now + kIntervalUs;
  return G_SOURCE_CONTINUE;
}

std::string LagProbe::metrics() const {
  return histogram_.prometheus("ocoplive_control_loop_lag_seconds",
                               "How late the control loop ran a 100 ms timer (stalls of the hub, REST and websockets).");
}

}  // namespace ocop
