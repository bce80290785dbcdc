#pragma once
// RTMP command messages (Adobe RTMP spec 1.0 §7.2): parsing what a publisher
// sends and encoding the replies publishers wait for. The reply shapes follow
// what ffmpeg, librtmp and GStreamer's rtmp2sink check (see server_session.h).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "ingest/rtmp/amf0.h"

namespace ocop::rtmp {

struct Command {
  std::string name;
  double transaction_id = 0;
  amf0::Value object;               // command object; null for most commands but connect
  std::vector<amf0::Value> args;    // optional arguments after it
};

// body is an AMF0 command message (type 20); for AMF3 command messages
// (type 17) strip their leading format byte first.
Result<Command> parse_command(std::string_view body, amf0::DecodeLimits limits = {});

std::string encode_values(const std::vector<amf0::Value>& values);

// connect's _result (§7.2.1.1): properties with fmsVer/capabilities, and an
// information object with NetConnection.Connect.Success and objectEncoding.
std::string connect_result(double transaction_id, double object_encoding);
// "_result", txn, null, undefined: what SRS answers releaseStream/FCPublish.
std::string empty_result(double transaction_id);
// "_result", txn, null, value: createStream's stream id, getStreamLength's 0.
std::string number_result(double transaction_id, double value);
// "onStatus", 0, null, {level, code, description[, details]} (§7.2.2).
std::string on_status(std::string_view level, std::string_view code, std::string_view description,
                      std::string_view details = {});
// "onFCPublish", 0, null, {code, description}: nginx-rtmp and SRS send it
// after FCPublish; some encoders wait for it.
std::string on_fc_publish(std::string_view stream_name);

// The FLV script tag body for an AMF0 data message: "@setDataFrame" is
// removed so the body starts with "onMetaData" as in an FLV file; nullopt
// for "@clearDataFrame", which has no FLV equivalent.
std::optional<std::string_view> script_data_body(std::string_view body);

}  // namespace ocop::rtmp
