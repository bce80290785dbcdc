#include <catch2/catch.hpp>

#include "ingest/rtmp/protocol_control.h"
#include "ingest/rtmp/server_session.h"
#include "rtmp_test_client.h"

using namespace ocop::rtmp;
using namespace ocop::rtmp::test;

namespace {

constexpr uint8_t kCmd = static_cast<uint8_t>(MessageType::kCommandAmf0);

std::vector<Event> drain(ServerSession& s) {
  std::vector<Event> out;
  while (auto ev = s.pop_event()) out.push_back(std::move(*ev));
  return out;
}

uint32_t u32_of(const Message& m) { return parse_u32(m.payload).value_or(0xdeadbeef); }

const Message* find_command(const std::vector<Message>& msgs, std::string_view name) {
  for (const auto& m : msgs) {
    if (m.type_id == kCmd && command_name(m) == name) return &m;
  }
  return nullptr;
}

std::string media(TestClient& c, MessageType type, std::string_view body, uint32_t ts) {
  return c.message(TestClient::kMediaCsid, static_cast<uint8_t>(type), 1, body, ts);
}

std::string set_data_frame() {
  return amf({str("@setDataFrame"), str("onMetaData"),
              amf0::Value::make_ecma_array({{"width", num(320)}, {"height", num(240)}, {"encoder", str("Lavf59")}})});
}

}  // namespace

