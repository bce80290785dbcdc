#include <catch2/catch.hpp>

#include <string>

#include "hub/protocol/client_message.h"

using namespace ocop::hub::protocol;

namespace {

template <typename T>
T parse_as(std::string_view text) {
  auto r = parse_client_message(text);
  INFO(text);
  if (!r.ok()) FAIL("unexpected error " << r.error().code << ": " << r.error().message);
  REQUIRE(std::holds_alternative<T>(*r));
  return std::get<T>(*r);
}

// "code: message" of a failed parse, or "ok".
std::string outcome(std::string_view text, const ParseLimits& limits = {}) {
  auto r = parse_client_message(text, limits);
  if (r.ok()) return "ok";
  return r.error().code + ": " + r.error().message;
}

std::string nested(int depth) {
  std::string s = R"({"type":"chat","text":"x","extra":)";
  for (int i = 1; i < depth; ++i) s += "[";  // the object is level 1
  s += "1";
  for (int i = 1; i < depth; ++i) s += "]";
  return s + "}";
}

}  // namespace

SCENARIO("Frames that are not a JSON object are bad_json", "[hub][protocol][errors]") {
  for (const char* text : {"", "hello", "{", R"({"type":"chat",})", "[1,2]", "42", "null",
                           R"("chat")", "{'type':'chat'}", "{\"type\":\"chat\"} trailing",
                           R"({"type":"chat","text":"a"}{"type":"chat"})"}) {
    INFO(text);
    CHECK(outcome(text).rfind("bad_json: ", 0) == 0);
  }
  THEN("invalid UTF-8, raw or escaped, is bad_json") {
    CHECK(outcome("{\"type\":\"chat\",\"text\":\"\xC0\xAF\"}") == "bad_json: message is not valid UTF-8");
    CHECK(outcome("{\"type\":\"chat\",\"text\":\"\xED\xA0\x80\"}") == "bad_json: message is not valid UTF-8");
    CHECK(outcome("{\"type\":\"chat\",\"text\":\"\xE1\xBA\"}") == "bad_json: message is not valid UTF-8");
    CHECK(outcome(R"({"type":"chat","text":"\ud800"})") == "bad_json: message is not valid JSON");
    CHECK(outcome(R"({"type":"chat","text":"\udc00\ud800"})") == "bad_json: message is not valid JSON");
  }
  THEN("numbers that overflow a double are bad_json") {
    CHECK(outcome(R"({"type":"slow_mode","seconds":1e400})") == "bad_json: message is not valid JSON");
  }
}

SCENARIO("Limits on size and nesting", "[hub][protocol][limits]") {
  GIVEN("nesting") {
    THEN("8 levels pass and 9 are refused") {
      CHECK(outcome(nested(8)) == "ok");
      CHECK(outcome(nested(9)) == "bad_json: message nested deeper than 8 levels");
      CHECK(outcome(nested(5000)) == "bad_json: message nested deeper than 8 levels");
      CHECK(outcome(std::string(60000, '[')) == "bad_json: message nested deeper than 8 levels");
    }
    THEN("the limit is configurable") {
      CHECK(outcome(nested(3), {64 * 1024, 3}) == "ok");
      CHECK(outcome(nested(4), {64 * 1024, 3}).rfind("bad_json", 0) == 0);
    }
  }
  GIVEN("size") {
    const std::string padding(64 * 1024, ' ');
    const std::string msg = R"({"type":"unpin"})";
    THEN("64 KiB pass and one byte more is refused") {
      CHECK(outcome(msg + padding.substr(msg.size())) == "ok");
      CHECK(outcome(msg + padding.substr(msg.size() - 1)) == "bad_json: message larger than 65536 bytes");
      CHECK(outcome(msg, {8, 8}) == "bad_json: message larger than 8 bytes");
    }
  }
}

SCENARIO("The type decides the message", "[hub][protocol][errors]") {
  CHECK(outcome(R"({"text":"hi"})") == "unknown_type: type: is required");
  CHECK(outcome(R"({"type":5})") == "unknown_type: type: must be a string");
  CHECK(outcome(R"({"type":null})") == "unknown_type: type: must be a string");
  CHECK(outcome(R"({"type":"dance"})") == "unknown_type: type: unknown");
  CHECK(outcome(R"({"type":"Chat","text":"hi"})") == "unknown_type: type: unknown");
  CHECK(outcome(R"({"type":"chat ","text":"hi"})") == "unknown_type: type: unknown");
  CHECK(message_type(parse_as<Unpin>(R"({"type":"unpin"})")) == "unpin");
  CHECK(message_type(ClientMessage{Mute{1, 2}}) == "mute");
}

