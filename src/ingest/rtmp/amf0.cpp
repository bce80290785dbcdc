#include "ingest/rtmp/amf0.h"

#include <cstring>
#include <utility>

#include "common/byte_reader.h"

namespace ocop::rtmp::amf0 {
namespace {

Error amf_error(std::string message) { return make_error("amf0", std::move(message)); }

void put_u16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xff));
}

void put_u32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

void put_f64(std::string& out, double v) {
  uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((bits >> shift) & 0xff));
}

void put_marker(std::string& out, Marker m) { out.push_back(static_cast<char>(m)); }

void encode_properties(const std::vector<Property>& props, std::string& out) {
  for (const auto& p : props) {
    encode_key(p.key, out);
    encode(p.value, out);
  }
  // Object end: an empty key followed by the end marker (§2.11).
  put_u16(out, 0);
  put_marker(out, Marker::kObjectEnd);
}

class Decoder {
 public:
  Decoder(const uint8_t* data, size_t size, size_t pos, DecodeLimits limits)
      : reader_(data, size), limits_(limits) {
    reader_.skip(pos);
  }

  size_t position() const { return reader_.position(); }

  Result<Value> value(int depth) {
    if (depth > limits_.max_depth) return amf_error("nesting deeper than " + std::to_string(limits_.max_depth));
    if (++values_ > limits_.max_values) {
      return amf_error("more than " + std::to_string(limits_.max_values) + " values");
    }
    uint8_t marker = 0;
    if (!reader_.u8(marker)) return amf_error("truncated: missing type marker");
    switch (static_cast<Marker>(marker)) {
      case Marker::kNumber: {
        double v = 0;
        if (!reader_.f64be(v)) return amf_error("truncated number");
        return Value::make_number(v);
      }
      case Marker::kBoolean: {
        uint8_t b = 0;
        if (!reader_.u8(b)) return amf_error("truncated boolean");
        return Value::make_boolean(b != 0);
      }
      case Marker::kString: {
        auto s = short_string();
        if (!s) return s.error();
        return Value::make_string(std::move(*s));
      }
      case Marker::kLongString:
      case Marker::kXmlDocument: {  // §2.17: an XML document is encoded as a long string
        auto s = long_string();
        if (!s) return s.error();
        return Value::make_string(std::move(*s));
      }
      case Marker::kNull:
        return Value::make_null();
      case Marker::kUndefined:
        return Value::make_undefined();
      case Marker::kObject:
        return object(Value::Type::kObject, depth);
      case Marker::kTypedObject: {
        // §2.18: class name, then the properties as for an anonymous object.
        // We keep the properties; the class name means nothing to ingest.
        auto class_name = short_string();
        if (!class_name) return class_name.error();
        return object(Value::Type::kObject, depth);
      }
      case Marker::kEcmaArray: {
        // §2.10: the count is only a hint (encoders get it wrong); the
        // object-end marker terminates the array.
        uint32_t hint = 0;
        if (!reader_.u32be(hint)) return amf_error("truncated ECMA array count");
        return object(Value::Type::kEcmaArray, depth);
      }
      case Marker::kStrictArray:
        return strict_array(depth);
      case Marker::kDate: {
        double ms = 0;
        uint16_t tz = 0;
        if (!reader_.f64be(ms) || !reader_.u16be(tz)) return amf_error("truncated date");
        return Value::make_date(ms, static_cast<int16_t>(tz));
      }
      case Marker::kObjectEnd:
        return amf_error("object end marker outside an object");
      default:
        return amf_error("unsupported type marker " + std::to_string(marker));
    }
  }

 private:
  Result<std::string> short_string() {
    uint16_t len = 0;
    std::string s;
    if (!reader_.u16be(len) || !reader_.bytes(len, s)) return amf_error("truncated string");
    return s;
  }

  Result<std::string> long_string() {
    uint32_t len = 0;
    std::string s;
    // bytes() checks the length against what is really there before
    // allocating, so a declared 4 GiB costs nothing.
    if (!reader_.u32be(len) || !reader_.bytes(len, s)) return amf_error("truncated long string");
    return s;
  }

  Result<Value> object(Value::Type type, int depth) {
    Value v;
    v.type = type;
    for (;;) {
      auto key = short_string();
      if (!key) return amf_error("truncated object key");
      if (key->empty()) {
        const uint8_t* next = reader_.current();
        if (reader_.remaining() == 0) return amf_error("truncated object: missing end marker");
        if (*next == static_cast<uint8_t>(Marker::kObjectEnd)) {
          reader_.skip(1);
          return v;
        }
      }
      auto member = value(depth + 1);
      if (!member) return member.error();
      v.properties.push_back(Property{std::move(*key), std::move(*member)});
    }
  }

  Result<Value> strict_array(int depth) {
    uint32_t count = 0;
    if (!reader_.u32be(count)) return amf_error("truncated strict array count");
    // Never reserve(count): every element costs at least one input byte, so
    // a lying count runs into the end of input instead of into memory.
    Value v = Value::make_strict_array();
    for (uint32_t i = 0; i < count; ++i) {
      auto element = value(depth + 1);
      if (!element) return element.error();
      v.elements.push_back(std::move(*element));
    }
    return v;
  }

  ByteReader reader_;
  DecodeLimits limits_;
  size_t values_ = 0;
};

}  // namespace

