#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "domain/validate.h"

using namespace ocop::domain;
using nlohmann::json;

namespace {
template <typename T>
std::string error_of(const ocop::Result<T>& r) {
  if (r.ok()) return "";
  CHECK(r.error().code == "invalid");
  return r.error().message;
}
}  // namespace

SCENARIO("Market days", "[domain][validate][market_day]") {
  const int64_t start = 1767225600;  // 2026-01-01 00:00 UTC
  GIVEN("a valid body") {
    auto r = validate_market_day({{"title", " Chợ phiên OCOP Hà Nội "}, {"starts_at", start},
                                  {"ends_at", start + 4 * 3600}});
    REQUIRE(r.ok());
    CHECK(r->title == "Chợ phiên OCOP Hà Nội");
    CHECK(r->ends_at - r->starts_at == 4 * 3600);
    CHECK(r->id == 0);
  }
  GIVEN("bad bodies") {
    CHECK(error_of(validate_market_day({{"title", "x"}, {"starts_at", start}, {"ends_at", start}})) ==
          "ends_at: must be after starts_at");
    CHECK(error_of(validate_market_day(
              {{"title", "x"}, {"starts_at", start}, {"ends_at", start + kMaxMarketDaySeconds}})) == "");
    CHECK(error_of(validate_market_day({{"title", "x"},
                                        {"starts_at", start},
                                        {"ends_at", start + kMaxMarketDaySeconds + 1}})) ==
          "ends_at: must be at most 7 days after starts_at");
    CHECK(error_of(validate_market_day({{"title", ""}, {"starts_at", start}, {"ends_at", start + 1}})) ==
          "title: must not be empty");
    CHECK(error_of(validate_market_day(
              {{"title", std::string(201, 't')}, {"starts_at", start}, {"ends_at", start + 1}})) ==
          "title: must be 1 to 200 characters");
    CHECK(error_of(validate_market_day({{"title", "x"}, {"starts_at", 1.5}, {"ends_at", start}})) ==
          "starts_at: must be an integer >= 0");
    CHECK(error_of(validate_market_day({{"title", "x"}, {"starts_at", -5}, {"ends_at", start}})) ==
          "starts_at: must be an integer >= 0");
    CHECK(error_of(validate_market_day({{"title", "x"}, {"starts_at", start}})) == "ends_at: is required");
    CHECK(error_of(validate_market_day(
              {{"title", "x"}, {"starts_at", start}, {"ends_at", start + 1}, {"venue", "HN"}})) ==
          "venue: unknown field");
  }
}

SCENARIO("Booths", "[domain][validate][booth]") {
  GIVEN("a create body without a seller") {
    auto r = validate_booth_create({{"market_day_id", 1}, {"name", "Gian hàng Lào Cai"}, {"province", "Lào Cai"}});
    REQUIRE(r.ok());
    THEN("seller_id is present and null") {
      REQUIRE(r->seller_id.has_value());
      CHECK_FALSE(r->seller_id->has_value());
    }
  }
  GIVEN("a create body with a seller") {
    auto r = validate_booth_create(
        {{"market_day_id", 1}, {"name", "Gian hàng"}, {"province", "Huế"}, {"seller_id", 12}});
    REQUIRE(r.ok());
    CHECK(r->seller_id == std::optional<std::optional<int64_t>>(12));
  }
  GIVEN("an update") {
    THEN("absent, null and a number are told apart") {
      auto absent = validate_booth_update({{"name", "Mới"}});
      REQUIRE(absent.ok());
      CHECK_FALSE(absent->seller_id.has_value());
      CHECK_FALSE(absent->province.has_value());
      auto null = validate_booth_update({{"seller_id", nullptr}});
      REQUIRE(null.ok());
      REQUIRE(null->seller_id.has_value());
      CHECK_FALSE(null->seller_id->has_value());
    }
  }
  GIVEN("bad fields") {
    CHECK(error_of(validate_booth_create({{"name", "x"}, {"province", "Huế"}})) == "market_day_id: is required");
    CHECK(error_of(validate_booth_update({{"market_day_id", 0}})) ==
          "market_day_id: must be an integer >= 1");
    CHECK(error_of(validate_booth_update({{"seller_id", "12"}})) ==
          "seller_id: must be an integer >= 1 or null");
    CHECK(error_of(validate_booth_update({{"seller_id", -3}})) ==
          "seller_id: must be an integer >= 1 or null");
    CHECK(error_of(validate_booth_update({{"province", "Sài Gòn"}})).rfind("province:", 0) == 0);
    CHECK(error_of(validate_booth_update({{"name", std::string(121, 'n')}})) ==
          "name: must be 1 to 120 characters");
    CHECK(error_of(validate_booth_update({{"stream_key", "x"}})) == "stream_key: unknown field");
  }
}