SCENARIO("hello carries a nickname", "[hub][protocol][hello]") {
  CHECK(parse_as<Hello>(R"({"type":"hello","nickname":"  Chị Lan 🌸  "})").nickname == "Chị Lan 🌸");
  CHECK(parse_as<Hello>("{\"type\":\"hello\",\"nickname\":\"\xE3\x80\x80" "Bảo\xC2\xA0\"}").nickname == "Bảo");
  THEN("length is counted in code points after trimming") {
    std::string ok32;
    for (int i = 0; i < 32; ++i) ok32 += "ữ";
    CHECK(parse_as<Hello>(R"({"type":"hello","nickname":")" + ok32 + R"("})").nickname == ok32);
    CHECK(outcome(R"({"type":"hello","nickname":")" + ok32 + R"(a"})") ==
          "invalid: nickname: must be 1 to 32 characters");
    std::string emoji32;
    for (int i = 0; i < 32; ++i) emoji32 += "\xF0\x9F\x98\x80";
    CHECK(parse_as<Hello>(R"({"type":"hello","nickname":")" + emoji32 + R"("})").nickname == emoji32);
    CHECK(outcome(R"({"type":"hello","nickname":"   "})") == "invalid: nickname: must not be empty");
    CHECK(outcome(R"({"type":"hello","nickname":"\u3000"})") == "invalid: nickname: must not be empty");
  }
  THEN("control, bidi and line characters are refused") {
    for (const char* nick : {R"(Lan\u0000)", R"(La\nn)", R"(a\tb)", R"(\u202Egnp)", R"(x\u2066y)",
                             R"(\u001b[31mred)", R"(x\u0085x)", R"(x\u007fx)"}) {
      INFO(nick);
      CHECK(outcome(std::string(R"({"type":"hello","nickname":")") + nick + R"("})") ==
            "invalid: nickname: must not contain control characters");
    }
  }
  THEN("missing or wrong type is invalid and names the field") {
    CHECK(outcome(R"({"type":"hello"})") == "invalid: nickname: is required");
    CHECK(outcome(R"({"type":"hello","nickname":7})") == "invalid: nickname: must be a string");
    CHECK(outcome(R"({"type":"hello","nickname":["Lan"]})") == "invalid: nickname: must be a string");
  }
}

SCENARIO("chat carries text", "[hub][protocol][chat]") {
  CHECK(parse_as<Chat>(R"({"type":"chat","text":"Chào shop"})").text == "Chào shop");
  CHECK(parse_as<Chat>(R"({"type":"chat","text":"  Cho em 2 hũ nhé ạ  "})").text == "Cho em 2 hũ nhé ạ");
  THEN("NFD text is kept as sent") {
    CHECK(parse_as<Chat>(R"({"type":"chat","text":"l\u01b0\u0300a"})").text == "l\xC6\xB0\xCC\x80" "a");
  }
  THEN("markup, quotes and SQL are data and pass unchanged") {
    CHECK(parse_as<Chat>(R"({"type":"chat","text":"<script>alert('x')</script>"})").text ==
          "<script>alert('x')</script>");
    CHECK(parse_as<Chat>(R"({"type":"chat","text":"\"quoted\" '; DROP TABLE chat; --"})").text ==
          "\"quoted\" '; DROP TABLE chat; --");
    CHECK(parse_as<Chat>(R"({"type":"chat","text":"a\\b \/ &amp;"})").text == "a\\b / &amp;");
  }
  THEN("line breaks and tabs become spaces") {
    CHECK(parse_as<Chat>(R"({"type":"chat","text":"dòng 1\r\ndòng 2\tcuối\n"})").text ==
          "dòng 1  dòng 2 cuối");
  }
  THEN("other control characters are refused") {
    CHECK(outcome(R"({"type":"chat","text":"a\u0000b"})") == "invalid: text: must not contain control characters");
    CHECK(outcome(R"({"type":"chat","text":"\u202Eabc"})") == "invalid: text: must not contain control characters");
  }
  THEN("length is 1..500 code points after trimming") {
    std::string viet500;
    for (int i = 0; i < 500; ++i) viet500 += "ệ";
    CHECK(parse_as<Chat>(R"({"type":"chat","text":")" + viet500 + R"("})").text.size() == 1500);
    CHECK(outcome(R"({"type":"chat","text":")" + viet500 + R"(!"})") ==
          "invalid: text: must be 1 to 500 characters");
    CHECK(outcome(R"({"type":"chat","text":"  \n "})") == "invalid: text: must not be empty");
    CHECK(outcome(R"({"type":"chat","text":""})") == "invalid: text: must not be empty");
    CHECK(outcome(R"({"type":"chat"})") == "invalid: text: is required");
    CHECK(outcome(R"({"type":"chat","text":{"a":1}})") == "invalid: text: must be a string");
  }
  THEN("unknown extra fields are ignored") {
    CHECK(parse_as<Chat>(R"({"type":"chat","text":"hi","lang":"vi","v":2,"x":{"y":[1]}})").text == "hi");
  }
}