Value Value::make_number(double v) {
  Value out;
  out.type = Type::kNumber;
  out.number = v;
  return out;
}
Value Value::make_boolean(bool v) {
  Value out;
  out.type = Type::kBoolean;
  out.boolean = v;
  return out;
}
Value Value::make_string(std::string v) {
  Value out;
  out.type = Type::kString;
  out.string = std::move(v);
  return out;
}
Value Value::make_null() {
  Value out;
  out.type = Type::kNull;
  return out;
}
Value Value::make_undefined() { return Value{}; }
Value Value::make_object() { return make_object(std::vector<Property>{}); }
Value Value::make_strict_array() { return make_strict_array(std::vector<Value>{}); }
Value Value::make_object(std::vector<Property> props) {
  Value out;
  out.type = Type::kObject;
  out.properties = std::move(props);
  return out;
}
Value Value::make_ecma_array(std::vector<Property> props) {
  Value out;
  out.type = Type::kEcmaArray;
  out.properties = std::move(props);
  return out;
}
Value Value::make_strict_array(std::vector<Value> elements) {
  Value out;
  out.type = Type::kStrictArray;
  out.elements = std::move(elements);
  return out;
}
Value Value::make_date(double ms, int16_t tz) {
  Value out;
  out.type = Type::kDate;
  out.number = ms;
  out.timezone = tz;
  return out;
}

const Value* Value::find(std::string_view key) const {
  if (!is_object_like()) return nullptr;
  for (const auto& p : properties) {
    if (p.key == key) return &p.value;
  }
  return nullptr;
}

std::string Value::string_or_empty(std::string_view key) const {
  const Value* v = find(key);
  return v && v->is_string() ? v->string : std::string{};
}

bool same(const Value& a, const Value& b) {
  if (a.type != b.type) return false;
  switch (a.type) {
    case Value::Type::kNumber:
      return std::memcmp(&a.number, &b.number, sizeof a.number) == 0;
    case Value::Type::kDate:
      return std::memcmp(&a.number, &b.number, sizeof a.number) == 0 && a.timezone == b.timezone;
    case Value::Type::kBoolean:
      return a.boolean == b.boolean;
    case Value::Type::kString:
      return a.string == b.string;
    case Value::Type::kObject:
    case Value::Type::kEcmaArray:
      if (a.properties.size() != b.properties.size()) return false;
      for (size_t i = 0; i < a.properties.size(); ++i) {
        if (a.properties[i].key != b.properties[i].key) return false;
        if (!same(a.properties[i].value, b.properties[i].value)) return false;
      }
      return true;
    case Value::Type::kStrictArray:
      if (a.elements.size() != b.elements.size()) return false;
      for (size_t i = 0; i < a.elements.size(); ++i) {
        if (!same(a.elements[i], b.elements[i])) return false;
      }
      return true;
    case Value::Type::kNull:
    case Value::Type::kUndefined:
      return true;
  }
  return false;
}

void encode_key(std::string_view key, std::string& out) {
  // Keys have no long form; a key over 65535 bytes is truncated rather than
  // producing bytes that no decoder could parse.
  size_t n = key.size() > 0xffff ? 0xffff : key.size();
  put_u16(out, static_cast<uint16_t>(n));
  out.append(key.data(), n);
}

void encode(const Value& v, std::string& out) {
  switch (v.type) {
    case Value::Type::kNumber:
      put_marker(out, Marker::kNumber);
      put_f64(out, v.number);
      break;
    case Value::Type::kBoolean:
      put_marker(out, Marker::kBoolean);
      out.push_back(v.boolean ? 1 : 0);
      break;
    case Value::Type::kString:
      if (v.string.size() > 0xffff) {
        put_marker(out, Marker::kLongString);
        put_u32(out, static_cast<uint32_t>(v.string.size()));
      } else {
        put_marker(out, Marker::kString);
        put_u16(out, static_cast<uint16_t>(v.string.size()));
      }
      out += v.string;
      break;
    case Value::Type::kNull:
      put_marker(out, Marker::kNull);
      break;
    case Value::Type::kUndefined:
      put_marker(out, Marker::kUndefined);
      break;
    case Value::Type::kObject:
      put_marker(out, Marker::kObject);
      encode_properties(v.properties, out);
      break;
    case Value::Type::kEcmaArray:
      put_marker(out, Marker::kEcmaArray);
      put_u32(out, static_cast<uint32_t>(v.properties.size()));
      encode_properties(v.properties, out);
      break;
    case Value::Type::kStrictArray:
      put_marker(out, Marker::kStrictArray);
      put_u32(out, static_cast<uint32_t>(v.elements.size()));
      for (const auto& e : v.elements) encode(e, out);
      break;
    case Value::Type::kDate:
      put_marker(out, Marker::kDate);
      put_f64(out, v.number);
      put_u16(out, static_cast<uint16_t>(v.timezone));
      break;
  }
}

Result<Value> decode(const uint8_t* data, size_t size, size_t* pos, DecodeLimits limits) {
  if (*pos > size) return amf_error("position past the end");
  Decoder decoder(data, size, *pos, limits);
  auto v = decoder.value(0);
  if (v) *pos = decoder.position();
  return v;
}

Result<std::vector<Value>> decode_all(const uint8_t* data, size_t size, DecodeLimits limits) {
  std::vector<Value> values;
  Decoder decoder(data, size, 0, limits);
  while (decoder.position() < size) {
    auto v = decoder.value(0);
    if (!v) return v.error();
    values.push_back(std::move(*v));
  }
  return values;
}

}  // namespace ocop::rtmp::amf0
