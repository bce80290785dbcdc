#pragma once
// The public JSON of a booth (DESIGN.md §3), shared by REST and the hub's
// welcome: no stream key; live state and viewers from the LiveBoard; the
// pinned card from the store.
#include <cstdint>
#include <nlohmann/json.hpp>

#include "domain/model.h"
#include "hub/live_board.h"
#include "store/store.h"

namespace ocop::hub {

nlohmann::json booth_json(store::Store& store, const LiveBoard& live, const domain::Booth& booth, int64_t now);
// The pinned card (product + deal) or null.
nlohmann::json card_of(store::Store& store, int64_t booth_id, int64_t now);

}  // namespace ocop::hub
