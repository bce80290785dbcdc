#include "hub/protocol/reaction_kind.h"

namespace ocop::hub::protocol {

std::string_view reaction_kind_name(ReactionKind kind) {
  switch (kind) {
    case ReactionKind::kHeart: return "heart";
    case ReactionKind::kLike: return "like";
    case ReactionKind::kWow: return "wow";
  }
  return "heart";
}

std::optional<ReactionKind> parse_reaction_kind(std::string_view name) {
  if (name == "heart") return ReactionKind::kHeart;
  if (name == "like") return ReactionKind::kLike;
  if (name == "wow") return ReactionKind::kWow;
  return std::nullopt;
}

void ReactionCounts::add(ReactionKind kind, int64_t n) {
  switch (kind) {
    case ReactionKind::kHeart: heart += n; break;
    case ReactionKind::kLike: like += n; break;
    case ReactionKind::kWow: wow += n; break;
  }
}

}  // namespace ocop::hub::protocol
