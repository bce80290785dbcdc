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
  for (auto it = by_address_.begin(); it != by_address_.end();)
    it = until_.count(it->second.viewer_id) ? std::next(it) : by_address_.erase(it);
}

void MuteList::follow(int64_t viewer_id, std::vector<std::string> addresses, double since) {
  auto it = until_.find(viewer_id);
  if (it == until_.end()) return;
  for (const auto& a : addresses) by_address_[a] = AddressMute{viewer_id, since};
  it->second.addresses = std::move(addresses);
}

bool MuteList::address_muted(const std::string& address, double joined_at, double now) const {
  auto a = by_address_.find(address);
  if (a == by_address_.end() || joined_at < a->second.since) return false;
  return is_muted(a->second.viewer_id, now);
}

bool MuteList::unmute(int64_t viewer_id) {
  auto it = until_.find(viewer_id);
  if (it == until_.end()) return false;
  for (const auto& a : it->second.addresses) {
    auto m = by_address_.find(a);
    if (m != by_address_.end() && m->second.viewer_id == viewer_id) by_address_.erase(m);
  }
  until_.erase(it);
  return true;
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
