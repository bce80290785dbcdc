#pragma once
// The two spreadsheets of issue 12, as pure functions of stored records:
// a booth's orders, and a market day's sales per booth, province and product
// group. Both are CSV with a BOM (domain/csv.h), so Excel opens them with
// the Vietnamese intact.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/model.h"

namespace ocop::domain {

// "2026-12-07 20:15:32": a time in Vietnam (UTC+7), which Excel reads as a date.
std::string format_vietnam_time(int64_t unix_seconds);

// "0912 345 678": a spreadsheet keeps it as text, leading zero and all
// (a bare 0912345678 becomes the number 912345678). Other text is unchanged.
std::string spreadsheet_phone(const std::string& phone);

// One row per order in the given order, with the product's name looked up
// in `product_names` (an unknown id is written as "#id"). Columns: id, code,
// created_at, status, product_id, product, qty, unit_price, total,
// payment_method, paid_at, name, phone, address, note, risk (codes separated
// by spaces), booth_id.
std::string orders_csv(const std::vector<Order>& orders, const std::map<int64_t, std::string>& product_names);

// Sales of orders that stand (not cancelled, not returned), and refused
// deliveries (returned) beside them.
struct Sales {
  int64_t orders = 0, units = 0, revenue = 0;
  int64_t returned_orders = 0, returned_units = 0;
  Sales& operator+=(const Sales& o);
};
struct BoothSales {
  int64_t booth_id = 0;
  std::string name, province;
  Sales sales;
};
struct GroupSales {
  std::string group;  // a product group code
  Sales sales;
};

// Columns: scope, id, name, province, orders, units, revenue,
// returned_orders, returned_units. Rows: each booth (scope "booth"), each
// province of those booths ("province", by name), each product group
// ("group", id the code, name its Vietnamese label), then "total".
std::string market_report_csv(const std::vector<BoothSales>& booths, const std::vector<GroupSales>& groups);

}  // namespace ocop::domain
