#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "domain/text.h"

using namespace ocop::domain;

SCENARIO("The word filter matches folded whole words and phrases", "[domain][text][filter]") {
  GIVEN("a filter with a Vietnamese phrase, a word and an emoji") {
    const WordFilter filter({"lừa đảo", "xạo", "\xF0\x9F\x96\x95"});  // 🖕
    REQUIRE(filter.size() == 3);

    WHEN("the phrase appears in any spelling") {
      THEN("it matches and names the entry as given") {
        for (const char* text : {"Shop này lừa đảo!", "shop nay lua dao", "SHOP LUA DAO",
                                 "l\xC6\xB0\xCC\x80" "a đảo",        // NFD ừ
                                 "LỪA   ĐẢO", "lừa-đảo", "(lừa đảo)", "\xC2\xA0lừa\xE3\x80\x80"
                                 "đảo"}) {
          INFO(text);
          auto m = filter.match(text);
          REQUIRE(m.has_value());
          CHECK(*m == "lừa đảo");
        }
      }
    }
    WHEN("an entry only occurs inside a longer word") {
      THEN("it does not match") {
        CHECK_FALSE(filter.matches("xạoxự"));
        CHECK_FALSE(filter.matches("luadao"));
        CHECK_FALSE(filter.matches("lừa"));
        CHECK_FALSE(filter.matches("đảo lừa"));  // order matters in a phrase
      }
    }
    WHEN("a single word appears with other tones") {
      THEN("it matches, because folding drops tones") {
        CHECK(filter.match("Đừng XAO nữa") == std::optional<std::string>("xạo"));
      }
    }
    WHEN("an emoji entry appears next to words") {
      THEN("the emoji is a word of its own") {
        CHECK(filter.match("ok\xF0\x9F\x96\x95" "ok") == std::optional<std::string>("\xF0\x9F\x96\x95"));
      }
    }
    WHEN("someone hides a joiner inside a word") {
      THEN("it still matches") { CHECK(filter.matches("x\xE2\x80\x8D" "ao")); }
    }
    WHEN("someone hides any zero-width character inside a word or a phrase") {
      THEN("it still matches") {
        for (const char* zw : {"\xE2\x80\x8B", "\xE2\x80\x8C", "\xE2\x81\xA0", "\xE2\x81\xA3", "\xEF\xBB\xBF",
                               "\xC2\xAD", "\xE1\xA0\x8E", "\xEF\xB8\x80"}) {
          INFO(zw);
          CHECK(filter.matches(std::string("x") + zw + "ạo"));
          CHECK(filter.matches(std::string("lừa ") + zw + "đ" + zw + "ảo"));
        }
      }
    }
    WHEN("the text is clean, odd or malformed") {
      THEN("nothing matches and nothing breaks") {
        CHECK_FALSE(filter.matches("Mật ong rừng Tây Bắc, 125.000 ₫"));
        CHECK_FALSE(filter.matches(""));
        CHECK_FALSE(filter.matches("\xC0\xAF\xED\xA0\x80"));
        CHECK_FALSE(filter.matches("'; DROP TABLE orders; --"));
      }
    }
  }
  GIVEN("entries that fold to no words") {
    const WordFilter filter({"", "  ", "!!!"});
    THEN("they are ignored") {
      CHECK(filter.size() == 0);
      CHECK_FALSE(filter.matches("!!! anything"));
    }
  }
  GIVEN("an empty filter") {
    THEN("nothing matches") { CHECK_FALSE(WordFilter{}.matches("lừa đảo")); }
  }
}

SCENARIO("Folded words split on punctuation and spaces", "[domain][text][filter]") {
  CHECK(folded_words("Chào, shop! 125.000₫") ==
        std::vector<std::string>{"chao", "shop", "125", "000", "\xE2\x82\xAB"});
  CHECK(folded_words("  ").empty());
}