SCENARIO("A seller's account inside the booth form", "[domain][validate][booth]") {
  const json base = {{"market_day_id", 1}, {"name", "HTX Sen"}, {"province", "Huế"}};
  auto with = [&](json seller) {
    json b = base;
    b["new_seller"] = std::move(seller);
    return b;
  };
  GIVEN("a name, a display name and a phone in any spelling") {
    auto r = validate_booth_create(with({{"username", "sen.hue"}, {"display_name", " Chị Lan "}, {"phone", "+84 912 345 678"}}));
    REQUIRE(r.ok());
    REQUIRE(r->new_seller);
    CHECK(r->new_seller->username == "sen.hue");
    CHECK(r->new_seller->profile.display_name == "Chị Lan");
    CHECK(r->new_seller->profile.phone == "0912345678");
  }
  GIVEN("only a user name; or null") {
    auto r = validate_booth_create(with({{"username", "sen.hue"}}));
    REQUIRE(r.ok());
    CHECK(r->new_seller->profile.phone.empty());
    auto none = validate_booth_create(with(nullptr));
    REQUIRE(none.ok());
    CHECK_FALSE(none->new_seller);
  }
  GIVEN("bad input, each named with its field") {
    auto field = [](const ocop::Result<BoothInput>& r) { return r.ok() ? std::string("ok") : r.error().field + "/" + r.error().rule; };
    CHECK(field(validate_booth_create(with({{"username", "Sen Huế"}}))) == "new_seller.username/bad_username");
    CHECK(field(validate_booth_create(with(json::object()))) == "new_seller.username/required");
    CHECK(field(validate_booth_create(with({{"username", "sen.hue"}, {"phone", "12345"}}))) == "new_seller.phone/bad_phone");
    CHECK(field(validate_booth_create(with({{"username", "sen.hue"}, {"display_name", std::string(101, 'a')}}))) ==
          "new_seller.display_name/too_long");
    CHECK(field(validate_booth_create(with({{"username", "sen.hue"}, {"password", "x"}}))) == "new_seller.password/unknown_field");
    CHECK(field(validate_booth_create(with("sen.hue"))) == "new_seller/wrong_type");
    json both = with({{"username", "sen.hue"}});
    both["seller_id"] = 3;
    CHECK(field(validate_booth_create(both)) == "new_seller/invalid");
    CHECK(field(validate_booth_update({{"new_seller", {{"username", "a.b.c"}}}})) == "new_seller/unknown_field");
  }
}

SCENARIO("Changing one's password", "[domain][validate][user]") {
  auto r = validate_password_change({{"current_password", "cũ"}, {"new_password", "mật khẩu mới"}});
  REQUIRE(r.ok());
  CHECK(r->new_password == "mật khẩu mới");
  CHECK(validate_password_change({{"current_password", "abcdefgh"}, {"new_password", "abcdefgh"}}).error().rule ==
        "same_password");
  CHECK(validate_password_change({{"current_password", "x"}, {"new_password", "short"}}).error().rule == "too_short");
  CHECK(validate_password_change({{"new_password", "abcdefgh"}}).error().field == "current_password");
  CHECK(validate_password_change({{"current_password", "x"}, {"new_password", "abcdefgh"}, {"otp", 1}}).error().rule ==
        "unknown_field");
}

