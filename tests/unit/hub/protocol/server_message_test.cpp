#include <catch2/catch.hpp>

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/ocop.h"
#include "hub/protocol/server_message.h"

using namespace ocop::hub::protocol;
using namespace ocop::domain;
using nlohmann::json;

namespace {

std::set<std::string> keys_of(const json& j) {
  std::set<std::string> keys;
  for (const auto& item : j.items()) keys.insert(item.key());
  return keys;
}

Product honey() {
  Product p;
  p.id = 12;
  p.booth_id = 3;
  p.name = "Mật ong rừng \"Tây Bắc\" <b>";
  p.producer = "HTX Mường Khương";
  p.province = "Lào Cai";
  p.group = "food";
  p.stars = 4;
  p.certificate_date = "2024-02-29";
  p.price = 125000;
  p.unit = "chai";
  p.stock = 40;
  p.story = "Dòng 1\nDòng 2";
  p.image_url = "/media/honey.jpg";
  p.traceability_url = "";
  return p;
}

Order order() {
  Order o;
  o.id = 901;
  o.code = "OC-7K3M9Q";
  o.booth_id = 3;
  o.product_id = 12;
  o.client_order_id = "c-1";
  o.qty = 2;
  o.unit_price = 125000;
  o.total = 250000;
  o.name = "Chị Lan";
  o.phone = "0912345678";
  o.address = "12 Hàng Bạc, Hà Nội";
  o.note = "";
  o.status = OrderStatus::kConfirmed;
  o.created_at = 1767225600;
  return o;
}

const int64_t kNow = to_unix_day_start({2025, 9, 1});

}  // namespace

SCENARIO("Products serialize with their certificate state", "[hub][protocol][json][product]") {
  const json j = to_json(honey(), kNow);
  CHECK(keys_of(j) == std::set<std::string>{"id", "booth_id", "name", "producer", "province", "group",
                                            "stars", "certificate_date", "certificate_expires",
                                            "certificate_valid", "price", "unit", "stock", "story",
                                            "image_url", "traceability_url", "certificate_number",
                                            "ocop_status", "ocop_reason", "ocop_verified", "photos",
                                            "certificate_photo_url"});
  CHECK(j["certificate_photo_url"].is_null());
  CHECK(j["name"] == "Mật ong rừng \"Tây Bắc\" <b>");
  CHECK(j["price"].is_number_integer());
  CHECK(j["certificate_expires"] == "2027-02-28");
  CHECK(j["certificate_valid"] == true);
  CHECK(j["ocop_status"] == "pending");
  CHECK(j["ocop_verified"] == false);
  WHEN("an organizer approved the claim") {
    Product p = honey();
    p.ocop_status = OcopStatus::kApproved;
    CHECK(to_json(p, kNow)["ocop_verified"] == true);
    CHECK(to_json(p, kNow)["ocop_status"] == "approved");
    THEN("it stops being verified when the certificate runs out") {
      CHECK(to_json(p, to_unix_day_start({2027, 2, 28}))["ocop_verified"] == false);
    }
  }
  WHEN("the certificate has expired") {
    CHECK(to_json(honey(), to_unix_day_start({2027, 2, 28}))["certificate_valid"] == false);
  }
  WHEN("the stored date is unreadable") {
    Product p = honey();
    p.certificate_date = "";
    const json k = to_json(p, kNow);
    CHECK(k["certificate_expires"].is_null());
    CHECK(k["certificate_valid"] == false);
  }
}

SCENARIO("Orders serialize with DESIGN's field names", "[hub][protocol][json][order]") {
  const json j = to_json(order());
  CHECK(keys_of(j) == std::set<std::string>{"id", "code", "booth_id", "product_id", "qty", "unit_price",
                                            "total", "name", "phone", "address", "note", "status",
                                            "payment_method", "paid_at", "created_at", "risk", "client_key",
                                            "viewer_id"});
  CHECK(j["status"] == "confirmed");
  CHECK(j["total"] == 250000);
  CHECK(j["code"] == "OC-7K3M9Q");
  CHECK(j["payment_method"] == "cod");
  CHECK(j["paid_at"].is_null());
  CHECK(j["risk"] == json::array());
  CHECK(j["viewer_id"].is_null());
  Order risky = order();
  risky.risk = {RiskCode::kNewPhone, RiskCode::kPhoneRefusedBefore};
  risky.payment_method = PaymentMethod::kBankTransfer;
  risky.paid_at = 1767229200;
  risky.client_key = "9f86d081884c7d65";
  risky.viewer_id = 123456789;
  const json r = to_json(risky);
  CHECK(r["risk"] == json{"new_phone", "phone_refused_before"});
  CHECK(r["payment_method"] == "bank_transfer");
  CHECK(r["paid_at"] == 1767229200);
  CHECK(r["client_key"] == "9f86d081884c7d65");
  CHECK(r["viewer_id"] == 123456789);
}

