#pragma once
// A booth's bank account for VietQR transfers, as a seller types it in the
// studio, validated against the NAPAS bank list.
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace ocop::domain {

struct BankAccount {
  std::string bank_bin;        // a BIN of napas_banks()
  std::string account_number;  // 6..19 digits
  // Upper case without diacritics, as banks print it and banking apps show it
  // after a scan ("Nguyễn Văn An" -> "NGUYEN VAN AN"): the buyer can check it.
  std::string account_name;
};

// {bank_bin, account_number, account_name}, all required, nothing else.
// Spaces, dots and dashes a seller copies from a bank card are dropped from
// the account number; every other rule failure is "invalid" naming the field.
Result<BankAccount> validate_bank_account(const nlohmann::json& body);

}  // namespace ocop::domain
