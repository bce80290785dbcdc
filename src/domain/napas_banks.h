#pragma once
// Banks a VietQR transfer can go to: the NAPAS bank identification numbers
// (BIN) of banks and wallets in the NAPAS 247 network, as data. A seller picks
// one by name in the studio; the BIN goes into field 38 of the QR string.
#include <string_view>
#include <vector>

namespace ocop::domain {

struct NapasBank {
  std::string_view bin;         // 6 digits
  std::string_view code;        // the short code banking apps show, e.g. "VCB"
  std::string_view short_name;  // e.g. "Vietcombank"
  std::string_view name;        // full Vietnamese name
};

// Sorted by short name, as a seller scans a list.
const std::vector<NapasBank>& napas_banks();
const NapasBank* find_napas_bank(std::string_view bin);

}  // namespace ocop::domain
