#pragma once
// Test-side RTMP publisher: builds the bytes a client sends (handshake,
// chunked messages, AMF0 commands) and decodes what the server answers, so
// the tests read like the conversation they check.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/rtmp/amf0.h"
#include "ingest/rtmp/chunk_reader.h"
#include "ingest/rtmp/chunk_writer.h"
#include "ingest/rtmp/handshake.h"
#include "ingest/rtmp/message.h"
#include "ingest/rtmp/server_session.h"

namespace ocop::rtmp::test {

inline const uint8_t* bytes_of(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

inline std::string hex_bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out.push_back(static_cast<char>(b));
  return out;
}

// A C1 block: time 0, then either zeros (plain) or a Flash Player version
// and a valid digest placed by `scheme`; filler is a fixed pattern.
inline std::string make_c1(bool with_digest, DigestScheme scheme = DigestScheme::kOffset8) {
  std::string c1(kHandshakeSize, '\0');
  for (size_t i = 8; i < kHandshakeSize; ++i) c1[i] = static_cast<char>((i * 31 + 7) & 0xff);
  if (!with_digest) return c1;
  c1[4] = 9;  // version 9.0.124.2, what ffmpeg announces
  c1[5] = 0;
  c1[6] = 124;
  c1[7] = 2;
  auto* block = reinterpret_cast<uint8_t*>(c1.data());
  size_t pos = digest_offset(block, scheme);
  auto digest = block_digest(block, pos, kFlashPlayerKey.data(), kFlashPlayerKeyC1Size);
  c1.replace(pos, kDigestSize, reinterpret_cast<const char*>(digest.data()), kDigestSize);
  return c1;
}

inline std::string amf(const std::vector<amf0::Value>& values) {
  std::string out;
  for (const auto& v : values) amf0::encode(v, out);
  return out;
}

inline amf0::Value str(std::string s) { return amf0::Value::make_string(std::move(s)); }
inline amf0::Value num(double d) { return amf0::Value::make_number(d); }
inline amf0::Value null() { return amf0::Value::make_null(); }

// The commands in the order and shape ffmpeg 5.1 sends them when publishing
// to rtmp://host/live/<name>.
inline std::string connect_command(std::string app = "live") {
  return amf({str("connect"), num(1),
              amf0::Value::make_object({{"app", str(app)},
                                        {"type", str("nonprivate")},
                                        {"flashVer", str("FMLE/3.0 (compatible; Lavf59.27.100)")},
                                        {"tcUrl", str("rtmp://127.0.0.1:1935/" + app)}})});
}
inline std::string release_stream_command(std::string name, double txn = 2) {
  return amf({str("releaseStream"), num(txn), null(), str(std::move(name))});
}
inline std::string fc_publish_command(std::string name, double txn = 3) {
  return amf({str("FCPublish"), num(txn), null(), str(std::move(name))});
}
inline std::string create_stream_command(double txn = 4) { return amf({str("createStream"), num(txn), null()}); }
inline std::string publish_command(std::string name, double txn = 5) {
  return amf({str("publish"), num(txn), null(), str(std::move(name)), str("live")});
}

class TestClient {
 public:
  // Chunk streams ffmpeg uses: 2 control, 3 commands, 4 audio/video/data.
  static constexpr uint32_t kCommandCsid = 3;
  static constexpr uint32_t kMediaCsid = 4;

  std::string handshake(bool digest = false) const {
    std::string out(1, '\x03');
    out += make_c1(digest);
    return out;
  }
  // C2 content is not checked by the server; echoing S1 is what clients do.
  std::string c2(std::string_view server_output) const {
    return std::string(server_output.substr(1, kHandshakeSize));
  }

  std::string message(uint32_t csid, uint8_t type, uint32_t stream_id, std::string_view payload,
                      uint32_t timestamp = 0) const {
    std::string out;
    writer_.write(out, csid, timestamp, type, stream_id, payload);
    return out;
  }
  std::string command(std::string_view body, uint32_t stream_id = 0) const {
    return message(kCommandCsid, static_cast<uint8_t>(MessageType::kCommandAmf0), stream_id, body);
  }
  std::string set_chunk_size(uint32_t size) {
    std::string payload = hex_bytes({int(size >> 24), int((size >> 16) & 0xff), int((size >> 8) & 0xff),
                                     int(size & 0xff)});
    std::string out = message(2, static_cast<uint8_t>(MessageType::kSetChunkSize), 0, payload);
    writer_.set_chunk_size(size);
    return out;
  }

 private:
  ChunkWriter writer_;
};

// Decodes the server's chunked output (after S0S1S2) into messages.
class ServerOutput {
 public:
  // Feeds bytes; returns all messages completed so far.
  std::vector<Message> read(std::string_view bytes) {
    std::vector<Message> out;
    size_t pos = 0;
    while (pos < bytes.size()) {
      size_t used = 0;
      auto p = reader_.parse(bytes_of(bytes) + pos, bytes.size() - pos, &used);
      if (!p) {
        errors_.push_back(p.error().message);
        return out;
      }
      pos += used;
      if (*p == ChunkReader::Progress::kMessage) {
        Message m = reader_.take_message();
        // Follow the server's Set Chunk Size, as a client must.
        if (m.type_id == static_cast<uint8_t>(MessageType::kSetChunkSize) && m.payload.size() == 4) {
          uint32_t v = uint32_t(uint8_t(m.payload[0])) << 24 | uint32_t(uint8_t(m.payload[1])) << 16 |
                       uint32_t(uint8_t(m.payload[2])) << 8 | uint8_t(m.payload[3]);
          (void)reader_.set_chunk_size(v);
        }
        out.push_back(std::move(m));
      }
    }
    return out;
  }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  ChunkReader reader_;
  std::vector<std::string> errors_;
};

// A session driven through handshake, connect, releaseStream, FCPublish,
// createStream and publish like ffmpeg does; keeps what the server sent.
struct PublishedSession {
  explicit PublishedSession(std::string name = "KEY?token=1", SessionLimits limits = {}) : session(limits) {
    feed(client.handshake(true));
    std::string s0s1s2 = session.take_output();
    feed(client.c2(s0s1s2));
    for (const auto& body : {connect_command(), release_stream_command(name), fc_publish_command(name),
                             create_stream_command()}) {
      feed(client.command(body));
    }
    feed(client.command(publish_command(name), 1));
    replies = output.read(session.take_output());
  }
  void feed(std::string_view bytes) {
    auto st = session.feed(bytes_of(bytes), bytes.size());
    if (!st) errors.push_back(st.error().message);
  }

  ServerSession session;
  TestClient client;
  ServerOutput output;
  std::vector<Message> replies;
  std::vector<std::string> errors;  // every feed() that failed
};

// The AMF values of a command/data message the server sent.
inline std::vector<amf0::Value> values_of(const Message& m) {
  auto v = amf0::decode_all(m.payload);
  return v ? std::move(*v) : std::vector<amf0::Value>{};
}

inline std::string command_name(const Message& m) {
  auto v = values_of(m);
  return !v.empty() && v[0].is_string() ? v[0].string : std::string{};
}

}  // namespace ocop::rtmp::test
