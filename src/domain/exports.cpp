#include "domain/exports.h"

#include <cstdio>

#include "domain/csv.h"
#include "domain/ocop.h"

namespace ocop::domain {
namespace {

std::vector<std::string> sales_fields(const Sales& s) {
  return {csv_number(s.orders), csv_number(s.units), csv_number(s.revenue), csv_number(s.returned_orders),
          csv_number(s.returned_units)};
}

std::string group_label_vi(const std::string& code) {
  for (const auto& g : product_groups())
    if (g.code == code) return std::string(g.label_vi);
  return code;
}

}  // namespace

Sales& Sales::operator+=(const Sales& o) {
  orders += o.orders;
  units += o.units;
  revenue += o.revenue;
  returned_orders += o.returned_orders;
  returned_units += o.returned_units;
  return *this;
}

std::string format_vietnam_time(int64_t unix_seconds) {
  const int64_t local = unix_seconds + kVietnamUtcOffsetSeconds;
  int64_t secs = local % 86400;
  if (secs < 0) secs += 86400;
  const Date d = date_of_unix(local);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", d.year, d.month, d.day, static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

std::string spreadsheet_phone(const std::string& phone) {
  if (phone.size() != 10 || phone[0] != '0') return phone;
  return phone.substr(0, 4) + " " + phone.substr(4, 3) + " " + phone.substr(7);
}

std::string orders_csv(const std::vector<Order>& orders, const std::map<int64_t, std::string>& product_names) {
  std::string out(kUtf8Bom);
  out += csv_row({"id", "code", "created_at", "status", "product_id", "product", "qty", "unit_price", "total",
                  "payment_method", "paid_at", "name", "phone", "address", "note", "risk", "booth_id"});
  for (const Order& o : orders) {
    auto name = product_names.find(o.product_id);
    std::string risk;
    for (RiskCode c : o.risk) {
      if (!risk.empty()) risk.push_back(' ');
      risk += risk_code_name(c);
    }
    out += csv_row({csv_number(o.id), csv_text(o.code), csv_text(format_vietnam_time(o.created_at)),
                    csv_text(order_status_name(o.status)), csv_number(o.product_id),
                    csv_text(name != product_names.end() ? name->second : "#" + std::to_string(o.product_id)),
                    csv_number(o.qty), csv_number(o.unit_price), csv_number(o.total),
                    csv_text(payment_method_name(o.payment_method)),
                    o.paid_at ? csv_text(format_vietnam_time(*o.paid_at)) : std::string(), csv_text(o.name),
                    csv_text(spreadsheet_phone(o.phone)), csv_text(o.address), csv_text(o.note), csv_text(risk),
                    csv_number(o.booth_id)});
  }
  return out;
}

std::string market_report_csv(const std::vector<BoothSales>& booths, const std::vector<GroupSales>& groups) {
  std::string out(kUtf8Bom);
  out += csv_row({"scope", "id", "name", "province", "orders", "units", "revenue", "returned_orders", "returned_units"});
  auto row = [&](const char* scope, std::string id, const std::string& name, const std::string& province,
                 const Sales& s) {
    std::vector<std::string> f = {scope, std::move(id), csv_text(name), csv_text(province)};
    for (auto& v : sales_fields(s)) f.push_back(std::move(v));
    out += csv_row(f);
  };
  std::map<std::string, Sales> provinces;  // by name: a stable, readable order
  Sales total;
  for (const auto& b : booths) {
    row("booth", csv_number(b.booth_id), b.name, b.province, b.sales);
    provinces[b.province] += b.sales;
    total += b.sales;
  }
  for (const auto& [name, s] : provinces) row("province", "", name, name, s);
  for (const auto& g : groups) row("group", csv_text(g.group), group_label_vi(g.group), "", g.sales);
  row("total", "", "", "", total);
  return out;
}

}  // namespace ocop::domain
