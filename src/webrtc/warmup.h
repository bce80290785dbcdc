#pragma once
// The first webrtcbin answer in a process costs 0.5-3 s (DTLS certificate,
// loading and initialising plugins); later ones ~40-90 ms. At start-up, two
// throw-away webrtcbins negotiate with each other so the first real viewer
// does not pay. Runs in the background; start-up does not wait for it.
#include "common/control_loop.h"
#include "webrtc/ice_options.h"

namespace ocop::webrtc {
void warm_up(ControlLoop& loop, const IceOptions& ice);
}  // namespace ocop::webrtc
