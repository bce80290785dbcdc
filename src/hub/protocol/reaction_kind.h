#pragma once
// Reactions viewers send (`react {kind}`) and their per-kind counts.
#include <cstdint>
#include <optional>
#include <string_view>

namespace ocop::hub::protocol {

enum class ReactionKind { kHeart, kLike, kWow };

std::string_view reaction_kind_name(ReactionKind kind);
std::optional<ReactionKind> parse_reaction_kind(std::string_view name);

struct ReactionCounts {
  int64_t heart = 0;
  int64_t like = 0;
  int64_t wow = 0;

  void add(ReactionKind kind, int64_t n = 1);
  int64_t total() const { return heart + like + wow; }
  bool empty() const { return total() == 0; }
};

}  // namespace ocop::hub::protocol
