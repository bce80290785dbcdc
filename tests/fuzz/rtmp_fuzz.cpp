// libFuzzer target for the RTMP protocol core: handshake, chunk stream,
// AMF0 commands and the FLV inspectors, all driven from one byte string.
//
// The input is used raw (no header carved off), so a byte capture of a real
// publisher is a valid seed as it is (see corpus/rtmp_fuzz/ and
// tools/regen_rtmp_corpus.sh). The split into feed() calls is derived from
// the input length, so each input replays the same way.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ingest/rtmp/amf0.h"
#include "ingest/rtmp/flv_gate.h"
#include "ingest/rtmp/server_session.h"

using namespace ocop::rtmp;

namespace {

// Feed sizes that cross every boundary that matters: single bytes, one
// short of C0+C1, chunk header and chunk body sizes.
constexpr size_t kSteps[] = {1, 7, 128, 1536, 1537, 4096, 65536};
constexpr size_t kStepCount = sizeof kSteps / sizeof kSteps[0];

void inspect_media(const MediaEvent& m) {
  switch (m.kind) {
    case MediaKind::kVideo:
      (void)parse_video_tag(m.payload);
      break;
    case MediaKind::kAudio:
      (void)parse_audio_tag(m.payload);
      break;
    case MediaKind::kData:
      (void)parse_metadata(m.payload);
      break;
  }
  std::string tag = flv_tag(m.kind, m.timestamp_ms, m.payload);
  if (tag.size() != 11 + m.payload.size() + 4) __builtin_trap();
}

void drive_session(const uint8_t* data, size_t size) {
  ServerSession session;
  size_t pos = 0;
  size_t step_index = size % kStepCount;
  while (pos < size) {
    size_t n = kSteps[step_index++ % kStepCount];
    if (n > size - pos) n = size - pos;
    auto st = session.feed(data + pos, n);
    pos += n;
    while (auto ev = session.pop_event()) {
      if (auto* p = std::get_if<PublishEvent>(&*ev)) {
        // Both answers must be safe at any point; pick one from the key.
        if (!p->stream_key.empty() && (p->stream_key[0] & 1)) {
          session.reject_publish("NetStream.Publish.BadName", "fuzz");
        } else {
          session.accept_publish();
        }
      } else if (auto* m = std::get_if<MediaEvent>(&*ev)) {
        inspect_media(*m);
      }
    }
    (void)session.take_output();
    if (!st) {
      // Once failed, a session must stay failed.
      if (session.feed(data, size > 0 ? 1 : 0).ok()) __builtin_trap();
      break;
    }
  }
  if (session.bytes_received() != pos) __builtin_trap();
}

// Whatever decodes must encode and decode back to the same values.
void amf0_round_trip(const uint8_t* data, size_t size) {
  auto values = amf0::decode_all(data, size);
  if (!values) return;
  std::string encoded;
  for (const auto& v : *values) amf0::encode(v, encoded);
  auto again = amf0::decode_all(encoded);
  if (!again || again->size() != values->size()) __builtin_trap();
  for (size_t i = 0; i < values->size(); ++i) {
    if (!amf0::same((*values)[i], (*again)[i])) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  drive_session(data, size);
  amf0_round_trip(data, size);
  // The ingest queue's gate reads tag bytes as the publisher sent them:
  // configuration always passes, whatever the queue.
  const std::string_view unit(reinterpret_cast<const char*>(data), size);
  ocop::rtmp::FlvGate gate(64);
  if (ocop::rtmp::flv_tag_kind(unit).config && !gate.admit(unit, 1 << 20)) __builtin_trap();
  // Captures start with C0+C1: also try AMF0 on what follows the handshake,
  // where commands live, so the decoder sees realistic bytes too.
  if (size > 2 * kHandshakeSize + 1) amf0_round_trip(data + 2 * kHandshakeSize + 1, size - 2 * kHandshakeSize - 1);
  return 0;
}