SCENARIO("Cards carry the deal or null", "[hub][protocol][card]") {
  const json plain = card_json(honey(), std::nullopt, kNow);
  CHECK(plain["deal"].is_null());
  CHECK(plain["id"] == 12);
  const json dealt = card_json(honey(), DealState{99000, 20, 7, 1767229200, 2}, kNow);
  CHECK(dealt["deal"] ==
        json{{"price", 99000}, {"quantity", 20}, {"remaining", 7}, {"ends_at", 1767229200}, {"per_buyer", 2}});
  const json msg = json::parse(build_card(dealt));
  CHECK(msg["type"] == "card");
  CHECK(msg["card"]["deal"]["remaining"] == 7);
  CHECK(json::parse(build_card(nullptr, kNow)) == json{{"type", "card"}, {"card", nullptr}, {"server_time", kNow}});
}

SCENARIO("welcome tells a joining client everything", "[hub][protocol][welcome]") {
  Welcome w;
  w.viewer_id = 77;
  w.role = Role::kSeller;
  w.booth = {{"id", 3}, {"name", "Gian hàng Lào Cai"}};
  w.live = true;
  w.state = "reconnecting";
  w.viewers = 1234;
  w.card = card_json(honey(), std::nullopt, kNow);
  ChatMessage kept{1, 3, 5, "Lan", Role::kViewer, "Chào shop", 1767225600, false};
  ChatMessage gone{2, 3, 6, "Spam", Role::kViewer, "mua đi", 1767225601, true};
  ChatMessage last{3, 3, 7, "Shop", Role::kSeller, "Cảm ơn", 1767225602, false};
  w.chat = {kept, gone, last};
  w.slow_mode_seconds = 30;
  w.server_time = kNow;
  w.max_order_qty = 10;
  const json j = json::parse(build_welcome(w));
  CHECK(keys_of(j) == std::set<std::string>{"type", "viewer_id", "role", "booth", "live", "state", "viewers",
                                            "card", "chat", "slow_mode", "server_time", "max_order_qty"});
  CHECK(j["max_order_qty"] == 10);
  CHECK(j["slow_mode"] == 30);
  CHECK(j["server_time"] == kNow);
  CHECK(j["type"] == "welcome");
  CHECK(j["viewer_id"] == 77);
  CHECK(j["role"] == "seller");
  CHECK(j["booth"]["name"] == "Gian hàng Lào Cai");
  CHECK(j["live"] == true);
  CHECK(j["state"] == "reconnecting");
  CHECK(j["viewers"] == 1234);
  CHECK(j["card"]["name"] == honey().name);
  THEN("deleted messages are left out, order is kept") {
    REQUIRE(j["chat"].size() == 2);
    CHECK(j["chat"][0]["id"] == 1);
    CHECK(j["chat"][1]["id"] == 3);
    CHECK(j["chat"][1]["from"] == json{{"viewer_id", 7}, {"nickname", "Shop"}, {"role", "seller"}});
  }
  WHEN("nothing is pinned and nobody chatted") {
    Welcome empty;
    const json e = json::parse(build_welcome(empty));
    CHECK(e["card"].is_null());
    CHECK(e["chat"] == json::array());
    CHECK(e["state"] == "offline");
  }
}

SCENARIO("Broadcast messages", "[hub][protocol][broadcast]") {
  ChatMessage m{42, 3, 5, "Chị Lan 🌸", Role::kViewer, "<script>alert(1)</script> '; --", 1767225600, false};
  const json chat = json::parse(build_chat(m));
  CHECK(chat == json{{"type", "chat"},
                     {"id", 42},
                     {"from", {{"viewer_id", 5}, {"nickname", "Chị Lan 🌸"}, {"role", "viewer"}}},
                     {"text", "<script>alert(1)</script> '; --"},
                     {"ts", 1767225600}});
  CHECK(json::parse(build_message_deleted(42)) == json{{"type", "message_deleted"}, {"id", 42}});
  CHECK(json::parse(build_stock(12, 0)) == json{{"type", "stock"}, {"product_id", 12}, {"stock", 0}});
  ReactionCounts counts;
  counts.add(ReactionKind::kHeart, 30);
  counts.add(ReactionKind::kWow);
  CHECK(json::parse(build_reactions(counts)) ==
        json{{"type", "reactions"}, {"counts", {{"heart", 30}, {"like", 0}, {"wow", 1}}}});
  CHECK(json::parse(build_viewers(578000)) == json{{"type", "viewers"}, {"count", 578000}});
  CHECK(json::parse(build_live(true, "live")) == json{{"type", "live"}, {"live", true}, {"state", "live"}});
}