SCENARIO("react carries a kind", "[hub][protocol][react]") {
  CHECK(parse_as<React>(R"({"type":"react","kind":"heart"})").kind == ReactionKind::kHeart);
  CHECK(parse_as<React>(R"({"type":"react","kind":"like"})").kind == ReactionKind::kLike);
  CHECK(parse_as<React>(R"({"type":"react","kind":"wow"})").kind == ReactionKind::kWow);
  CHECK(outcome(R"({"type":"react","kind":"angry"})") == "invalid: kind: must be heart, like or wow");
  CHECK(outcome(R"({"type":"react","kind":"HEART"})") == "invalid: kind: must be heart, like or wow");
  CHECK(outcome(R"({"type":"react","kind":1})") == "invalid: kind: must be a string");
  CHECK(outcome(R"({"type":"react"})") == "invalid: kind: is required");
}

SCENARIO("Moderation messages", "[hub][protocol][moderation]") {
  GIVEN("delete_message") {
    CHECK(parse_as<DeleteMessage>(R"({"type":"delete_message","id":42})").id == 42);
    CHECK(parse_as<DeleteMessage>(R"({"type":"delete_message","id":9223372036854775807})").id ==
          INT64_MAX);
    for (const char* id : {"0", "-1", "1.5", "42.0", "1e3", "\"42\"", "true", "null",
                           "9223372036854775808", "18446744073709551616", "1e300"}) {
      INFO(id);
      CHECK(outcome(std::string(R"({"type":"delete_message","id":)") + id + "}") ==
            "invalid: id: must be an integer >= 1");
    }
  }
  GIVEN("mute") {
    const auto m = parse_as<Mute>(R"({"type":"mute","viewer_id":17,"minutes":10})");
    CHECK(m.viewer_id == 17);
    CHECK(m.minutes == 10);
    CHECK(parse_as<Mute>(R"({"type":"mute","viewer_id":1,"minutes":1440})").minutes == 1440);
    CHECK(outcome(R"({"type":"mute","viewer_id":1,"minutes":1441})") ==
          "invalid: minutes: must be an integer from 1 to 1440");
    CHECK(outcome(R"({"type":"mute","viewer_id":1,"minutes":0})") ==
          "invalid: minutes: must be an integer from 1 to 1440");
    CHECK(outcome(R"({"type":"mute","viewer_id":"17","minutes":5})") ==
          "invalid: viewer_id: must be an integer >= 1");
    CHECK(outcome(R"({"type":"mute","minutes":5})") == "invalid: viewer_id: is required");
    CHECK_FALSE(m.booth_id);
    CHECK(parse_as<Mute>(R"({"type":"mute","viewer_id":1,"minutes":5,"booth_id":9})").booth_id == std::optional<int64_t>(9));
    CHECK(outcome(R"({"type":"mute","viewer_id":1,"minutes":5,"booth_id":0})").rfind("invalid: booth_id:", 0) == 0);
  }
  GIVEN("unmute") {
    const auto m = parse_as<Unmute>(R"({"type":"unmute","viewer_id":17,"booth_id":3})");
    CHECK(m.viewer_id == 17);
    CHECK(m.booth_id == std::optional<int64_t>(3));
    CHECK_FALSE(parse_as<Unmute>(R"({"type":"unmute","viewer_id":17})").booth_id);
    CHECK(outcome(R"({"type":"unmute"})") == "invalid: viewer_id: is required");
    CHECK(outcome(R"({"type":"unmute","viewer_id":1,"booth_id":"3"})").rfind("invalid: booth_id:", 0) == 0);
  }
  GIVEN("slow_mode") {
    CHECK(parse_as<SlowMode>(R"({"type":"slow_mode","seconds":0})").seconds == 0);
    CHECK(parse_as<SlowMode>(R"({"type":"slow_mode","seconds":3600})").seconds == 3600);
    CHECK(outcome(R"({"type":"slow_mode","seconds":3601})") ==
          "invalid: seconds: must be an integer from 0 to 3600");
    CHECK(outcome(R"({"type":"slow_mode","seconds":-1})") ==
          "invalid: seconds: must be an integer from 0 to 3600");
    CHECK(outcome(R"({"type":"slow_mode","seconds":30.5})") ==
          "invalid: seconds: must be an integer from 0 to 3600");
  }
}