SCENARIO("an ffmpeg publish, from handshake to media", "[rtmp][session]") {
  PublishedSession p("KEY?token=1");
  REQUIRE(p.errors.empty());
  CHECK(p.session.digest_handshake());

  THEN("connect is answered with Window Ack Size, Set Peer Bandwidth, Set Chunk Size, then _result") {
    REQUIRE(p.replies.size() >= 4);
    CHECK(p.replies[0].type_id == static_cast<uint8_t>(MessageType::kWindowAckSize));
    CHECK(u32_of(p.replies[0]) == 2500000);
    CHECK(p.replies[1].type_id == static_cast<uint8_t>(MessageType::kSetPeerBandwidth));
    CHECK(p.replies[1].payload.size() == 5);
    CHECK(p.replies[2].type_id == static_cast<uint8_t>(MessageType::kSetChunkSize));
    CHECK(u32_of(p.replies[2]) == 4096);
    for (int i = 0; i < 3; ++i) CHECK(p.replies[static_cast<size_t>(i)].chunk_stream_id == 2);

    auto v = values_of(p.replies[3]);
    REQUIRE(v.size() == 4);
    CHECK(v[0].string == "_result");
    CHECK(v[1].number == 1);
    CHECK(v[2].string_or_empty("fmsVer").rfind("FMS/", 0) == 0);
    CHECK(v[2].find("capabilities")->number == 31);
    CHECK(v[3].string_or_empty("level") == "status");
    CHECK(v[3].string_or_empty("code") == "NetConnection.Connect.Success");
    REQUIRE(v[3].find("objectEncoding") != nullptr);
    CHECK(v[3].find("objectEncoding")->number == 0);
  }
  THEN("releaseStream and FCPublish get _result, FCPublish also onFCPublish") {
    std::vector<double> result_txns;
    for (const auto& m : p.replies) {
      if (m.type_id == kCmd && command_name(m) == "_result") result_txns.push_back(values_of(m)[1].number);
    }
    CHECK(result_txns == std::vector<double>{1, 2, 3, 4});
    const Message* fc = find_command(p.replies, "onFCPublish");
    REQUIRE(fc != nullptr);
    CHECK(values_of(*fc)[3].string_or_empty("code") == "NetStream.Publish.Start");
  }
  THEN("createStream's _result carries stream id 1") {
    const Message* last_result = nullptr;
    for (const auto& m : p.replies) {
      if (m.type_id == kCmd && command_name(m) == "_result") last_result = &m;
    }
    REQUIRE(last_result != nullptr);
    auto v = values_of(*last_result);
    CHECK(v[1].number == 4);
    CHECK(v[2].type == amf0::Value::Type::kNull);
    CHECK(v[3].number == 1);
  }
  THEN("the events are Connect then Publish with the query stripped from the key") {
    auto events = drain(p.session);
    REQUIRE(events.size() == 2);
    auto* c = std::get_if<ConnectEvent>(&events[0]);
    REQUIRE(c != nullptr);
    CHECK(c->app == "live");
    CHECK(c->tc_url == "rtmp://127.0.0.1:1935/live");
    auto* pub = std::get_if<PublishEvent>(&events[1]);
    REQUIRE(pub != nullptr);
    CHECK(pub->stream_name == "KEY?token=1");
    CHECK(pub->stream_key == "KEY");
    CHECK(pub->app == "live");
    CHECK(p.session.publish_pending());
    CHECK_FALSE(p.session.publishing());
    CHECK(find_command(p.replies, "onStatus") == nullptr);
  }

  WHEN("the listener accepts") {
    drain(p.session);
    p.session.accept_publish();
    auto out = p.output.read(p.session.take_output());
    THEN("StreamBegin for stream 1, then onStatus NetStream.Publish.Start on stream 1") {
      REQUIRE(out.size() == 2);
      CHECK(out[0].type_id == static_cast<uint8_t>(MessageType::kUserControl));
      CHECK(out[0].payload == user_control_payload(UserControlEvent::kStreamBegin, 1));
      auto v = values_of(out[1]);
      REQUIRE(v.size() == 4);
      CHECK(v[0].string == "onStatus");
      CHECK(v[3].string_or_empty("level") == "status");
      CHECK(v[3].string_or_empty("code") == "NetStream.Publish.Start");
      CHECK(out[1].stream_id == 1);
      CHECK(p.session.publishing());
    }
    AND_WHEN("metadata, audio and video arrive") {
      p.feed(p.client.message(TestClient::kMediaCsid, static_cast<uint8_t>(MessageType::kDataAmf0), 1,
                              set_data_frame()));
      p.feed(media(p.client, MessageType::kAudio, hex_bytes({0xaf, 0x00, 0x12, 0x10}), 0));
      p.feed(media(p.client, MessageType::kVideo, hex_bytes({0x17, 0x00, 0, 0, 0, 1, 2}), 0));
      p.feed(media(p.client, MessageType::kVideo, hex_bytes({0x27, 0x01, 0, 0, 0x21, 9}), 66));
      REQUIRE(p.errors.empty());
      auto events = drain(p.session);
      THEN("they come out as media events, @setDataFrame stripped") {
        REQUIRE(events.size() == 4);
        auto& meta = std::get<MediaEvent>(events[0]);
        CHECK(meta.kind == MediaKind::kData);
        CHECK(meta.payload.substr(0, 13) == hex_bytes({0x02, 0x00, 0x0a}) + "onMetaData");
        auto md = parse_metadata(meta.payload);
        REQUIRE(md.ok());
        CHECK(metadata_number(*md, "width") == 320.0);
        CHECK(std::get<MediaEvent>(events[1]).kind == MediaKind::kAudio);
        CHECK(std::get<MediaEvent>(events[1]).payload == hex_bytes({0xaf, 0x00, 0x12, 0x10}));
        CHECK(std::get<MediaEvent>(events[2]).kind == MediaKind::kVideo);
        CHECK(std::get<MediaEvent>(events[3]).timestamp_ms == 66);
      }
    }
    AND_WHEN("ffmpeg stops: FCUnpublish then deleteStream") {
      p.feed(p.client.command(amf({str("FCUnpublish"), num(6), null(), str("KEY?token=1")})));
      p.feed(p.client.command(amf({str("deleteStream"), num(7), null(), num(1)})));
      THEN("one UnpublishEvent") {
        auto events = drain(p.session);
        REQUIRE(events.size() == 1);
        CHECK(std::holds_alternative<UnpublishEvent>(events[0]));
        CHECK_FALSE(p.session.publishing());
      }
    }
  }

  WHEN("the listener rejects the key") {
    drain(p.session);
    p.session.reject_publish("NetStream.Publish.BadName", "unknown stream key");
    auto out = p.output.read(p.session.take_output());
    THEN("onStatus level error with NetStream.Publish.BadName, and no StreamBegin") {
      REQUIRE(out.size() == 1);
      auto v = values_of(out[0]);
      REQUIRE(v.size() == 4);
      CHECK(v[0].string == "onStatus");
      CHECK(v[3].string_or_empty("level") == "error");
      CHECK(v[3].string_or_empty("code") == "NetStream.Publish.BadName");
      CHECK(v[3].string_or_empty("description") == "unknown stream key");
      CHECK_FALSE(p.session.publishing());
    }
    AND_WHEN("the client sends media anyway") {
      p.feed(media(p.client, MessageType::kVideo, hex_bytes({0x17, 0x00, 0, 0, 0}), 0));
      THEN("it is dropped, and accept no longer applies") {
        CHECK(drain(p.session).empty());
        p.session.accept_publish();
        CHECK(p.session.take_output().empty());
        CHECK_FALSE(p.session.publishing());
      }
    }
  }
}

