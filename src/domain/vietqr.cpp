#include "domain/vietqr.h"

#include <algorithm>
#include <cstdio>

namespace ocop::domain {
namespace {

constexpr std::string_view kNapasGuid = "A000000727";
constexpr std::string_view kServiceToAccount = "QRIBFTTA";
constexpr int64_t kMaxAmount = 9'999'999'999'999;  // 13 digits, field 54's maximum length

bool all_of(std::string_view s, bool (*pred)(char)) { return !s.empty() && std::all_of(s.begin(), s.end(), pred); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// EMV "ans" that every banking app keeps in a transfer note: printable ASCII.
bool is_printable(char c) { return c >= 0x20 && c <= 0x7E; }

// One EMV TLV: callers keep values under 100 bytes, the 2-digit length's limit.
std::string tlv(std::string_view id, std::string_view value) {
  char len[3];
  std::snprintf(len, sizeof len, "%02zu", value.size());
  return std::string(id) + len + std::string(value);
}

Error invalid(std::string_view field, std::string_view rule) {
  return make_error("invalid", std::string(field) + ": " + std::string(rule));
}

}  // namespace

uint16_t crc16_ccitt_false(std::string_view bytes) {
  uint16_t crc = 0xFFFF;
  for (unsigned char b : bytes) {
    crc ^= static_cast<uint16_t>(b << 8);
    for (int i = 0; i < 8; ++i) crc = (crc & 0x8000) ? static_cast<uint16_t>((crc << 1) ^ 0x1021) : static_cast<uint16_t>(crc << 1);
  }
  return crc;
}

Result<std::string> encode_vietqr(const VietQrTransfer& t) {
  if (t.bank_bin.size() != 6 || !all_of(t.bank_bin, is_digit)) return invalid("bank_bin", "must be 6 digits");
  if (t.account_number.size() > 19 || !all_of(t.account_number, is_alnum))
    return invalid("account_number", "must be 1 to 19 letters or digits");
  if (t.amount < 1 || t.amount > kMaxAmount) return invalid("amount", "must be 1 to 9999999999999 VND");
  if (t.purpose.size() > 25 || !all_of(t.purpose, is_printable))
    return invalid("purpose", "must be 1 to 25 printable ASCII characters");

  const std::string beneficiary = tlv("00", t.bank_bin) + tlv("01", t.account_number);
  const std::string account_info = tlv("00", kNapasGuid) + tlv("01", beneficiary) + tlv("02", kServiceToAccount);
  std::string out = tlv("00", "01") + tlv("01", "12") + tlv("38", account_info) + tlv("53", "704") +
                    tlv("54", std::to_string(t.amount)) + tlv("58", "VN") + tlv("62", tlv("08", t.purpose)) + "6304";
  char crc[5];
  std::snprintf(crc, sizeof crc, "%04X", crc16_ccitt_false(out));
  return out + crc;
}

}  // namespace ocop::domain
