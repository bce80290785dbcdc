#pragma once
// Muted viewers (`mute {viewer_id, minutes}`), each until a time.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>

namespace ocop::hub::protocol {

class MuteList {
 public:
  // Mutes until `until_seconds`; a later mute replaces an earlier one, even
  // a shorter one, so a moderator can shorten a mute.
  void mute(int64_t viewer_id, double until_seconds) { until_[viewer_id] = until_seconds; }
  void unmute(int64_t viewer_id) { until_.erase(viewer_id); }

  bool is_muted(int64_t viewer_id, double now_seconds) const;
  // When the mute ends, if viewer_id is muted at now_seconds.
  std::optional<double> muted_until(int64_t viewer_id, double now_seconds) const;

  // Drops ended mutes.
  void prune(double now_seconds);
  size_t size() const { return until_.size(); }

 private:
  std::unordered_map<int64_t, double> until_;
};

}  // namespace ocop::hub::protocol