SCENARIO("The market day feed and the muted list", "[hub][protocol][feed]") {
  ChatMessage m{42, 3, 5, "Chị Lan", Role::kViewer, "Còn hàng không?", 1767225600, false};
  const json chat = json::parse(build_feed_chat(m));
  CHECK(chat["type"] == "chat");
  CHECK(chat["booth_id"] == 3);
  CHECK(chat["from"]["nickname"] == "Chị Lan");
  CHECK(json::parse(build_feed_message_deleted(3, 42)) == json{{"type", "message_deleted"}, {"booth_id", 3}, {"id", 42}});
  CHECK(json::parse(build_feed_live(3, false, "offline")) ==
        json{{"type", "live"}, {"booth_id", 3}, {"live", false}, {"state", "offline"}});
  FeedWelcome w;
  w.market_day_id = 1;
  w.booths = json::array({{{"id", 3}, {"name", "HTX"}, {"province", "Huế"}, {"state", "live"}}});
  ChatMessage gone = m;
  gone.id = 43;
  gone.deleted = true;
  w.chat = {m, gone};
  const json welcome = json::parse(build_feed_welcome(w));
  CHECK(keys_of(welcome) == std::set<std::string>{"type", "role", "market_day_id", "booths", "chat"});
  CHECK(welcome["role"] == "organizer");
  REQUIRE(welcome["chat"].size() == 1);
  CHECK(welcome["chat"][0]["booth_id"] == 3);
  const json mutes = json::parse(build_mutes(3, {MuteEntry{17, "Lan", 100.0, 1767226500}}));
  CHECK(mutes == json{{"type", "mutes"},
                      {"booth_id", 3},
                      {"mutes", json::array({{{"viewer_id", 17}, {"nickname", "Lan"}, {"until", 1767226500}}})}});
  CHECK(json::parse(build_mutes(3, {}))["mutes"] == json::array());
}

SCENARIO("Errors and order answers", "[hub][protocol][answers]") {
  CHECK(json::parse(build_error(error_code::kSlowMode, "wait 5 s")) ==
        json{{"type", "error"}, {"code", "slow_mode"}, {"message", "wait 5 s"}});
  CHECK(json::parse(build_error(ocop::Error{"invalid", "qty: must be an integer from 1 to 100"}))["message"] ==
        "qty: must be an integer from 1 to 100");
  CHECK(json::parse(build_order_ack(order())) == json{{"type", "order_ack"},
                                                      {"client_order_id", "c-1"},
                                                      {"order_id", 901},
                                                      {"code", "OC-7K3M9Q"},
                                                      {"status", "confirmed"}});
  for (auto [reason, name] : {std::pair{RejectReason::kOutOfStock, "out_of_stock"},
                              std::pair{RejectReason::kInvalid, "invalid"},
                              std::pair{RejectReason::kRateLimited, "rate_limited"},
                              std::pair{RejectReason::kDealEnded, "deal_ended"},
                              std::pair{RejectReason::kLimitPerBuyer, "limit_per_buyer"},
                              std::pair{RejectReason::kQtyTooLarge, "qty_too_large"},
                              std::pair{RejectReason::kBlocked, "blocked"}}) {
    CHECK(json::parse(build_order_rejected("c-9", reason)) ==
          json{{"type", "order_rejected"}, {"client_order_id", "c-9"}, {"reason", name}});
  }
  const json o = json::parse(build_order(order()));
  CHECK(o["type"] == "order");
  CHECK(o["order"]["phone"] == "0912345678");
}

SCENARIO("A transfer's order_ack carries what the buyer pays, never the staff's fields", "[hub][protocol][answers]") {
  Order t = order();
  t.payment_method = PaymentMethod::kBankTransfer;
  t.payment_qr = "00020101021238570010A00000072701270006970436011300110012345670208QRIBFTTA";
  t.risk = {RiskCode::kNewPhone, RiskCode::kManyFromAddress};
  t.client_key = "9f86d081884c7d65";
  t.viewer_id = 42;
  const std::string text = build_order_ack(t);
  CHECK(json::parse(text) == json{{"type", "order_ack"},
                                  {"client_order_id", "c-1"},
                                  {"order_id", 901},
                                  {"code", "OC-7K3M9Q"},
                                  {"status", "confirmed"},
                                  {"payment",
                                   {{"method", "bank_transfer"},
                                    {"amount", 250000},
                                    {"note", "OC-7K3M9Q"},
                                    {"vietqr", t.payment_qr}}}});
  CHECK(text.find("risk") == std::string::npos);
  CHECK(text.find("new_phone") == std::string::npos);
  CHECK(text.find("9f86d081884c7d65") == std::string::npos);
  CHECK(text.find("0912345678") == std::string::npos);
}

SCENARIO("Dumping never throws on bad UTF-8", "[hub][protocol][dump]") {
  // Validation keeps invalid UTF-8 out; if a path forgets, the frame still goes
  // out with U+FFFD instead of an exception on the control thread.
  const std::string text = build_error("invalid", "bad \xC0\xAF and \xED\xA0\x80");
  const json j = json::parse(text);
  CHECK(j["message"] == "bad \xEF\xBF\xBD\xEF\xBF\xBD and \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(dump_safe(json("é")) == "\"é\"");  // UTF-8 stays raw, not \u escaped
}
