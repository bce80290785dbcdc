#pragma once
// A live booth as the fan-out engine sees it: RTP packets made once by the
// booth's payloaders, the packets since the last keyframe (a joining viewer
// starts there instead of waiting for the publisher's next keyframe), a
// short history for NACKs, and one clock for both tracks (the publisher's
// timeline) that sender reports map to wall-clock time, so browsers keep
// lips in sync. No GStreamer: the media layer pushes bytes.
//
// push() runs on the payloaders' streaming threads; snapshot and history
// reads on workers when a viewer joins or asks for a retransmission. Each
// packet is handed to each interested worker once, never once per viewer.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace ocop::webrtc::fanout {

enum class Track : uint8_t { kVideo = 0, kAudio = 1 };

struct MediaPacket {
  Track track = Track::kVideo;
  bool keyframe_start = false;  // the first packet of an access unit a decoder can start from
  uint16_t seq = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
  uint32_t generation = 0;  // the booth pipeline instance that made it
  int64_t ntp_unix_us = 0;  // its media instant on the feed's wall clock
  std::vector<uint8_t> bytes;
};
using PacketPtr = std::shared_ptr<const MediaPacket>;

class BoothFeed {
 public:
  static constexpr size_t kMaxGopPackets = 6000;
  static constexpr size_t kMaxGopBytes = 12u << 20;
  static constexpr size_t kVideoHistory = 1024;  // ~1.5 s at 5 Mbit/s
  static constexpr size_t kAudioHistory = 256;   // ~5 s of 20 ms frames

  using FanOut = std::function<void(uint64_t worker_mask, const PacketPtr& packet)>;

  BoothFeed(int64_t booth_id, FanOut fan_out);
  int64_t booth_id() const { return booth_id_; }

  // Streaming thread: one RTP packet from the booth's payloader.
  void push(Track track, const uint8_t* data, size_t len);
  // Control thread: a new pipeline is about to feed this booth. The cached
  // GOP, history and clock belong to the old one.
  void new_generation();
  // Who asks the encoder for a keyframe (null while passing H.264 through).
  void set_keyframe_requester(std::function<void()> request);
  void request_keyframe();

  // Workers.
  std::vector<PacketPtr> gop_snapshot() const;
  PacketPtr find(Track track, uint32_t ssrc, uint16_t seq) const;
  void set_worker_interest(int worker, bool interested);

  uint64_t packets() const { return packets_.load(std::memory_order_relaxed); }

 private:
  struct TrackClock {
    bool have = false;
    uint32_t ssrc = 0;
    uint32_t last_ts = 0;
    int64_t ext_high = 0;  // wraps of the 32-bit timestamp, times 2^32
    bool last_marker = true;
  };

  const int64_t booth_id_;
  const FanOut fan_out_;
  std::atomic<uint64_t> worker_mask_{0};
  std::atomic<uint64_t> packets_{0};

  mutable std::mutex mutex_;
  uint32_t generation_ = 1;
  bool have_base_ = false;
  int64_t base_unix_us_ = 0;  // wall clock at media time 0
  std::array<TrackClock, 2> clocks_{};
  std::vector<PacketPtr> gop_;
  size_t gop_bytes_ = 0;
  bool gop_complete_ = false;  // false after an overflow, until the next keyframe
  std::vector<PacketPtr> video_history_ = std::vector<PacketPtr>(kVideoHistory);
  std::vector<PacketPtr> audio_history_ = std::vector<PacketPtr>(kAudioHistory);
  std::mutex keyframe_mutex_;
  std::function<void()> keyframe_requester_;
};

}  // namespace ocop::webrtc::fanout
