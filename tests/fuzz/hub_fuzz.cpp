// libFuzzer target for everything a hub client or REST body can reach in the
// pure layers: the client message parser, text rules, the word filter, phone
// normalization, the REST validators and the VietQR encoder. Besides "no crash, no UB", it checks
// properties that must hold for any input (valid UTF-8 out, idempotent
// folding and trimming, builders whose output parses back).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include <nlohmann/json.hpp>

#include "domain/chat_order.h"
#include "domain/payment.h"
#include "domain/phone.h"
#include "domain/text.h"
#include "domain/validate.h"
#include "domain/vietqr.h"
#include "hub/protocol/client_message.h"
#include "hub/protocol/server_message.h"

namespace {

using namespace ocop;
using nlohmann::json;

void check(bool condition) {
  if (!condition) std::abort();
}

// nlohmann's strict dump is an independent UTF-8 validator to compare with.
bool nlohmann_accepts_utf8(std::string_view s) {
  try {
    (void)json(std::string(s)).dump();
    return true;
  } catch (const json::type_error&) {
    return false;
  }
}

void check_text_rules(std::string_view text) {
  const bool valid = domain::is_valid_utf8(text);
  check(valid == nlohmann_accepts_utf8(text));

  const std::string folded = domain::fold_vietnamese(text);
  check(domain::is_valid_utf8(folded));
  check(domain::fold_vietnamese(folded) == folded);

  check(domain::longest_combining_run(text) <= domain::utf8_length(text));

  const std::string trimmed = domain::trim(text);
  check(domain::trim(trimmed) == trimmed);
  check(domain::utf8_length(trimmed) <= domain::utf8_length(text));
  if (valid) check(domain::is_valid_utf8(trimmed));

  (void)domain::has_control_chars(text);

  static const domain::WordFilter kFilter({"lừa đảo", "xạo", "hàng giả", "\xF0\x9F\x96\x95"});
  (void)kFilter.match(text);
  // A text always contains itself as a whole phrase.
  const domain::WordFilter self({std::string(text)});
  check(self.matches(text) == !domain::folded_words(text).empty());

  if (auto phone = domain::normalize_vn_phone(text)) {
    check(phone->size() == 10 && (*phone)[0] == '0');
    check(domain::normalize_vn_phone(*phone) == phone);
  }
}

void check_client_message(std::string_view text) {
  auto parsed = hub::protocol::parse_client_message(text);
  if (!parsed) {
    const auto& code = parsed.error().code;
    check(code == "bad_json" || code == "unknown_type" || code == "invalid");
    check(json::parse(hub::protocol::build_error(parsed.error())).is_object());
    if (auto id = hub::protocol::peek_client_order_id(text)) {
      check(hub::protocol::is_valid_client_order_id(*id));
      (void)hub::protocol::build_order_rejected(*id, hub::protocol::RejectReason::kInvalid);
    }
    return;
  }
  std::visit(
      [](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, hub::protocol::Hello>) {
          check(domain::is_valid_utf8(m.nickname) && !domain::has_control_chars(m.nickname));
        } else if constexpr (std::is_same_v<T, hub::protocol::Chat>) {
          check(domain::is_valid_utf8(m.text));
          domain::ChatMessage c{1, 1, 1, "n", domain::Role::kViewer, m.text, 0, false};
          check(json::parse(hub::protocol::build_chat(c))["text"] == m.text);
        } else if constexpr (std::is_same_v<T, hub::protocol::PlaceOrder>) {
          check(hub::protocol::is_valid_client_order_id(m.client_order_id));
          check(m.qty >= 1 && m.qty <= 100 && m.product_id >= 1);
          check(domain::normalize_vn_phone(m.phone) == m.phone);
          domain::Order o;
          o.client_order_id = m.client_order_id;
          o.name = m.name;
          o.address = m.address;
          o.note = m.note;
          check(json::parse(hub::protocol::build_order(o))["order"]["note"] == m.note);
        }
      },
      *parsed);
}

void check_validators(std::string_view text) {
  auto body = hub::protocol::parse_limited_json(text);
  if (!body) return;
  const int64_t now = 1767225600;
  if (auto p = domain::validate_product_create(*body, now)) {
    domain::Product product;
    p->apply_to(product);
    (void)hub::protocol::dump_safe(hub::protocol::to_json(product, now));
  }
  (void)domain::validate_product_update(*body, now);
  (void)domain::validate_market_day(*body);
  (void)domain::validate_market_day_update(*body, domain::MarketDay{1, "Chợ phiên", 1767225600, 1767240000});
  (void)domain::validate_booth_create(*body);
  (void)domain::validate_booth_update(*body);
  (void)domain::validate_new_user(*body);
  (void)domain::validate_login(*body);
  (void)domain::validate_order_customer(*body);
  (void)domain::validate_block_phone(*body);
  (void)domain::validate_cancel_cluster(*body);
  (void)domain::validate_order_patch(*body);
  // An account that passes validation always makes a VietQR string whose
  // CRC holds, and nothing a seller types reaches the string unchecked.
  if (auto account = domain::validate_bank_account(*body)) {
    auto qr = domain::encode_vietqr({account->bank_bin, account->account_number, 1234567, "OC-7K3M9Q"});
    check(qr.ok());
    const std::string body_text = qr->substr(0, qr->size() - 4);
    char crc[5];
    std::snprintf(crc, sizeof crc, "%04X", domain::crc16_ccitt_false(body_text));
    check(qr->substr(qr->size() - 4) == crc);
    check(qr->find(account->account_number) != std::string::npos);
  }
}

// Whatever the transfer, the encoder refuses it or writes printable ASCII
// ending in a valid CRC; it never throws.
void check_vietqr(std::string_view text) {
  if (text.size() < 8) return;
  domain::VietQrTransfer t{std::string(text.substr(0, 6)), std::string(text.substr(6, text.size() / 3)),
                           static_cast<int64_t>(static_cast<unsigned char>(text[6])) * 1000,
                           std::string(text.substr(6 + text.size() / 3))};
  auto qr = domain::encode_vietqr(t);
  if (!qr) return;
  for (char c : *qr) check(c >= 0x20 && c <= 0x7E);
  char crc[5];
  std::snprintf(crc, sizeof crc, "%04X", domain::crc16_ccitt_false(qr->substr(0, qr->size() - 4)));
  check(qr->substr(qr->size() - 4) == crc);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_text_rules(text);
  check_client_message(text);
  check_validators(text);
  check_vietqr(text);
  // Comment-to-order: any chat line, with any unit (the seller writes it).
  const size_t half = text.size() / 2;
  if (auto o = domain::parse_chat_order(text.substr(0, half), text.substr(half), 10)) check(o->quantity >= 1 && o->quantity <= 10);
  return 0;
}
