#include "hub/protocol/mute_list.h"

#include <algorithm>

namespace ocop::hub::protocol {

bool MuteList::is_muted(int64_t viewer_id, double now) const {
  return muted_until(viewer_id, now).has_value();
}

std::optional<double> MuteList::muted_until(int64_t viewer_id, double now) const {
  const auto it = until_.find(viewer_id);
  if (it == until_.end() || !(now < it->second.until)) return std::nullopt;
  return it->second.until;
}

void MuteList::prune(double now) {
  for (auto it = until_.begin(); it != until_.end();) {
    if (now < it->second.until) {
      ++it;
    } else {
      it = until_.erase(it);
    }
  }
}

std::vector<MuteEntry> MuteList::active(double now) const {
  std::vector<MuteEntry> out;
  for (const auto& [id, e] : until_)
    if (now < e.until) out.push_back(e);
  std::sort(out.begin(), out.end(), [](const MuteEntry& a, const MuteEntry& b) {
    return a.until != b.until ? a.until < b.until : a.viewer_id < b.viewer_id;
  });
  return out;
}

}  // namespace ocop::hub::protocol
