#include "hub/protocol/entity_json.h"

#include "domain/ocop.h"

namespace ocop::hub::protocol {

using nlohmann::json;

json to_json(const domain::Product& p, int64_t now) {
  json j = {
      {"id", p.id},
      {"booth_id", p.booth_id},
      {"name", p.name},
      {"producer", p.producer},
      {"province", p.province},
      {"group", p.group},
      {"stars", p.stars},
      {"certificate_date", p.certificate_date},
      {"price", p.price},
      {"unit", p.unit},
      {"stock", p.stock},
      {"story", p.story},
      {"image_url", p.photos.empty() ? p.image_url : "/media/photos/" + p.photos.front() + ".jpg"},
      {"traceability_url", p.traceability_url},
      {"certificate_number", p.certificate_number},
      {"ocop_status", domain::ocop_status_name(p.ocop_status)},
      {"ocop_reason", p.ocop_reason},
      {"certificate_photo_url",
       p.certificate_photo.empty() ? nlohmann::json(nullptr) : nlohmann::json("/media/photos/" + p.certificate_photo + ".jpg")},
  };
  nlohmann::json photos = nlohmann::json::array();
  for (const auto& t : p.photos)
    photos.push_back({{"id", t}, {"url", "/media/photos/" + t + ".jpg"}, {"tile_url", "/media/photos/" + t + "-tile.jpg"}});
  j["photos"] = std::move(photos);
  bool valid = false;
  if (const auto date = domain::parse_date(p.certificate_date)) {
    j["certificate_expires"] = domain::format_date(domain::certificate_expiry(*date));
    valid = domain::certificate_valid_on(*date, now);
  } else {
    j["certificate_expires"] = nullptr;
  }
  j["certificate_valid"] = valid;
  // The badge: an organizer approved the claim and the certificate still runs.
  j["ocop_verified"] = valid && p.ocop_status == domain::OcopStatus::kApproved;
  return j;
}

json to_json(const domain::Order& o) {
  json risk = json::array();
  for (auto c : o.risk) risk.push_back(domain::risk_code_name(c));
  return {
      {"id", o.id},
      {"code", o.code},
      {"booth_id", o.booth_id},
      {"product_id", o.product_id},
      {"qty", o.qty},
      {"unit_price", o.unit_price},
      {"total", o.total},
      {"name", o.name},
      {"phone", o.phone},
      {"address", o.address},
      {"note", o.note},
      {"status", domain::order_status_name(o.status)},
      {"payment_method", domain::payment_method_name(o.payment_method)},
      {"paid_at", o.paid_at ? json(*o.paid_at) : json(nullptr)},
      {"created_at", o.created_at},
      {"risk", std::move(risk)},
      {"client_key", o.client_key},
      {"viewer_id", o.viewer_id ? json(*o.viewer_id) : json(nullptr)},
  };
}

json to_json(const domain::ChatMessage& m) {
  json j = {
      {"id", m.id},
      {"from",
       {{"viewer_id", m.viewer_id}, {"nickname", m.nickname}, {"role", domain::role_name(m.role)}}},
      {"text", m.text},
      {"ts", m.ts},
  };
  if (m.order) j["order"] = {{"product_id", m.order->product_id}, {"qty", m.order->qty}};
  return j;
}

json card_json(const domain::Product& product, const std::optional<DealState>& deal, int64_t now) {
  json card = to_json(product, now);
  if (deal) {
    card["deal"] = {
        {"price", deal->price},
        {"quantity", deal->quantity},
        {"remaining", deal->remaining},
        {"ends_at", deal->ends_at},
        {"per_buyer", deal->per_buyer},
    };
  } else {
    card["deal"] = nullptr;
  }
  return card;
}

std::string dump_safe(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace ocop::hub::protocol