SCENARIO("the reject path produces the expected bytes", "[rtmp][session]") {
  PublishedSession p("wrong");
  REQUIRE(p.errors.empty());
  p.session.reject_publish("NetStream.Publish.BadName", "bad");
  std::string expected_body = amf({str("onStatus"), num(0), null(),
                                   amf0::Value::make_object({{"level", str("error")},
                                                             {"code", str("NetStream.Publish.BadName")},
                                                             {"description", str("bad")},
                                                             {"details", str("wrong")}})});
  std::string expected;
  append_chunk_header(expected, 0, 5, 0, static_cast<uint32_t>(expected_body.size()), kCmd, 1, false);
  expected += expected_body;  // fits one 4096-byte chunk
  CHECK(p.session.take_output() == expected);
}

SCENARIO("protocol control from the client", "[rtmp][session]") {
  PublishedSession p;
  REQUIRE(p.errors.empty());
  drain(p.session);
  GIVEN("a PingRequest") {
    p.feed(p.client.message(2, 4, 0, user_control_payload(UserControlEvent::kPingRequest, 0x01020304)));
    THEN("a PingResponse echoes its timestamp") {
      auto out = p.output.read(p.session.take_output());
      REQUIRE(out.size() == 1);
      CHECK(out[0].type_id == 4);
      CHECK(out[0].payload == user_control_payload(UserControlEvent::kPingResponse, 0x01020304));
    }
  }
  GIVEN("SetBufferLength and a StreamBegin") {
    std::string sbl = user_control_payload(UserControlEvent::kSetBufferLength, 1) + hex_bytes({0, 0, 0x0b, 0xb8});
    p.feed(p.client.message(2, 4, 0, sbl));
    p.feed(p.client.message(2, 4, 0, user_control_payload(UserControlEvent::kStreamBegin, 1)));
    THEN("nothing is answered and nothing fails") {
      CHECK(p.errors.empty());
      CHECK(p.session.take_output().empty());
    }
  }
  GIVEN("a Set Chunk Size mid-stream") {
    p.session.accept_publish();
    (void)p.session.take_output();
    p.feed(p.client.set_chunk_size(60000));
    std::string big(50000, 'v');
    big[0] = 0x17;
    p.feed(media(p.client, MessageType::kVideo, big, 40));
    THEN("the next message uses it") {
      REQUIRE(p.errors.empty());
      auto events = drain(p.session);
      REQUIRE(events.size() == 1);
      CHECK(std::get<MediaEvent>(events[0]).payload == big);
    }
  }
  GIVEN("Set Chunk Size 0") {
    p.feed(p.client.message(2, 1, 0, hex_bytes({0, 0, 0, 0})));
    THEN("the connection must close") {
      REQUIRE(p.errors.size() == 1);
      CHECK_THAT(p.errors[0], Catch::Contains("Set Chunk Size 0"));
      AND_THEN("later input gets the same error") {
        p.feed(p.client.command(create_stream_command()));
        REQUIRE(p.errors.size() == 2);
        CHECK(p.errors[1] == p.errors[0]);
      }
    }
  }
  GIVEN("Set Chunk Size above the cap") {
    p.feed(p.client.message(2, 1, 0, hex_bytes({0x01, 0, 0, 1})));
    THEN("error") {
      REQUIRE(p.errors.size() == 1);
      CHECK_THAT(p.errors[0], Catch::Contains("above the cap"));
    }
  }
  GIVEN("an Abort for a half-sent message") {
    p.session.accept_publish();
    std::string partial = media(p.client, MessageType::kVideo, std::string(300, 'x'), 0).substr(0, 12 + 128);
    p.feed(partial);
    p.feed(p.client.message(2, 2, 0, hex_bytes({0, 0, 0, TestClient::kMediaCsid})));
    p.feed(media(p.client, MessageType::kVideo, "\x27ok", 5));
    THEN("only the later message arrives") {
      REQUIRE(p.errors.empty());
      auto events = drain(p.session);
      REQUIRE(events.size() == 1);
      CHECK(std::get<MediaEvent>(events[0]).payload == "\x27ok");
    }
  }
}