SCENARIO("Editing a market day", "[domain][validate][market_day]") {
  const MarketDay current{4, "Chợ phiên", 1000000, 1000000 + 4 * 3600};
  GIVEN("a new title only") {
    auto r = validate_market_day_update({{"title", "Chợ Tết"}}, current);
    REQUIRE(r.ok());
    CHECK(r->id == 4);
    CHECK(r->title == "Chợ Tết");
    CHECK(r->starts_at == current.starts_at);
    CHECK(r->ends_at == current.ends_at);
  }
  GIVEN("times checked with the ones kept") {
    CHECK(validate_market_day_update({{"ends_at", current.starts_at + 7 * 86400}}, current).ok());
    auto long_day = validate_market_day_update({{"ends_at", current.starts_at + 7 * 86400 + 1}}, current);
    CHECK(long_day.error().rule == "too_long");
    auto backwards = validate_market_day_update({{"starts_at", current.ends_at}}, current);
    CHECK(backwards.error().rule == "before_start");
    CHECK(validate_market_day_update({{"venue", "x"}}, current).error().rule == "unknown_field");
    CHECK(validate_market_day_update({{"title", ""}}, current).error().field == "title");
  }
}

SCENARIO("User accounts", "[domain][validate][user]") {
  GIVEN("a valid seller") {
    auto r = validate_new_user({{"username", "seller_7.hn-1"}, {"password", "mật khẩu 8"}, {"role", "seller"}});
    REQUIRE(r.ok());
    CHECK(r->username == "seller_7.hn-1");
    CHECK(r->password == "mật khẩu 8");  // never trimmed or altered
    CHECK(r->role == Role::kSeller);
  }
  GIVEN("an organizer") {
    auto r = validate_new_user({{"username", "bqt"}, {"password", "12345678"}, {"role", "organizer"}});
    REQUIRE(r.ok());
    CHECK(r->role == Role::kOrganizer);
  }
  GIVEN("bad fields") {
    const auto make = [](json username, json password, json role) {
      return error_of(validate_new_user({{"username", username}, {"password", password}, {"role", role}}));
    };
    CHECK(make("ab", "12345678", "seller") == "username: must be 3 to 32 bytes");
    CHECK(make(std::string(33, 'a'), "12345678", "seller") == "username: must be 3 to 32 bytes");
    CHECK(make("Seller1", "12345678", "seller") == "username: must be 3 to 32 of a-z 0-9 _ . -");
    CHECK(make("bán_hàng", "12345678", "seller") == "username: must be 3 to 32 of a-z 0-9 _ . -");
    CHECK(make("a b", "12345678", "seller") == "username: must be 3 to 32 of a-z 0-9 _ . -");
    CHECK(make("seller1", "1234567", "seller") == "password: must be 8 to 128 bytes");
    CHECK(make("seller1", std::string(129, 'p'), "seller") == "password: must be 8 to 128 bytes");
    CHECK(make("seller1", std::string(128, 'p'), "seller") == "");
    CHECK(make("seller1", 12345678, "seller") == "password: must be a string");
    CHECK(make("seller1", "12345678", "viewer") == "role: must be \"seller\" or \"organizer\"");
    CHECK(make("seller1", "12345678", "admin") == "role: must be \"seller\" or \"organizer\"");
  }
}

SCENARIO("Login bodies", "[domain][validate][login]") {
  auto ok = validate_login({{"username", "Seller1"}, {"password", "x"}});
  REQUIRE(ok.ok());
  CHECK(ok->username == "Seller1");  // a malformed name is a failed login, not a 400
  CHECK(error_of(validate_login({{"username", "a"}})) == "password: is required");
  CHECK(error_of(validate_login({{"username", 1}, {"password", "x"}})) == "username: must be a string");
  CHECK(error_of(validate_login({{"username", "a"}, {"password", std::string(129, 'p')}})) ==
        "password: must be 1 to 128 bytes");
  CHECK(error_of(validate_login(json::array())) == "body: must be a JSON object");
}

