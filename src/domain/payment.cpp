#include "domain/payment.h"

#include <algorithm>

#include "domain/napas_banks.h"
#include "domain/text.h"
#include "domain/validate.h"

namespace ocop::domain {
namespace {

constexpr TextRule kAccountNameRule{2, 50};
constexpr size_t kMinAccountDigits = 6;
constexpr size_t kMaxAccountDigits = 19;  // EMV field 38's account holds at most 19

std::string upper_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

bool name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == ',' || c == '-' ||
         c == '&' || c == '(' || c == ')' || c == '\'' || c == '/';
}

}  // namespace

Result<BankAccount> validate_bank_account(const nlohmann::json& body) {
  FieldReader r(body);
  r.reject_unknown({"bank_bin", "account_number", "account_name"});
  auto bin = r.raw_text("bank_bin", 1, 16, Need::kRequired);
  auto number = r.raw_text("account_number", 1, 64, Need::kRequired);
  auto name = r.text("account_name", kAccountNameRule, Need::kRequired);
  if (!r.ok()) return r.error();

  if (!find_napas_bank(*bin)) return invalid_field("bank_bin", "not a bank of the NAPAS list (GET /api/v1/banks)");
  std::string digits;
  for (char c : *number) {
    if (c == ' ' || c == '.' || c == '-') continue;
    if (c < '0' || c > '9') return invalid_field("account_number", "digits only", "bad_account_number");
    digits.push_back(c);
  }
  if (digits.size() < kMinAccountDigits || digits.size() > kMaxAccountDigits)
    return invalid_field("account_number", "must be 6 to 19 digits", "bad_account_number");

  // Collapse inner runs of spaces as banks do.
  std::string folded;
  for (char c : upper_ascii(fold_vietnamese(*name))) {
    if (c == ' ' && (folded.empty() || folded.back() == ' ')) continue;
    folded.push_back(c);
  }
  if (!folded.empty() && folded.back() == ' ') folded.pop_back();
  if (!std::all_of(folded.begin(), folded.end(), name_char) ||
      !std::any_of(folded.begin(), folded.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    return invalid_field("account_name", "letters, digits, spaces and . , - & ( ) ' / only, as on the bank account");
  return BankAccount{*bin, digits, folded};
}

}  // namespace ocop::domain
