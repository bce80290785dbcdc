#include <catch2/catch.hpp>

#include "domain/chat_order.h"

using ocop::domain::parse_chat_order;

SCENARIO("chat lines that order the pinned product give its quantity", "[domain][chat_order]") {
  struct Case {
    const char* text;
    const char* unit;
    int qty;
  };
  for (const Case& c : {Case{"lấy 2", "hộp", 2}, Case{"chốt 1 hộp", "hộp", 1}, Case{"đặt ba chai", "chai 500ml", 3},
                        Case{"2 hộp nhé shop", "hộp", 2}, Case{"mua 1", "kg", 1}, Case{"lay 2", "hop", 2},
                        Case{"chot 1 hop", "hộp", 1}, Case{"dat ba chai", "chai", 3}, Case{"2 hop nhe shop", "Hộp", 2},
                        Case{"Em lấy hai hộp ạ", "hộp", 2}, Case{"CHỐT 5", "gói", 5}, Case{"cho mình đặt 3 gói nha", "gói", 3},
                        Case{"lấy mười", "hộp", 10}, Case{"mua bốn chai", "chai", 4}, Case{"lấy 1 túi", "túi 200g", 1}}) {
    INFO(c.text);
    auto o = parse_chat_order(c.text, c.unit, 10);
    REQUIRE(o);
    CHECK(o->quantity == c.qty);
  }
  CHECK(parse_chat_order("lấy mười hai", "hộp", 20)->quantity == 12);
}

SCENARIO("questions, chatter and too much are not orders", "[domain][chat_order]") {
  for (const char* text : {"còn 2 hộp không?", "2", "ba ơi xem nè", "giá bao nhiêu", "lấy 2 được không", "hàng đẹp quá",
                           "lấy 20", "mua 0", "lấy 2 hộp 3 chai", "", "   ", "lấy", "hộp này bao nhiêu tiền vậy shop",
                           "một hai ba bốn năm sáu bảy tám chín mười một hai ba", "shop ơi mua 2 hộp còn không"}) {
    INFO(text);
    CHECK_FALSE(parse_chat_order(text, "hộp", 10));
  }
}

SCENARIO("any bytes give an answer or nothing, never a crash", "[domain][chat_order]") {
  const std::string junk[] = {std::string("\xff\xfe lấy 2", 8), std::string(5000, '9'), "lấy 999999999999999999999",
                              std::string("l\0y 2", 5)};
  for (const auto& t : junk) CHECK_NOTHROW(parse_chat_order(t, "hộp", 10));
}
