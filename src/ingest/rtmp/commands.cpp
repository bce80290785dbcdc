#include "ingest/rtmp/commands.h"

#include <utility>

namespace ocop::rtmp {
namespace {

using amf0::Property;
using amf0::Value;

// The version string FMS 3 used; clients only log it.
constexpr char kFmsVersion[] = "FMS/3,5,7,7009";
// capabilities 31 and mode 1: what FMS answers, copied by nginx-rtmp/SRS.
constexpr double kCapabilities = 31;

// The leading AMF0 short string of a body, or nullopt.
std::optional<std::string_view> leading_string(std::string_view body) {
  if (body.size() < 3 || static_cast<uint8_t>(body[0]) != static_cast<uint8_t>(amf0::Marker::kString)) {
    return std::nullopt;
  }
  size_t len = static_cast<uint8_t>(body[1]) << 8 | static_cast<uint8_t>(body[2]);
  if (body.size() < 3 + len) return std::nullopt;
  return body.substr(3, len);
}

}  // namespace

Result<Command> parse_command(std::string_view body, amf0::DecodeLimits limits) {
  auto values = amf0::decode_all(body, limits);
  if (!values) return values.error().wrap("command");
  auto& v = *values;
  if (v.empty() || !v[0].is_string()) return make_error("rtmp_command", "command name is not a string");
  Command cmd;
  cmd.name = std::move(v[0].string);
  // §7.2: name, transaction id, command object, then arguments. Some
  // encoders omit trailing parts of data-like commands; missing means 0/null.
  if (v.size() > 1) {
    if (!v[1].is_number()) return make_error("rtmp_command", cmd.name + ": transaction id is not a number");
    cmd.transaction_id = v[1].number;
  }
  cmd.object = v.size() > 2 ? std::move(v[2]) : Value::make_null();
  for (size_t i = 3; i < v.size(); ++i) cmd.args.push_back(std::move(v[i]));
  return cmd;
}

std::string encode_values(const std::vector<Value>& values) {
  std::string out;
  for (const auto& v : values) amf0::encode(v, out);
  return out;
}

std::string connect_result(double transaction_id, double object_encoding) {
  return encode_values({
      Value::make_string("_result"),
      Value::make_number(transaction_id),
      Value::make_object({
          {"fmsVer", Value::make_string(kFmsVersion)},
          {"capabilities", Value::make_number(kCapabilities)},
          {"mode", Value::make_number(1)},
      }),
      Value::make_object({
          {"level", Value::make_string("status")},
          {"code", Value::make_string("NetConnection.Connect.Success")},
          {"description", Value::make_string("Connection succeeded.")},
          {"objectEncoding", Value::make_number(object_encoding)},
      }),
  });
}

std::string empty_result(double transaction_id) {
  return encode_values({Value::make_string("_result"), Value::make_number(transaction_id), Value::make_null(),
                        Value::make_undefined()});
}

std::string number_result(double transaction_id, double value) {
  return encode_values({Value::make_string("_result"), Value::make_number(transaction_id), Value::make_null(),
                        Value::make_number(value)});
}

std::string on_status(std::string_view level, std::string_view code, std::string_view description,
                      std::string_view details) {
  std::vector<Property> info = {
      {"level", Value::make_string(std::string(level))},
      {"code", Value::make_string(std::string(code))},
      {"description", Value::make_string(std::string(description))},
  };
  if (!details.empty()) info.push_back({"details", Value::make_string(std::string(details))});
  return encode_values({Value::make_string("onStatus"), Value::make_number(0), Value::make_null(),
                        Value::make_object(std::move(info))});
}

std::string on_fc_publish(std::string_view stream_name) {
  return encode_values({
      Value::make_string("onFCPublish"),
      Value::make_number(0),
      Value::make_null(),
      Value::make_object({
          {"code", Value::make_string("NetStream.Publish.Start")},
          {"description", Value::make_string(std::string(stream_name))},
      }),
  });
}

std::optional<std::string_view> script_data_body(std::string_view body) {
  auto first = leading_string(body);
  if (first == "@setDataFrame") return body.substr(3 + first->size());
  if (first == "@clearDataFrame") return std::nullopt;
  return body;
}

}  // namespace ocop::rtmp
