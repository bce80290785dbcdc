#pragma once
// AMF0 (Adobe "Action Message Format -- AMF 0", 2007): the encoding of RTMP
// command and data messages. Decoding is pure and bounded: nesting depth is
// limited and no count read from the wire is ever used to reserve memory.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace ocop::rtmp::amf0 {

// Type markers, AMF0 spec §2.1. Markers we never decode (movieclip,
// reference, recordset, AMF3 switch) make the decoder fail.
enum class Marker : uint8_t {
  kNumber = 0x00,
  kBoolean = 0x01,
  kString = 0x02,
  kObject = 0x03,
  kNull = 0x05,
  kUndefined = 0x06,
  kReference = 0x07,
  kEcmaArray = 0x08,
  kObjectEnd = 0x09,
  kStrictArray = 0x0a,
  kDate = 0x0b,
  kLongString = 0x0c,
  kXmlDocument = 0x0f,
  kTypedObject = 0x10,
  kAvmPlusObject = 0x11,
};

// Deep enough for any real command (connect nests two levels), small enough
// that a hostile message cannot exhaust the stack.
inline constexpr int kDefaultMaxDepth = 32;
// A decoded Value is ~100 bytes while a null costs one byte on the wire, so
// without a budget an 8 MiB message of nulls in a strict array would become
// ~800 MB. Real commands and onMetaData hold a few dozen values.
inline constexpr size_t kDefaultMaxValues = 1u << 16;

struct DecodeLimits {
  int max_depth = kDefaultMaxDepth;
  size_t max_values = kDefaultMaxValues;
};

struct Property;

// One AMF0 value. A plain struct rather than a variant: commands are small
// and the decoder fills only the field the type uses.
struct Value {
  enum class Type { kNumber, kBoolean, kString, kObject, kNull, kUndefined, kEcmaArray, kStrictArray, kDate };

  Type type = Type::kUndefined;
  double number = 0;             // kNumber; kDate: milliseconds since the Unix epoch
  bool boolean = false;          // kBoolean
  std::string string;            // kString (long or short on the wire)
  std::vector<Property> properties;  // kObject, kEcmaArray, in wire order
  std::vector<Value> elements;   // kStrictArray
  int16_t timezone = 0;          // kDate: minutes, "should be 0" (§2.13)

  static Value make_number(double v);
  static Value make_boolean(bool v);
  static Value make_string(std::string v);
  static Value make_null();
  static Value make_undefined();
  // No default arguments: Property is still incomplete here.
  static Value make_object();
  static Value make_object(std::vector<Property> props);
  static Value make_ecma_array(std::vector<Property> props);
  static Value make_strict_array();
  static Value make_strict_array(std::vector<Value> elements);
  static Value make_date(double ms, int16_t timezone = 0);

  bool is_string() const { return type == Type::kString; }
  bool is_number() const { return type == Type::kNumber; }
  bool is_object_like() const { return type == Type::kObject || type == Type::kEcmaArray; }

  // Object/ECMA array lookup; nullptr when absent or not an object.
  const Value* find(std::string_view key) const;
  // Convenience for command parsing: the string under key, or "" when absent.
  std::string string_or_empty(std::string_view key) const;
};

struct Property {
  std::string key;
  Value value;
};

// Structural equality; numbers compare by bit pattern so NaN equals itself
// (round-trip checks in tests and the fuzzer rely on that).
bool same(const Value& a, const Value& b);

// Appends the encoding of v. Strings longer than 65535 bytes become long
// strings (§2.14), as the short form cannot hold them.
void encode(const Value& v, std::string& out);
// Writes a bare UTF-8 string (no marker): used for object keys.
void encode_key(std::string_view key, std::string& out);

// Decodes one value starting at data[*pos]; advances *pos past it.
Result<Value> decode(const uint8_t* data, size_t size, size_t* pos, DecodeLimits limits = {});
// Decodes consecutive values until the input ends (a command or data body).
// The value budget is shared by all of them.
Result<std::vector<Value>> decode_all(const uint8_t* data, size_t size, DecodeLimits limits = {});
inline Result<std::vector<Value>> decode_all(std::string_view body, DecodeLimits limits = {}) {
  return decode_all(reinterpret_cast<const uint8_t*>(body.data()), body.size(), limits);
}

}  // namespace ocop::rtmp::amf0