SCENARIO("Order customer fields", "[domain][validate][order]") {
  const json base = {{"name", "Chị Lan"}, {"phone", "091 234 5678"}, {"address", "12 Hàng Bạc, Hoàn Kiếm, Hà Nội"}};
  GIVEN("valid fields") {
    auto r = validate_order_customer(base);
    REQUIRE(r.ok());
    CHECK(r->name == "Chị Lan");
    CHECK(r->phone == "0912345678");
    CHECK(r->note == "");
  }
  GIVEN("a note") {
    json body = base;
    body["note"] = "Giao giờ hành chính\nGọi trước";
    CHECK(validate_order_customer(body)->note == "Giao giờ hành chính\nGọi trước");
    body["note"] = nullptr;
    CHECK(validate_order_customer(body)->note == "");
    body["note"] = std::string(501, 'n');
    CHECK(error_of(validate_order_customer(body)) == "note: must be at most 500 characters");
  }
  GIVEN("bad fields") {
    const auto with = [&](const char* key, json v) {
      json body = base;
      body[key] = v;
      return error_of(validate_order_customer(body));
    };
    CHECK(with("name", "") == "name: must not be empty");
    CHECK(with("name", std::string(101, 'x')) == "name: must be 1 to 100 characters");
    CHECK(with("phone", "0243 826 1234") == "phone: must be a Vietnamese mobile number, e.g. 0912 345 678");
    CHECK(with("phone", 912345678) == "phone: must be a string");
    CHECK(with("address", "Hà Nội") == "address: must be 10 to 300 characters");
    CHECK(with("address", std::string(301, 'a')) == "address: must be 10 to 300 characters");
    CHECK(with("address", "12 Hàng Bạc\nHà Nội") == "address: must not contain control characters");
  }
}

SCENARIO("FieldReader names nested fields", "[domain][validate][reader]") {
  const json deal = {{"price", -1}};
  FieldReader r(deal, "deal.");
  CHECK_FALSE(r.integer("price", 0, 10, Need::kRequired).has_value());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "deal.price: must be an integer from 0 to 10");
  THEN("the first error is kept") {
    r.fail("other", "later");
    CHECK(r.error().message == "deal.price: must be an integer from 0 to 10");
  }
  const json array = json::array();
  FieldReader not_object(array, "deal.");
  CHECK(not_object.error().message == "deal: must be a JSON object");
}

SCENARIO("Validation errors name the field and the rule for the client", "[domain][validate][rule]") {
  using nlohmann::json;
  auto day = validate_market_day({{"title", "Phiên chợ"}, {"starts_at", 0}, {"ends_at", 8 * 24 * 3600}});
  REQUIRE_FALSE(day.ok());
  CHECK(day.error().field == "ends_at");
  CHECK(day.error().rule == "too_long");
  auto backwards = validate_market_day({{"title", "Phiên chợ"}, {"starts_at", 100}, {"ends_at", 50}});
  CHECK(backwards.error().rule == "before_start");
  auto missing = validate_market_day({{"starts_at", 0}, {"ends_at", 60}});
  CHECK(missing.error().field == "title");
  CHECK(missing.error().rule == "required");
  auto user = validate_new_user({{"username", "Nguyễn Văn"}, {"password", "longenough"}, {"role", "seller"}});
  CHECK(user.error().field == "username");
  CHECK(user.error().rule == "bad_username");
  auto pw = validate_new_user({{"username", "nguyenvan"}, {"password", "short"}, {"role", "seller"}});
  CHECK(pw.error().field == "password");
  CHECK(pw.error().rule == "too_short");
  auto extra = validate_new_user({{"username", "nguyenvan"}, {"password", "longenough"}, {"role", "seller"}, {"x", 1}});
  CHECK(extra.error().rule == "unknown_field");
  auto title = validate_market_day({{"title", std::string(201, 'a')}, {"starts_at", 0}, {"ends_at", 60}});
  CHECK(title.error().rule == "too_long");
  auto typed = validate_market_day({{"title", "x"}, {"starts_at", "0"}, {"ends_at", 60}});
  CHECK(typed.error().field == "starts_at");
  CHECK(typed.error().rule == "wrong_type");
}
