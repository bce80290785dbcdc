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
  std::vector<std::string> addresses;  // where the viewer was connected from when muted
};

class MuteList {
 public:
  // Mutes until `until_seconds`; a later mute replaces an earlier one, even
  // a shorter one, so a moderator can shorten a mute.
  void mute(int64_t viewer_id, double until_seconds, std::string nickname = {}, int64_t until_unix = 0) {
    until_[viewer_id] = MuteEntry{viewer_id, std::move(nickname), until_seconds, until_unix};
  }
  // The mute also follows the person to a new viewer id (a dropped cookie)
  // from one of `addresses`: a connection from there that joined after
  // `since` is muted until the same end. Connections already there before
  // the mute (neighbours behind the same carrier NAT) are not.
  void follow(int64_t viewer_id, std::vector<std::string> addresses, double since);
  bool address_muted(const std::string& address, double joined_at, double now_seconds) const;
  // False when viewer_id was not muted.
  bool unmute(int64_t viewer_id);

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
  struct AddressMute {
    int64_t viewer_id;
    double since;
  };
  std::unordered_map<std::string, AddressMute> by_address_;
};

}  // namespace ocop::hub::protocol
