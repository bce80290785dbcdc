// REST bodies about orders after they are placed: status and payment,
// blocked phones, cluster cancellation.
#include <limits>

#include "domain/phone.h"
#include "domain/validate.h"

namespace ocop::domain {

Result<BlockPhoneInput> validate_block_phone(const nlohmann::json& body) {
  FieldReader r(body);
  r.reject_unknown({"phone", "reason"});
  auto phone = r.text("phone", {1, 32}, Need::kRequired);
  std::optional<std::string> normalized;
  if (phone) {
    normalized = normalize_vn_phone(*phone);
    if (!normalized) r.fail("phone", "must be a Vietnamese mobile number, e.g. 0912 345 678");
  }
  auto reason = r.text("reason", kBlockReasonRule, Need::kRequired);
  if (!r.ok()) return r.error();
  return BlockPhoneInput{std::move(*normalized), std::move(*reason)};
}

Result<CancelClusterInput> validate_cancel_cluster(const nlohmann::json& body) {
  FieldReader r(body);
  r.reject_unknown({"order_id", "by"});
  auto id = r.integer("order_id", 1, std::numeric_limits<int64_t>::max(), Need::kRequired);
  auto by = r.raw_text("by", 1, 16, Need::kRequired);
  std::optional<ClusterBy> parsed;
  if (by) {
    parsed = parse_cluster_by(*by);
    if (!parsed) r.fail("by", "must be address or cookie");
  }
  if (!r.ok()) return r.error();
  return CancelClusterInput{*id, *parsed};
}

Result<OrderPatch> validate_order_patch(const nlohmann::json& body) {
  FieldReader r(body);
  r.reject_unknown({"status", "paid"});
  if (!r.ok()) return r.error();
  OrderPatch patch;
  if (r.has("status")) {
    const auto& v = body.at("status");
    if (v.is_string()) patch.status = parse_order_status(v.get_ref<const std::string&>());
    if (!patch.status) return invalid_field("status", "one of placed, confirmed, shipped, delivered, cancelled, returned");
  }
  if (r.has("paid")) {
    const auto& v = body.at("paid");
    if (!v.is_boolean()) return invalid_field("paid", "must be true or false");
    patch.paid = v.get<bool>();
  }
  if (!patch.status && !patch.paid) return invalid_field("body", "needs status or paid");
  // Each is its own change with its own conflicts; together, one could
  // succeed and the other fail, leaving half a PATCH applied.
  if (patch.status && patch.paid) return invalid_field("body", "status or paid, one at a time");
  return patch;
}

}  // namespace ocop::domain