SCENARIO("Acknowledgement after each window of received bytes (RTMP spec §5.4.3)", "[rtmp][session]") {
  SessionLimits limits;
  limits.window_ack_size = 5000;
  PublishedSession p("KEY", limits);
  REQUIRE(p.errors.empty());
  p.session.accept_publish();
  (void)p.session.take_output();
  std::string body(1000, 'a');
  body[0] = static_cast<char>(0xaf);
  std::vector<uint32_t> acks;
  for (int i = 0; i < 12; ++i) {
    p.feed(media(p.client, MessageType::kAudio, body, static_cast<uint32_t>(i * 20)));
    for (const auto& m : p.output.read(p.session.take_output())) {
      if (m.type_id == static_cast<uint8_t>(MessageType::kAcknowledgement)) acks.push_back(u32_of(m));
    }
  }
  THEN("acks carry the byte count and come once per window") {
    // Handshake and commands were already ~3.6 KB; 12 KB more passes the
    // 5000-byte window twice or three times.
    REQUIRE(acks.size() >= 2);
    CHECK(acks.size() <= 3);
    CHECK(acks.back() <= p.session.bytes_received());
    CHECK(acks[1] - acks[0] >= 5000);
  }
  AND_WHEN("the client sets its own window") {
    p.feed(p.client.message(2, 5, 0, window_ack_size_payload(100)));
    p.feed(media(p.client, MessageType::kAudio, body, 999));
    auto out = p.output.read(p.session.take_output());
    THEN("the next ack follows that window") {
      REQUIRE(out.size() == 1);
      CHECK(out[0].type_id == static_cast<uint8_t>(MessageType::kAcknowledgement));
      CHECK(u32_of(out[0]) == static_cast<uint32_t>(p.session.bytes_received()));
    }
  }
}

SCENARIO("other commands", "[rtmp][session]") {
  PublishedSession p;
  REQUIRE(p.errors.empty());
  drain(p.session);
  GIVEN("getStreamLength") {
    p.feed(p.client.command(amf({str("getStreamLength"), num(9), null(), str("KEY")})));
    auto out = p.output.read(p.session.take_output());
    THEN("_result 0") {
      REQUIRE(out.size() == 1);
      auto v = values_of(out[0]);
      CHECK(v[0].string == "_result");
      CHECK(v[1].number == 9);
      CHECK(v[3].number == 0);
    }
  }
  GIVEN("closeStream") {
    p.feed(p.client.command(amf({str("closeStream"), num(0), null()}), 1));
    THEN("the publish ends") {
      auto events = drain(p.session);
      REQUIRE(events.size() == 1);
      CHECK(std::holds_alternative<UnpublishEvent>(events[0]));
    }
  }
  GIVEN("a second publish while the first is pending") {
    p.feed(p.client.command(publish_command("other"), 1));
    THEN("error") {
      REQUIRE(p.errors.size() == 1);
      CHECK_THAT(p.errors[0], Catch::Contains("second publish"));
    }
  }
  GIVEN("an unknown command") {
    p.feed(p.client.command(amf({str("_checkbw"), num(10), null()})));
    THEN("it is ignored") {
      CHECK(p.errors.empty());
      CHECK(p.session.take_output().empty());
    }
  }
  GIVEN("an aggregate message of two audio tags") {
    p.session.accept_publish();
    (void)p.session.take_output();
    std::string agg;
    for (uint32_t ts : {1000u, 1023u}) {
      agg += hex_bytes({8, 0, 0, 2, int(ts >> 16), int((ts >> 8) & 0xff), int(ts & 0xff), 0, 0, 0, 0}) + "\xaf\x01";
      agg += hex_bytes({0, 0, 0, 13});
    }
    p.feed(media(p.client, MessageType::kAggregate, agg, 5000));
    THEN("two audio events rebased onto the aggregate's timestamp") {
      REQUIRE(p.errors.empty());
      auto events = drain(p.session);
      REQUIRE(events.size() == 2);
      CHECK(std::get<MediaEvent>(events[0]).timestamp_ms == 5000);
      CHECK(std::get<MediaEvent>(events[1]).timestamp_ms == 5023);
      CHECK(std::get<MediaEvent>(events[1]).payload == "\xaf\x01");
    }
  }
}

