#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "ingest/rtmp/amf0.h"
#include "rtmp_test_client.h"

using namespace ocop::rtmp;
using amf0::Value;
using test::hex_bytes;

namespace {

Value round_trip(const Value& v) {
  std::string bytes;
  amf0::encode(v, bytes);
  size_t pos = 0;
  auto decoded = amf0::decode(test::bytes_of(bytes), bytes.size(), &pos);
  REQUIRE(decoded.ok());
  CHECK(pos == bytes.size());
  return *decoded;
}

Value nested_objects(int depth) {
  Value v = Value::make_number(1);
  for (int i = 0; i < depth; ++i) v = Value::make_object({{"k", v}});
  return v;
}

}  // namespace

SCENARIO("AMF0 values encode to the bytes of the AMF0 spec", "[rtmp][amf0]") {
  std::string out;
  SECTION("number 1.0 is marker 0 and an IEEE-754 double, big-endian") {
    amf0::encode(Value::make_number(1.0), out);
    CHECK(out == hex_bytes({0x00, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0}));
  }
  SECTION("boolean true is marker 1 and byte 1") {
    amf0::encode(Value::make_boolean(true), out);
    CHECK(out == hex_bytes({0x01, 0x01}));
  }
  SECTION("string has a 16-bit length") {
    amf0::encode(Value::make_string("ab"), out);
    CHECK(out == hex_bytes({0x02, 0x00, 0x02, 'a', 'b'}));
  }
  SECTION("object ends with an empty key and marker 9") {
    amf0::encode(Value::make_object({{"a", Value::make_null()}}), out);
    CHECK(out == hex_bytes({0x03, 0x00, 0x01, 'a', 0x05, 0x00, 0x00, 0x09}));
  }
  SECTION("ECMA array carries a count before its properties") {
    amf0::encode(Value::make_ecma_array({{"a", Value::make_undefined()}}), out);
    CHECK(out == hex_bytes({0x08, 0, 0, 0, 1, 0x00, 0x01, 'a', 0x06, 0x00, 0x00, 0x09}));
  }
  SECTION("strict array carries a count and bare values") {
    amf0::encode(Value::make_strict_array({Value::make_null(), Value::make_boolean(false)}), out);
    CHECK(out == hex_bytes({0x0a, 0, 0, 0, 2, 0x05, 0x01, 0x00}));
  }
  SECTION("date is a double and a 16-bit time zone") {
    amf0::encode(Value::make_date(0.0, -60), out);
    CHECK(out == hex_bytes({0x0b, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xc4}));
  }
  SECTION("strings over 65535 bytes become long strings") {
    amf0::encode(Value::make_string(std::string(70000, 'x')), out);
    CHECK(out.substr(0, 5) == hex_bytes({0x0c, 0x00, 0x01, 0x11, 0x70}));
    CHECK(out.size() == 5 + 70000);
  }
}

SCENARIO("every AMF0 type survives a round trip", "[rtmp][amf0]") {
  GIVEN("each scalar type") {
    for (const Value& v : {Value::make_number(-2.5), Value::make_number(std::numeric_limits<double>::quiet_NaN()),
                           Value::make_boolean(true), Value::make_boolean(false), Value::make_string(""),
                           Value::make_string("Chợ phiên OCOP"), Value::make_string(std::string(70000, 'y')),
                           Value::make_null(), Value::make_undefined(), Value::make_date(1.7e12, 0),
                           Value::make_date(-1.0, 420)}) {
      CHECK(amf0::same(round_trip(v), v));
    }
  }
  GIVEN("nested objects, ECMA arrays and strict arrays") {
    Value v = Value::make_object({
        {"meta", Value::make_ecma_array({{"width", Value::make_number(320)},
                                         {"tags", Value::make_strict_array({Value::make_string("a"),
                                                                            Value::make_object({{"x", Value::make_null()}}),
                                                                            Value::make_date(5, 0)})}})},
        {"", Value::make_string("empty key, not the end")},
        {"flag", Value::make_boolean(true)},
    });
    Value back = round_trip(v);
    THEN("structure and order are kept") {
      CHECK(amf0::same(back, v));
      REQUIRE(back.find("meta") != nullptr);
      CHECK(back.find("meta")->type == Value::Type::kEcmaArray);
      CHECK(back.find("meta")->find("tags")->elements.size() == 3);
      CHECK(back.string_or_empty("") == "empty key, not the end");
    }
  }
  GIVEN("a sequence of values") {
    std::string bytes = test::amf({Value::make_string("connect"), Value::make_number(1), Value::make_null()});
    auto all = amf0::decode_all(bytes);
    REQUIRE(all.ok());
    CHECK(all->size() == 3);
    CHECK((*all)[0].string == "connect");
  }
}

