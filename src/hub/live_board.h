#pragma once
// The control thread's picture of every booth's live state: offline / live /
// reconnecting, the live session, viewer count and ingest figures. Ingest and
// WebRTC report here (via the control loop); REST, /metrics and the hub read
// it, and listeners hear each change once.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/thread_check.h"

namespace ocop::hub {

enum class LiveState { kOffline, kLive, kReconnecting };
const char* live_state_name(LiveState s);

struct IngestFigures {
  int64_t bitrate_bps = 0;
  double fps = 0;
  int width = 0, height = 0;
  std::string video_codec, audio_codec;
  double keyframe_interval_s = 0;
  bool bframes = false;
};

// How WebRTC viewers receive a booth, from their receiver reports.
struct DeliveryFigures {
  int viewers = 0;          // connected
  double loss = 0;          // mean fraction lost, 0..1
  double jitter_ms = 0;     // mean
  double rtt_ms = -1;       // mean; -1 until measured
};

struct BoothLive {
  LiveState state = LiveState::kOffline;
  std::optional<int64_t> live_session_id;
  int viewers = 0;
  std::optional<IngestFigures> ingest;
  std::optional<DeliveryFigures> delivery;
  bool hls = false;        // its playlist lists a segment
  bool thumbnail = false;  // a thumbnail was made
  bool live() const { return state != LiveState::kOffline; }
};

class LiveBoard {
 public:
  using Listener = std::function<void(int64_t booth_id, const BoothLive&)>;

  const BoothLive& get(int64_t booth_id) const;
  void set_state(int64_t booth_id, LiveState state, std::optional<int64_t> live_session_id);
  void set_viewers(int64_t booth_id, int viewers);
  void set_ingest(int64_t booth_id, std::optional<IngestFigures> figures);
  void set_delivery(int64_t booth_id, std::optional<DeliveryFigures> figures);
  // HLS or a thumbnail became available (both reset when the booth goes offline).
  void set_hls_ready(int64_t booth_id);
  void set_thumbnail_ready(int64_t booth_id);

  // Called on every state change (not on viewer or figure updates).
  void on_state_change(Listener l) { state_listeners_.push_back(std::move(l)); }
  void on_viewers_change(Listener l) { viewer_listeners_.push_back(std::move(l)); }

  int booths_live() const;
  int viewers_total() const;
  const std::map<int64_t, BoothLive>& all() const { return booths_; }

 private:
  ThreadChecker thread_;
  std::map<int64_t, BoothLive> booths_;
  std::vector<Listener> state_listeners_;
  std::vector<Listener> viewer_listeners_;
};

}  // namespace ocop::hub
