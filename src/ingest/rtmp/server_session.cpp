#include "ingest/rtmp/server_session.h"

#include <utility>

#include "common/byte_reader.h"
#include "ingest/rtmp/commands.h"
#include "ingest/rtmp/protocol_control.h"

namespace ocop::rtmp {
namespace {

// Chunk streams for what we send: protocol control must use 2 (§5.4); the
// rest follows nginx-rtmp (3 for command replies, 5 for NetStream status).
constexpr uint32_t kCommandChunkStreamId = 3;
constexpr uint32_t kStatusChunkStreamId = 5;

Error session_error(std::string message) { return make_error("rtmp", std::move(message)); }

std::string strip_query(std::string_view name) { return std::string(name.substr(0, name.find('?'))); }

}  // namespace

ServerSession::ServerSession(SessionLimits limits)
    : limits_(limits),
      reader_(ChunkReaderLimits{limits.max_message_size, limits.max_chunk_streams, limits.max_pending_bytes,
                                limits.max_peer_chunk_size}),
      ack_window_(limits.window_ack_size) {}

Status ServerSession::feed(const uint8_t* data, size_t size) {
  if (failure_) return *failure_;
  bytes_received_ += size;
  if (auto s = process(data, size); !s) {
    failure_ = s.error();
    return s;
  }
  maybe_acknowledge();
  return {};
}

std::string ServerSession::take_output() { return std::exchange(output_, {}); }

std::optional<Event> ServerSession::pop_event() {
  if (events_.empty()) return std::nullopt;
  Event ev = std::move(events_.front());
  events_.pop_front();
  return ev;
}

Status ServerSession::process(const uint8_t* data, size_t size) {
  size_t pos = 0;
  if (!handshake_.done()) {
    auto used = handshake_.feed(data, size);
    if (!used) return used.error();
    pos = *used;
    output_ += handshake_.take_output();
  }
  while (pos < size) {
    size_t used = 0;
    auto progress = reader_.parse(data + pos, size - pos, &used);
    if (!progress) return progress.error();
    pos += used;
    if (*progress == ChunkReader::Progress::kMessage) {
      Message msg = reader_.take_message();
      if (auto s = handle_message(msg); !s) return s;
    }
  }
  return {};
}

Status ServerSession::handle_message(Message& msg) {
  switch (static_cast<MessageType>(msg.type_id)) {
    case MessageType::kSetChunkSize:
    case MessageType::kAbort:
    case MessageType::kAcknowledgement:
    case MessageType::kUserControl:
    case MessageType::kWindowAckSize:
    case MessageType::kSetPeerBandwidth:
      return handle_control(msg);
    case MessageType::kAudio:
      handle_media(MediaKind::kAudio, msg.timestamp, std::move(msg.payload));
      return {};
    case MessageType::kVideo:
      handle_media(MediaKind::kVideo, msg.timestamp, std::move(msg.payload));
      return {};
    case MessageType::kDataAmf0:
      handle_data(msg.timestamp, msg.payload);
      return {};
    case MessageType::kDataAmf3:
      // An AMF3 data message starts with a format byte, then AMF0 values
      // (what FMS and Flash send); anything else is not ours to interpret.
      if (!msg.payload.empty() && msg.payload[0] == 0) handle_data(msg.timestamp, std::string_view(msg.payload).substr(1));
      return {};
    case MessageType::kCommandAmf0:
    case MessageType::kCommandAmf3:
      return handle_command(msg);
    case MessageType::kAggregate:
      return handle_aggregate(msg);
    default:
      // Shared objects and unknown types: a publisher has no business with
      // them and nothing breaks by ignoring them.
      return {};
  }
}

Status ServerSession::handle_control(const Message& msg) {
  auto type = static_cast<MessageType>(msg.type_id);
  if (type == MessageType::kUserControl) {
    auto uc = parse_user_control(msg.payload);
    if (!uc) return session_error("malformed user control message");
    // §7.1.7: a PingRequest wants a PingResponse with the same timestamp.
    // StreamBegin/SetBufferLength and friends need no answer from a server.
    if (uc->event == static_cast<uint16_t>(UserControlEvent::kPingRequest)) {
      send(kControlChunkStreamId, MessageType::kUserControl, 0,
           user_control_payload(UserControlEvent::kPingResponse, uc->value));
    }
    return {};
  }
  if (type == MessageType::kSetPeerBandwidth || type == MessageType::kAcknowledgement) {
    // A publisher limiting our output is moot (we send little), and its
    // acknowledgements of our bytes drive nothing here.
    return {};
  }
  auto value = parse_u32(msg.payload);
  if (!value) return session_error("protocol control message type " + std::to_string(msg.type_id) + " too short");
  switch (type) {
    case MessageType::kSetChunkSize:
      return reader_.set_chunk_size(*value);
    case MessageType::kAbort:
      reader_.abort(*value);
      return {};
    case MessageType::kWindowAckSize:
      // §5.4.4: the peer asks for an Acknowledgement every *value bytes.
      if (*value > 0) ack_window_ = *value;
      return {};
    default:
      return {};
  }
}

Status ServerSession::handle_command(const Message& msg) {
  std::string_view body = msg.payload;
  if (msg.type_id == static_cast<uint8_t>(MessageType::kCommandAmf3)) {
    // AMF3 command messages start with a 0 format byte and carry AMF0 values.
    if (body.empty() || body[0] != 0) return session_error("AMF3 command not in AMF0 form");
    body.remove_prefix(1);
  }
  auto parsed = parse_command(body);
  if (!parsed) return parsed.error();
  const Command& cmd = *parsed;

  if (cmd.name == "connect") return handle_connect(cmd);
  if (!connected_) return session_error("command " + cmd.name + " before connect");

  const double txn = cmd.transaction_id;
  auto first_string_arg = [&cmd]() -> std::string {
    return !cmd.args.empty() && cmd.args[0].is_string() ? cmd.args[0].string : std::string{};
  };
  if (cmd.name == "releaseStream" || cmd.name == "FCPublish") {
    // Adobe's FMS extensions that ffmpeg, librtmp and OBS send before
    // createStream. Answered like SRS does; nothing to release here.
    if (txn != 0) send(kCommandChunkStreamId, MessageType::kCommandAmf0, 0, empty_result(txn));
    if (cmd.name == "FCPublish") {
      send(kCommandChunkStreamId, MessageType::kCommandAmf0, 0, on_fc_publish(first_string_arg()));
    }
    return {};
  }
  if (cmd.name == "createStream") {
    // §7.2.1.3: the reply carries the new message stream id.
    send(kCommandChunkStreamId, MessageType::kCommandAmf0, 0, number_result(txn, next_stream_id_++));
    return {};
  }
  if (cmd.name == "publish") return handle_publish(cmd, msg.stream_id);
  if (cmd.name == "FCUnpublish" || cmd.name == "deleteStream" || cmd.name == "closeStream") {
    if (cmd.name == "FCUnpublish" && txn != 0) {
      send(kCommandChunkStreamId, MessageType::kCommandAmf0, 0, empty_result(txn));
    }
    handle_unpublish();
    return {};
  }
  if (cmd.name == "getStreamLength") {
    // A live stream has no length; 0 is what FMS answers.
    if (txn != 0) send(kCommandChunkStreamId, MessageType::kCommandAmf0, 0, number_result(txn, 0));
    return {};
  }
  // _checkbw, play and anything else: this server only ingests, and
  // answering _error would make ffmpeg abort on commands it can live without.
  return {};
}

Status ServerSession::handle_connect(const Command& cmd) {
  if (connected_) return session_error("connect sent twice");
  if (!cmd.object.is_object_like()) return session_error("connect without a command object");
  connected_ = true;
  app_ = cmd.object.string_or_empty("app");
  std::string tc_url = cmd.object.string_or_empty("tcUrl");
  double object_encoding = 0;
  if (const auto* enc = cmd.object.find("objectEncoding"); enc && enc->is_number()) object_encoding = enc->number;

  // What FMS/nginx-rtmp send before connect's _result; librtmp and ffmpeg
  // size their acknowledgements and chunking from these.
  send(kControlChunkStreamId, MessageType::kWindowAckSize, 0, window_ack_size_payload(limits_.window_ack_size));
  send(kControlChunkStreamId, MessageType::kSetPeerBandwidth, 0,
       set_peer_bandwidth_payload(limits_.window_ack_size, PeerBandwidthLimit::kDynamic));
  send(kControlChunkStreamId, MessageType::kSetChunkSize, 0, set_chunk_size_payload(limits_.out_chunk_size));
  writer_.set_chunk_size(limits_.out_chunk_size);  // §5.4.1: applies after the message announcing it
  send(kCommandChunkStreamId, MessageType::kCommandAmf0, 0, connect_result(cmd.transaction_id, object_encoding));

  events_.push_back(ConnectEvent{app_, std::move(tc_url)});
  return {};
}

Status ServerSession::handle_publish(const Command& cmd, uint32_t stream_id) {
  if (publish_state_ == PublishState::kPending || publish_state_ == PublishState::kPublishing) {
    return session_error("second publish on one connection");
  }
  // §7.2.2.6: command object null, then publishing name and type.
  if (cmd.args.empty() || !cmd.args[0].is_string()) return session_error("publish without a stream name");
  publish_name_ = cmd.args[0].string;
  publish_stream_id_ = stream_id;
  publish_state_ = PublishState::kPending;
  events_.push_back(PublishEvent{publish_name_, strip_query(publish_name_), app_});
  return {};
}

void ServerSession::handle_unpublish() {
  // ffmpeg sends FCUnpublish then deleteStream: report the end once.
  if (publish_state_ != PublishState::kPending && publish_state_ != PublishState::kPublishing) return;
  publish_state_ = PublishState::kEnded;
  events_.push_back(UnpublishEvent{});
}

void ServerSession::accept_publish() {
  if (publish_state_ != PublishState::kPending) return;
  publish_state_ = PublishState::kPublishing;
  send(kControlChunkStreamId, MessageType::kUserControl, 0,
       user_control_payload(UserControlEvent::kStreamBegin, publish_stream_id_));
  send(kStatusChunkStreamId, MessageType::kCommandAmf0, publish_stream_id_,
       on_status("status", "NetStream.Publish.Start", publish_name_ + " is now published.", publish_name_));
}

void ServerSession::reject_publish(std::string_view code, std::string_view description) {
  if (publish_state_ != PublishState::kPending) return;
  publish_state_ = PublishState::kRejected;
  send(kStatusChunkStreamId, MessageType::kCommandAmf0, publish_stream_id_,
       on_status("error", code, description, publish_name_));
}

void ServerSession::handle_media(MediaKind kind, uint32_t timestamp, std::string payload) {
  // Media only means something inside a publish that is not refused; an
  // empty audio/video message carries no FLV tag body at all.
  if (publish_state_ != PublishState::kPending && publish_state_ != PublishState::kPublishing) return;
  if (payload.empty() && kind != MediaKind::kData) return;
  events_.push_back(MediaEvent{kind, timestamp, std::move(payload)});
}

void ServerSession::handle_data(uint32_t timestamp, std::string_view body) {
  auto script = script_data_body(body);
  if (!script || script->empty()) return;
  handle_media(MediaKind::kData, timestamp, std::string(*script));
}

Status ServerSession::handle_aggregate(const Message& msg) {
  // An aggregate message (§7.1.6) is a run of FLV-like tags: type(1)
  // size(3) timestamp(3) timestamp-ext(1) stream(3) body back-pointer(4).
  // Sub-message timestamps are rebased onto the aggregate's own.
  ByteReader r(reinterpret_cast<const uint8_t*>(msg.payload.data()), msg.payload.size());
  bool first = true;
  uint32_t base = 0;
  while (!r.empty()) {
    uint8_t type = 0, ts_ext = 0;
    uint32_t size = 0, ts = 0, stream = 0, back = 0;
    std::string body;
    if (!r.u8(type) || !r.u24be(size) || !r.u24be(ts) || !r.u8(ts_ext) || !r.u24be(stream) || !r.bytes(size, body) ||
        !r.u32be(back)) {
      return session_error("truncated aggregate message");
    }
    ts |= uint32_t{ts_ext} << 24;
    if (first) base = ts;
    first = false;
    uint32_t timestamp = msg.timestamp + (ts - base);
    switch (static_cast<MessageType>(type)) {
      case MessageType::kAudio:
        handle_media(MediaKind::kAudio, timestamp, std::move(body));
        break;
      case MessageType::kVideo:
        handle_media(MediaKind::kVideo, timestamp, std::move(body));
        break;
      case MessageType::kDataAmf0:
        handle_data(timestamp, body);
        break;
      default:
        break;
    }
  }
  return {};
}

void ServerSession::send(uint32_t chunk_stream_id, MessageType type, uint32_t stream_id, std::string_view payload) {
  writer_.write(output_, chunk_stream_id, 0, static_cast<uint8_t>(type), stream_id, payload);
}

void ServerSession::maybe_acknowledge() {
  // §5.4.3: acknowledge once a window's worth of bytes has arrived. The
  // sequence number is the 32-bit count of bytes received so far.
  if (!handshake_.done() || ack_window_ == 0) return;
  if (bytes_received_ - acked_bytes_ < ack_window_) return;
  acked_bytes_ = bytes_received_;
  send(kControlChunkStreamId, MessageType::kAcknowledgement, 0,
       acknowledgement_payload(static_cast<uint32_t>(bytes_received_)));
}

}  // namespace ocop::rtmp