SCENARIO("AMF0 decoding accepts what encoders really send", "[rtmp][amf0]") {
  SECTION("an ECMA array whose count is wrong is read to its end marker") {
    std::string bytes = hex_bytes({0x08, 0, 0, 0, 7, 0x00, 0x01, 'a', 0x05, 0x00, 0x00, 0x09});
    auto v = amf0::decode_all(bytes);
    REQUIRE(v.ok());
    CHECK((*v)[0].properties.size() == 1);
  }
  SECTION("a typed object decodes as an object") {
    std::string bytes = hex_bytes({0x10, 0x00, 0x01, 'C', 0x00, 0x01, 'a', 0x01, 0x01, 0x00, 0x00, 0x09});
    auto v = amf0::decode_all(bytes);
    REQUIRE(v.ok());
    CHECK((*v)[0].type == Value::Type::kObject);
    CHECK((*v)[0].find("a")->boolean);
  }
  SECTION("an XML document decodes as a string") {
    auto v = amf0::decode_all(hex_bytes({0x0f, 0, 0, 0, 2, '<', '>'}));
    REQUIRE(v.ok());
    CHECK((*v)[0].string == "<>");
  }
}

SCENARIO("AMF0 decoding rejects bad input with an error", "[rtmp][amf0][limits]") {
  GIVEN("objects nested past the depth limit") {
    std::string ok_bytes, deep_bytes;
    amf0::encode(nested_objects(amf0::kDefaultMaxDepth), ok_bytes);
    amf0::encode(nested_objects(amf0::kDefaultMaxDepth + 1), deep_bytes);
    THEN("the limit itself is fine and one more level fails") {
      CHECK(amf0::decode_all(ok_bytes).ok());
      auto deep = amf0::decode_all(deep_bytes);
      REQUIRE_FALSE(deep.ok());
      CHECK_THAT(deep.error().message, Catch::Contains("nesting"));
    }
    THEN("a smaller configured depth applies") {
      CHECK_FALSE(amf0::decode_all(ok_bytes, amf0::DecodeLimits{4, amf0::kDefaultMaxValues}).ok());
    }
  }
  GIVEN("every truncation of a command") {
    std::string bytes = test::connect_command();
    THEN("each proper prefix fails and none reads past its end") {
      for (size_t n = 1; n < bytes.size(); ++n) {
        // A copy of exactly n bytes: ASan would flag any read beyond it.
        std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<long>(n));
        auto v = amf0::decode_all(prefix.data(), prefix.size());
        INFO("prefix length " << n);
        // Cutting right after a complete value leaves valid values.
        if (n == 10 || n == 19) continue;
        CHECK_FALSE(v.ok());
      }
    }
  }
  GIVEN("lengths that promise more than is there") {
    CHECK_FALSE(amf0::decode_all(hex_bytes({0x0c, 0xff, 0xff, 0xff, 0xff, 'a'})).ok());
    CHECK_FALSE(amf0::decode_all(hex_bytes({0x0a, 0xff, 0xff, 0xff, 0xff, 0x05, 0x05})).ok());
    CHECK_FALSE(amf0::decode_all(hex_bytes({0x02, 0x00, 0x09, 'a'})).ok());
  }
  GIVEN("markers we do not support or that cannot stand alone") {
    CHECK_FALSE(amf0::decode_all(hex_bytes({0x07, 0x00, 0x01})).ok());  // reference
    CHECK_FALSE(amf0::decode_all(hex_bytes({0x11, 0x01})).ok());        // AMF3 switch
    CHECK_FALSE(amf0::decode_all(hex_bytes({0x09})).ok());              // object end alone
    CHECK_FALSE(amf0::decode_all(hex_bytes({0x42})).ok());
  }
  GIVEN("a strict array of many nulls") {
    std::string bytes = hex_bytes({0x0a, 0x00, 0x01, 0x00, 0x00});
    bytes.append(65536, '\x05');
    THEN("the value budget stops it") {
      auto v = amf0::decode_all(bytes);
      REQUIRE_FALSE(v.ok());
      CHECK_THAT(v.error().message, Catch::Contains("values"));
      CHECK(amf0::decode_all(bytes, amf0::DecodeLimits{amf0::kDefaultMaxDepth, 70000}).ok());
    }
  }
}
