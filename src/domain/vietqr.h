#pragma once
// The NAPAS VietQR string for a bank transfer: an EMVCo merchant-presented
// QR payload (EMV QRCPS) that every Vietnamese banking app scans to fill in
// the beneficiary, the amount and the transfer note. Pure; no QR drawing
// here (http/qr_svg.h draws any text).
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace ocop::domain {

struct VietQrTransfer {
  std::string bank_bin;        // 6 digits, the NAPAS BIN of the beneficiary bank
  std::string account_number;  // 1..19 of [0-9A-Za-z]
  int64_t amount = 0;          // whole VND, 1..9,999,999,999,999 (field 54 holds 13 characters)
  std::string purpose;         // the transfer note, 1..25 printable ASCII (field 62, sub-field 08)
};

// Fields in this order, each ID(2) LEN(2, decimal) VALUE:
//   00 "01" payload format; 01 "12" dynamic (one payment, one amount);
//   38 {00 GUID "A000000727", 01 {00 BIN, 01 account}, 02 "QRIBFTTA" (transfer to an account)};
//   53 "704" (VND); 54 amount; 58 "VN"; 62 {08 purpose}; 63 CRC of everything before it, "6304" included.
// Bad input is an "invalid" error naming the field; nothing is truncated.
Result<std::string> encode_vietqr(const VietQrTransfer& transfer);

// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final
// XOR), as EMVCo field 63 needs. "123456789" -> 0x29B1.
uint16_t crc16_ccitt_false(std::string_view bytes);

}  // namespace ocop::domain
