#include <catch2/catch.hpp>

#include <string>

#include "domain/validate.h"

TEST_CASE("order codes as buyers type them", "[domain][order][lookup]") {
  CHECK(ocop::domain::normalize_order_code("OC-7KQ2MX") == "OC-7KQ2MX");
  CHECK(ocop::domain::normalize_order_code(" oc-7kq2mx ") == "OC-7KQ2MX");
  CHECK(ocop::domain::normalize_order_code("7KQ2MX") == "OC-7KQ2MX");
  CHECK_FALSE(ocop::domain::normalize_order_code("OC-7KQ2M").has_value());     // short
  CHECK_FALSE(ocop::domain::normalize_order_code("OC-7KQ2MXX").has_value());   // long
  CHECK_FALSE(ocop::domain::normalize_order_code("OC-7KQ0MX").has_value());    // 0 is not in the alphabet
  CHECK_FALSE(ocop::domain::normalize_order_code("OC-7KQ2M%").has_value());
  CHECK_FALSE(ocop::domain::normalize_order_code("OC-7KQ2M\xC3\xA9").has_value());
  CHECK_FALSE(ocop::domain::normalize_order_code("").has_value());
  CHECK_FALSE(ocop::domain::normalize_order_code("OC-").has_value());
  CHECK_FALSE(ocop::domain::normalize_order_code(std::string(10000, 'A')).has_value());
}
