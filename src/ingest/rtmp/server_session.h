#pragma once
// One RTMP publisher connection, server side: bytes in, events and bytes out.
// No sockets, threads or GStreamer (STYLE.md "Bytes in, events out"); the
// ingest listener owns the socket and drives this class.
//
// Driving it:
//   auto st = session.feed(buf, n);          // any split of the input works
//   write(socket, session.take_output());    // handshake, replies, acks
//   while (auto ev = session.pop_event()) ...
//   if (!st) { write what take_output() still holds, then close }
//
// On a PublishEvent, decide (stream key lookup) and call accept_publish() or
// reject_publish(); both queue the reply, so take_output() and write it. The
// publisher sends no media until it sees NetStream.Publish.Start (ffmpeg,
// librtmp and rtmp2sink all wait), yet media arriving while the decision is
// pending is still delivered, after the PublishEvent, in order.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "common/result.h"
#include "ingest/rtmp/chunk_reader.h"
#include "ingest/rtmp/chunk_writer.h"
#include "ingest/rtmp/flv.h"
#include "ingest/rtmp/handshake.h"
#include "ingest/rtmp/message.h"

namespace ocop::rtmp {

struct Command;

struct SessionLimits {
  size_t max_message_size = 8u << 20;  // a chunk header declaring more closes the connection
  size_t max_chunk_streams = 64;       // distinct chunk stream ids (publishers use 3-6)
  // Set Chunk Size above this is an error. The spec allows up to 2^31-1 but
  // treats everything above 2^24-1 as equivalent (§5.4.1); payloads are
  // streamed into the message, so the value costs no memory either way.
  uint32_t max_peer_chunk_size = 1u << 24;
  uint32_t out_chunk_size = 4096;       // announced with Set Chunk Size after connect
  uint32_t window_ack_size = 2500000;   // sent as Window Ack Size; also our ack window until the peer sets one
  // Sum of all half-assembled messages across chunk streams. Input that is
  // not yet part of a message never exceeds one chunk header (18 bytes) or,
  // during the handshake, C0+C1 (1537 bytes).
  size_t max_pending_bytes = 16u << 20;
};

struct ConnectEvent {
  std::string app;
  std::string tc_url;
};
struct PublishEvent {
  std::string stream_name;  // as sent, incl. any ?query
  std::string stream_key;   // name with ?query stripped
  std::string app;
};
struct MediaEvent {
  MediaKind kind;
  uint32_t timestamp_ms;
  std::string payload;  // RTMP message body == FLV tag body
};
struct UnpublishEvent {};
using Event = std::variant<ConnectEvent, PublishEvent, MediaEvent, UnpublishEvent>;

class ServerSession {
 public:
  explicit ServerSession(SessionLimits limits = {});

  // Feed socket bytes. Partial input is normal. An Error means: close the
  // connection (message says why); every later call returns the same error.
  ocop::Status feed(const uint8_t* data, size_t size);
  std::string take_output();         // bytes to write to the socket now (may be empty)
  std::optional<Event> pop_event();  // in arrival order

  // Answer the pending publish: StreamBegin + onStatus NetStream.Publish.Start.
  // No-op unless a PublishEvent is waiting for an answer.
  void accept_publish();
  // onStatus with level "error" and the given code, e.g.
  // "NetStream.Publish.BadName". Media of that publish is then dropped; the
  // caller closes the connection once the output is written (DESIGN.md §3).
  void reject_publish(std::string_view code /*e.g. "NetStream.Publish.BadName"*/, std::string_view description);

  bool publishing() const { return publish_state_ == PublishState::kPublishing; }
  bool publish_pending() const { return publish_state_ == PublishState::kPending; }
  uint64_t bytes_received() const { return bytes_received_; }

  bool handshake_done() const { return handshake_.done(); }
  bool digest_handshake() const { return handshake_.digest_used(); }  // the client signed C1 (ffmpeg, FP9 librtmp)
  bool connected() const { return connected_; }
  const std::string& app() const { return app_; }
  uint32_t publish_stream_id() const { return publish_stream_id_; }

 private:
  enum class PublishState { kNone, kPending, kPublishing, kRejected, kEnded };

  Status process(const uint8_t* data, size_t size);
  Status handle_message(Message& msg);
  Status handle_control(const Message& msg);
  Status handle_command(const Message& msg);
  Status handle_connect(const Command& cmd);
  Status handle_publish(const Command& cmd, uint32_t stream_id);
  void handle_unpublish();
  void handle_media(MediaKind kind, uint32_t timestamp, std::string payload);
  void handle_data(uint32_t timestamp, std::string_view body);
  Status handle_aggregate(const Message& msg);
  void send(uint32_t chunk_stream_id, MessageType type, uint32_t stream_id, std::string_view payload);
  void maybe_acknowledge();

  // Configuration
  SessionLimits limits_;

  // Protocol layers (allocated by this)
  ServerHandshake handshake_;
  ChunkReader reader_;
  ChunkWriter writer_;

  // Results for the caller
  std::string output_;
  std::deque<Event> events_;
  std::optional<Error> failure_;

  // Flow control (§5.4.3-4)
  uint64_t bytes_received_ = 0;
  uint64_t acked_bytes_ = 0;
  uint32_t ack_window_ = 0;

  // NetConnection / NetStream state (§7.2)
  bool connected_ = false;
  std::string app_;
  uint32_t next_stream_id_ = 1;
  PublishState publish_state_ = PublishState::kNone;
  uint32_t publish_stream_id_ = 0;
  std::string publish_name_;
};

}  // namespace ocop::rtmp