SCENARIO("commands out of order and garbage", "[rtmp][session][limits]") {
  ServerSession s;
  TestClient c;
  std::string hs = c.handshake();
  REQUIRE(s.feed(bytes_of(hs), hs.size()).ok());
  std::string c2 = c.c2(s.take_output());
  REQUIRE(s.feed(bytes_of(c2), c2.size()).ok());
  CHECK(s.handshake_done());
  GIVEN("createStream before connect") {
    std::string bytes = c.command(create_stream_command());
    auto st = s.feed(bytes_of(bytes), bytes.size());
    THEN("error") {
      REQUIRE_FALSE(st.ok());
      CHECK_THAT(st.error().message, Catch::Contains("before connect"));
    }
  }
  GIVEN("a command whose AMF is truncated") {
    std::string body = connect_command();
    std::string bytes = c.command(std::string_view(body).substr(0, body.size() - 3));
    auto st = s.feed(bytes_of(bytes), bytes.size());
    THEN("error") { CHECK_FALSE(st.ok()); }
  }
  GIVEN("a message header declaring 16 MiB") {
    std::string bytes;
    append_chunk_header(bytes, 0, 4, 0, 0xffffff, 9, 1, false);  // 16 MiB - 1: the 24-bit maximum
    bytes += "x";
    auto st = s.feed(bytes_of(bytes), bytes.size());
    THEN("error without waiting for the body") {
      REQUIRE_FALSE(st.ok());
      CHECK_THAT(st.error().message, Catch::Contains("exceeds the limit"));
    }
  }
  GIVEN("pseudo-random garbage after the handshake") {
    std::string garbage;
    uint32_t x = 12345;
    for (int i = 0; i < 20000; ++i) {
      x = x * 1103515245u + 12345u;
      garbage.push_back(static_cast<char>(x >> 16));
    }
    auto st = s.feed(bytes_of(garbage), garbage.size());
    THEN("an error, not a crash") {
      CHECK_FALSE(st.ok());
      CHECK(s.bytes_received() == hs.size() + c2.size() + garbage.size());
    }
  }
}

SCENARIO("one byte at a time gives the same events and output as all at once", "[rtmp][session]") {
  TestClient c;
  ServerSession probe;
  std::string hs = c.handshake(true);
  REQUIRE(probe.feed(bytes_of(hs), hs.size()).ok());
  // Appended one by one: set_chunk_size changes how later messages are cut.
  std::string input = hs + c.c2(probe.take_output());
  input += c.command(connect_command());
  input += c.command(release_stream_command("k"));
  input += c.command(fc_publish_command("k"));
  input += c.command(create_stream_command());
  input += c.command(publish_command("k"), 1);
  input += c.set_chunk_size(1000);
  std::string video(3000, 'v');
  video[0] = 0x17;
  input += media(c, MessageType::kVideo, video, 0x1000000);
  input += media(c, MessageType::kAudio, "\xaf\x01xyz", 0x1000010);

  auto run = [&](size_t step) {
    ServerSession s;
    std::vector<Event> events;
    std::string out;
    for (size_t pos = 0; pos < input.size(); pos += step) {
      size_t n = std::min(step, input.size() - pos);
      auto st = s.feed(bytes_of(input) + pos, n);
      INFO("step " << step << " at " << pos << ": " << (st.ok() ? "" : st.error().message));
      REQUIRE(st.ok());
      for (auto& e : drain(s)) {
        if (std::holds_alternative<PublishEvent>(e)) s.accept_publish();
        events.push_back(std::move(e));
      }
      out += s.take_output();
    }
    return std::make_pair(std::move(events), std::move(out));
  };
  auto [whole_events, whole_out] = run(input.size());
  auto [byte_events, byte_out] = run(1);
  REQUIRE(whole_events.size() == 4);
  REQUIRE(byte_events.size() == whole_events.size());
  for (size_t i = 0; i < whole_events.size(); ++i) {
    CHECK(whole_events[i].index() == byte_events[i].index());
    if (auto* m = std::get_if<MediaEvent>(&whole_events[i])) {
      auto& b = std::get<MediaEvent>(byte_events[i]);
      CHECK(m->payload == b.payload);
      CHECK(m->timestamp_ms == b.timestamp_ms);
    }
  }
  CHECK(std::get<MediaEvent>(whole_events[3]).timestamp_ms == 0x1000010);
  // With all at once accept_publish runs after the media arrived; the bytes
  // are the same, only their order against each other could differ.
  CHECK(whole_out.size() == byte_out.size());
}
