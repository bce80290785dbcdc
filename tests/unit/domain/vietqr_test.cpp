#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <string>

#include "domain/vietqr.h"

using ocop::domain::crc16_ccitt_false;
using ocop::domain::encode_vietqr;
using ocop::domain::VietQrTransfer;

namespace {

// A reader for EMV TLV, here only to look inside what the encoder wrote.
std::map<std::string, std::string> tlv_fields(const std::string& s) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  while (i + 4 <= s.size()) {
    const std::string id = s.substr(i, 2);
    const size_t len = std::stoul(s.substr(i + 2, 2));
    REQUIRE(i + 4 + len <= s.size());
    out[id] = s.substr(i + 4, len);
    i += 4 + len;
  }
  REQUIRE(i == s.size());
  return out;
}

}  // namespace

SCENARIO("CRC-16/CCITT-FALSE matches the catalogue's check value", "[domain][vietqr][crc]") {
  // The CRC RevEng catalogue: check = CRC of "123456789".
  CHECK(crc16_ccitt_false("123456789") == 0x29B1);
  CHECK(crc16_ccitt_false("") == 0xFFFF);
  CHECK(crc16_ccitt_false("A") == 0xB915);
}

SCENARIO("VietQR strings match ones that banking apps scan", "[domain][vietqr][vectors]") {
  GIVEN("a payOS transfer: MBBank, a virtual account, 2,000 VND") {
    // Issued by payOS (a NAPAS VietQR provider) for a real payment link.
    auto qr = encode_vietqr({"970422", "VQRQABRLS0448", 2000, "18f8746b181045f0a2ce"});
    REQUIRE(qr.ok());
    CHECK(*qr ==
          "00020101021238570010A000000727012700069704220113VQRQABRLS04480208QRIBFTTA5303704540420005802VN"
          "6224082018f8746b181045f0a2ce63040FC0");
  }
  GIVEN("an ACB account, 1,000 VND, note \"Chuyen tien\"") {
    // The example of a published VietQR library (vietqr-pay for PHP).
    auto qr = encode_vietqr({"970416", "257678859", 1000, "Chuyen tien"});
    REQUIRE(qr.ok());
    CHECK(*qr ==
          "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540410005802VN"
          "62150811Chuyen tien6304BBB8");
  }
}

SCENARIO("An order's VietQR string holds each field of the NAPAS layout", "[domain][vietqr]") {
  auto qr = encode_vietqr({"970436", "0011001234567", 258000, "OC-7K3M9Q"});
  REQUIRE(qr.ok());
  auto f = tlv_fields(*qr);
  CHECK(f["00"] == "01");
  CHECK(f["01"] == "12");
  auto account_info = tlv_fields(f["38"]);
  CHECK(account_info["00"] == "A000000727");
  CHECK(account_info["02"] == "QRIBFTTA");
  auto beneficiary = tlv_fields(account_info["01"]);
  CHECK(beneficiary["00"] == "970436");
  CHECK(beneficiary["01"] == "0011001234567");
  CHECK(f["53"] == "704");
  CHECK(f["54"] == "258000");
  CHECK(f["58"] == "VN");
  CHECK(tlv_fields(f["62"])["08"] == "OC-7K3M9Q");
  char crc[5];
  std::snprintf(crc, sizeof crc, "%04X", crc16_ccitt_false(qr->substr(0, qr->size() - 4)));
  CHECK(f["63"] == crc);
  CHECK(qr->substr(qr->size() - 8, 4) == "6304");
}

SCENARIO("Bad transfers are refused, naming the field", "[domain][vietqr][errors]") {
  auto error_of = [](VietQrTransfer t) {
    auto r = encode_vietqr(t);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "invalid");
    return r.error().message.substr(0, r.error().message.find(':'));
  };
  const VietQrTransfer ok{"970436", "0011001234567", 1000, "OC-AAAAAA"};
  auto with = [&](auto edit) {
    VietQrTransfer t = ok;
    edit(t);
    return t;
  };
  CHECK(error_of(with([](auto& t) { t.bank_bin = "97043"; })) == "bank_bin");
  CHECK(error_of(with([](auto& t) { t.bank_bin = "97043A"; })) == "bank_bin");
  CHECK(error_of(with([](auto& t) { t.account_number = ""; })) == "account_number");
  CHECK(error_of(with([](auto& t) { t.account_number = std::string(20, '1'); })) == "account_number");
  CHECK(error_of(with([](auto& t) { t.account_number = "0011 0012"; })) == "account_number");
  CHECK(error_of(with([](auto& t) { t.amount = 0; })) == "amount");
  CHECK(error_of(with([](auto& t) { t.amount = 10'000'000'000'000; })) == "amount");
  CHECK(error_of(with([](auto& t) { t.purpose = ""; })) == "purpose");
  CHECK(error_of(with([](auto& t) { t.purpose = std::string(26, 'A'); })) == "purpose");
  CHECK(error_of(with([](auto& t) { t.purpose = "Trả tiền"; })) == "purpose");
  CHECK(encode_vietqr(with([](auto& t) { t.amount = 9'999'999'999'999; })).ok());
  CHECK(encode_vietqr(with([](auto& t) { t.account_number = std::string(19, '9'); })).ok());
}
