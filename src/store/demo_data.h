#pragma once
// The demo market day seeded by `--demo` (DESIGN.md §3): eight booths from
// eight provinces, north to south, each with real OCOP-style specialities of
// its province. Plain data, no I/O; the store turns it into rows.
//
// Facts kept by this data (and checked by tests/unit/store/demo_data_test.cpp):
// provinces are the 34 post-July-2025 names, groups are the codes of
// domain::product_groups(), stars are 3..5, certificate dates are YYYY-MM-DD
// between 2024-03-01 and 2026-09-30, prices are whole VND, every image_url
// names an SVG under web-client/.
#include <string>
#include <vector>

namespace ocop::store {

struct DemoProduct {
  std::string name, producer, province, group;  // group: food|beverage|herbal|textile|souvenir|tourism
  int stars;                                      // 3..5
  std::string certificate_date;                   // YYYY-MM-DD
  long long price;                                // whole VND
  std::string unit;                               // "hộp 500 g", "chai 750 ml", "kg", ...
  long long stock;
  std::string story;                              // 2-4 sentences, Vietnamese
  std::string image_url;                          // "/img/products/<slug>.svg"
  std::string traceability_url;                   // plausible https URL
};

struct DemoBooth {
  std::string name;       // the selling cooperative/household, e.g. "HTX Chè Tân Cương Xanh"
  std::string province;   // one of domain::provinces()
  std::vector<DemoProduct> products;  // at least 4
};

struct DemoMarketDay {
  std::string title;
  std::vector<DemoBooth> booths;
};

// Built once, on first call; the same object afterwards.
const DemoMarketDay& demo_market_day();

}  // namespace ocop::store
