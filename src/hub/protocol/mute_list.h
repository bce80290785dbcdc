#pragma once
// Muted viewers (`mute {viewer_id, minutes}`), each until a time, with the
// nickname they had so moderators can read the list and unmute.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ocop::hub::protocol {

struct MuteEntry {
  int64_t viewer_id = 0;
  std::string nickname;  // "" when the viewer was not seen
  double until = 0;      // monotonic seconds
  int64_t until_unix = 0;
};

class MuteList {
 public:
  // Mutes until `until_seconds`; a later mute replaces an earlier one, even
  // a shorter one, so a moderator can shorten a mute.
  void mute(int64_t viewer_id, double until_seconds, std::string nickname = {}, int64_t until_unix = 0) {
    until_[viewer_id] = MuteEntry{viewer_id, std::move(nickname), until_seconds, until_unix};
  }
  // False when viewer_id was not muted.
  bool unmute(int64_t viewer_id) { return until_.erase(viewer_id) > 0; }

  bool is_muted(int64_t viewer_id, double now_seconds) const;
  // When the mute ends, if viewer_id is muted at now_seconds.
  std::optional<double> muted_until(int64_t viewer_id, double now_seconds) const;

  // Drops ended mutes.
  void prune(double now_seconds);
  size_t size() const { return until_.size(); }
  // The mutes still running at now_seconds, soonest end first.
  std::vector<MuteEntry> active(double now_seconds) const;

 private:
  std::unordered_map<int64_t, MuteEntry> until_;
};

}  // namespace ocop::hub::protocol
