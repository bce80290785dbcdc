#include "hub/protocol/mute_list.h"

namespace ocop::hub::protocol {

bool MuteList::is_muted(int64_t viewer_id, double now) const {
  return muted_until(viewer_id, now).has_value();
}

std::optional<double> MuteList::muted_until(int64_t viewer_id, double now) const {
  const auto it = until_.find(viewer_id);
  if (it == until_.end() || !(now < it->second)) return std::nullopt;
  return it->second;
}

void MuteList::prune(double now) {
  for (auto it = until_.begin(); it != until_.end();) {
    if (now < it->second) {
      ++it;
    } else {
      it = until_.erase(it);
    }
  }
}

}  // namespace ocop::hub::protocol
