#pragma once
#include <cstdint>

#include "common/result.h"
#include "store/store.h"

namespace ocop::store {
// Seeds the demo market day and accounts (organizer/organizer, seller{i}/
// seller{i} owning booth i) when the store holds no market day yet.
// Returns true when it seeded.
Result<bool> seed_demo_if_empty(Store& store, int64_t now);
}  // namespace ocop::store