SCENARIO("pin and unpin", "[hub][protocol][pin]") {
  GIVEN("a pin without a deal") {
    for (const char* text : {R"({"type":"pin","product_id":5})", R"({"type":"pin","product_id":5,"deal":null})"}) {
      const auto p = parse_as<Pin>(text);
      CHECK(p.product_id == 5);
      CHECK_FALSE(p.deal.has_value());
    }
  }
  GIVEN("a pin with a deal") {
    const auto p = parse_as<Pin>(
        R"({"type":"pin","product_id":5,"deal":{"price":99000,"quantity":20,"ends_at":1767229200}})");
    REQUIRE(p.deal.has_value());
    CHECK(p.deal->price == 99000);
    CHECK(p.deal->quantity == 20);
    CHECK(p.deal->ends_at == 1767229200);
    THEN("per_buyer is left to the room's default") { CHECK_FALSE(p.deal->per_buyer.has_value()); }
  }
  GIVEN("a deal with a per-buyer cap") {
    const auto p = parse_as<Pin>(
        R"({"type":"pin","product_id":5,"deal":{"price":99000,"quantity":50,"ends_at":1767229200,"per_buyer":3}})");
    REQUIRE(p.deal.has_value());
    CHECK(p.deal->per_buyer == 3);
  }
  GIVEN("bad per-buyer caps") {
    for (const char* bad : {"0", "-1", "1.5", "\"2\"", "true", "1000001"}) {
      const std::string text =
          std::string(R"({"type":"pin","product_id":5,"deal":{"price":1,"quantity":5,"ends_at":9,"per_buyer":)") +
          bad + "}}";
      INFO(text);
      CHECK(outcome(text) == "invalid: deal.per_buyer: must be an integer from 1 to 1000000");
    }
  }
  GIVEN("bad deals") {
    CHECK(outcome(R"({"type":"pin","product_id":5,"deal":{"price":1,"quantity":0,"ends_at":9}})") ==
          "invalid: deal.quantity: must be an integer from 1 to 1000000");
    CHECK(outcome(R"({"type":"pin","product_id":5,"deal":{"price":-5,"quantity":1,"ends_at":9}})") ==
          "invalid: deal.price: must be an integer from 0 to 1000000000");
    CHECK(outcome(R"({"type":"pin","product_id":5,"deal":{"price":5,"quantity":1}})") ==
          "invalid: deal.ends_at: is required");
    CHECK(outcome(R"({"type":"pin","product_id":5,"deal":[1]})") == "invalid: deal: must be an object or null");
    CHECK(outcome(R"({"type":"pin","product_id":5,"deal":true})") == "invalid: deal: must be an object or null");
    CHECK(outcome(R"({"type":"pin"})") == "invalid: product_id: is required");
    CHECK(outcome(R"({"type":"pin","product_id":0})") == "invalid: product_id: must be an integer >= 1");
  }
  GIVEN("unpin with extra fields") {
    THEN("it is still unpin") { parse_as<Unpin>(R"({"type":"unpin","product_id":"whatever"})"); }
  }
}
