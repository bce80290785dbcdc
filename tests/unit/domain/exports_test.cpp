#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "domain/csv.h"
#include "domain/exports.h"

using namespace ocop::domain;

SCENARIO("CSV fields are quoted only when they must be, and never run as formulas", "[domain][csv]") {
  CHECK(csv_text("Nguyễn Thị Hoa") == "Nguyễn Thị Hoa");
  CHECK(csv_text("12 Lê Lợi, Huế") == "\"12 Lê Lợi, Huế\"");
  CHECK(csv_text("Chè \"Tân Cương\"") == "\"Chè \"\"Tân Cương\"\"\"");
  CHECK(csv_text("dòng 1\ndòng 2") == "\"dòng 1\ndòng 2\"");
  CHECK(csv_text("") == "");
  CHECK(csv_text("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(csv_text("+84912345678") == "'+84912345678");
  CHECK(csv_text("-giao buổi sáng") == "'-giao buổi sáng");
  CHECK(csv_text("@chi") == "'@chi");
  CHECK(csv_text("\tx") == "'\tx");
  CHECK(csv_number(-5) == "-5");
  CHECK(csv_row({"a", "\"b,c\"", ""}) == "a,\"b,c\",\r\n");
  CHECK(kUtf8Bom == "\xEF\xBB\xBF");
}

SCENARIO("Times and phones are written for a spreadsheet", "[domain][exports]") {
  CHECK(format_vietnam_time(0) == "1970-01-01 07:00:00");
  CHECK(format_vietnam_time(1796649332) == "2026-12-07 20:15:32");
  CHECK(format_vietnam_time(1767200399) == "2025-12-31 23:59:59");  // 16:59:59 UTC
  CHECK(format_vietnam_time(1767200400) == "2026-01-01 00:00:00");
  CHECK(spreadsheet_phone("0912345678") == "0912 345 678");
  CHECK(spreadsheet_phone("12345") == "12345");
}

SCENARIO("A booth's orders as CSV", "[domain][exports]") {
  Order o;
  o.id = 7;
  o.code = "OC-7K3M9Q";
  o.booth_id = 2;
  o.product_id = 11;
  o.qty = 2;
  o.unit_price = 129000;
  o.total = 258000;
  o.name = "Nguyễn Thị Hoa";
  o.phone = "0912345678";
  o.address = "Số 12 ngõ 34 Trần Phú, Hà Đông, Hà Nội";
  o.note = "";
  o.status = OrderStatus::kConfirmed;
  o.created_at = 1796649332;
  o.payment_method = PaymentMethod::kBankTransfer;
  o.paid_at = 1796649392;
  o.risk = {RiskCode::kNewPhone, RiskCode::kManyFromAddress};
  Order other = o;
  other.id = 8;
  other.product_id = 99;
  other.payment_method = PaymentMethod::kCod;
  other.paid_at.reset();
  other.risk = {};
  const std::string csv = orders_csv({o, other}, {{11, "Mật ong bạc hà Mèo Vạc"}});
  const std::string header =
      "id,code,created_at,status,product_id,product,qty,unit_price,total,payment_method,paid_at,name,phone,address,"
      "note,risk,booth_id\r\n";
  CHECK(csv ==
        std::string(kUtf8Bom) + header +
            "7,OC-7K3M9Q,2026-12-07 20:15:32,confirmed,11,Mật ong bạc hà Mèo Vạc,2,129000,258000,bank_transfer,"
            "2026-12-07 20:16:32,Nguyễn Thị Hoa,0912 345 678,\"Số 12 ngõ 34 Trần Phú, Hà Đông, Hà Nội\",,"
            "new_phone many_from_address,2\r\n"
            "8,OC-7K3M9Q,2026-12-07 20:15:32,confirmed,99,#99,2,129000,258000,cod,,Nguyễn Thị Hoa,0912 345 678,"
            "\"Số 12 ngõ 34 Trần Phú, Hà Đông, Hà Nội\",,,2\r\n");
  CHECK(orders_csv({}, {}) == std::string(kUtf8Bom) + header);
}

SCENARIO("A market day's report sums booths into provinces and a total", "[domain][exports]") {
  const std::vector<BoothSales> booths = {
      {1, "HTX Chè Tân Cương", "Thái Nguyên", {3, 5, 500000, 1, 2}},
      {2, "Mật ong Mèo Vạc", "Tuyên Quang", {1, 1, 120000, 0, 0}},
      {3, "Trà Shan tuyết", "Thái Nguyên", {2, 2, 200000, 0, 0}},
  };
  const std::vector<GroupSales> groups = {{"beverage", {5, 7, 700000, 1, 2}}, {"food", {1, 1, 120000, 0, 0}}};
  CHECK(market_report_csv(booths, groups) ==
        std::string(kUtf8Bom) +
            "scope,id,name,province,orders,units,revenue,returned_orders,returned_units\r\n"
            "booth,1,HTX Chè Tân Cương,Thái Nguyên,3,5,500000,1,2\r\n"
            "booth,2,Mật ong Mèo Vạc,Tuyên Quang,1,1,120000,0,0\r\n"
            "booth,3,Trà Shan tuyết,Thái Nguyên,2,2,200000,0,0\r\n"
            "province,,Thái Nguyên,Thái Nguyên,5,7,700000,1,2\r\n"
            "province,,Tuyên Quang,Tuyên Quang,1,1,120000,0,0\r\n"
            "group,beverage,Đồ uống,,5,7,700000,1,2\r\n"
            "group,food,Thực phẩm,,1,1,120000,0,0\r\n"
            "total,,,,6,8,820000,1,2\r\n");
}
