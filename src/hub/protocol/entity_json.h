#pragma once
// JSON of the records the hub and REST both serve (DESIGN.md §3 "JSON
// conventions"). One serializer per record, so a field name is spelled once.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/model.h"

namespace ocop::hub::protocol {

// A deal on a pinned card as viewers see it.
struct DealState {
  int64_t price = 0;
  int64_t quantity = 0;
  int64_t remaining = 0;
  int64_t ends_at = 0;  // Unix seconds
  int64_t per_buyer = 0;  // units one phone or viewer cookie may take
};

// Product fields plus `certificate_expires` (YYYY-MM-DD, 36 months after
// certificate_date; null if that date does not parse) and
// `certificate_valid` (on `now`, Unix seconds), and `ocop_verified`: an
// approved claim whose certificate is valid, the only case that shows the
// OCOP badge.
nlohmann::json to_json(const domain::Product& product, int64_t now);

// id, code, booth_id, product_id, qty, unit_price, total, name, phone,
// address, note, status, payment_method, paid_at, created_at, and for the
// staff's eyes: risk (codes), client_key (an opaque key of the client's
// address, "" if unknown) and viewer_id (the viewer cookie's, or null), by
// which a cluster of orders is seen. Holds the buyer's phone and address:
// only for the booth's seller and organizers.
nlohmann::json to_json(const domain::Order& order);

// {id, from:{viewer_id, nickname, role}, text, ts}, as in `chat` and in
// welcome's chat list.
nlohmann::json to_json(const domain::ChatMessage& message);

// A pinned card: the product plus `deal` (null without one). Also what a
// booth's `card` field holds in REST.
nlohmann::json card_json(const domain::Product& product, const std::optional<DealState>& deal,
                         int64_t now);

// Dumps compact UTF-8; invalid UTF-8 (which validation should have kept out)
// becomes U+FFFD instead of an exception.
std::string dump_safe(const nlohmann::json& value);

}  // namespace ocop::hub::protocol
