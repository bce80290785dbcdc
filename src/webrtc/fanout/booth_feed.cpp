#include "webrtc/fanout/booth_feed.h"

#include <chrono>

#include "webrtc/rtp/packet.h"

namespace ocop::webrtc::fanout {
namespace {

int64_t unix_us_now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr int64_t clock_rate(Track t) { return t == Track::kVideo ? 90000 : 48000; }

}  // namespace

BoothFeed::BoothFeed(int64_t booth_id, FanOut fan_out) : booth_id_(booth_id), fan_out_(std::move(fan_out)) {}

void BoothFeed::push(Track track, const uint8_t* data, size_t len) {
  auto header = rtp::parse_rtp(data, len);
  if (!header) return;
  auto packet = std::make_shared<MediaPacket>();
  packet->track = track;
  packet->seq = header->seq;
  packet->timestamp = header->timestamp;
  packet->ssrc = header->ssrc;
  packet->bytes.assign(data, data + len);
  uint64_t mask = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    TrackClock& c = clocks_[static_cast<size_t>(track)];
    if (!c.have || c.ssrc != header->ssrc) {
      c = TrackClock{};
      c.have = true;
      c.ssrc = header->ssrc;
      c.last_ts = header->timestamp;
    }
    // Unwrap the 32-bit timestamp; a step back is reordering, not a wrap.
    const int32_t step = static_cast<int32_t>(header->timestamp - c.last_ts);
    int64_t high = c.ext_high;
    if (step > 0 && header->timestamp < c.last_ts) high = c.ext_high += int64_t{1} << 32;
    else if (step < 0 && header->timestamp > c.last_ts) high -= int64_t{1} << 32;
    if (step > 0) c.last_ts = header->timestamp;
    const int64_t ext = high + header->timestamp;
    // Both payloaders stamp running time x clock rate (timestamp-offset 0),
    // so one base maps both tracks to wall-clock time.
    const int64_t media_us = ext * 1000000 / clock_rate(track);
    if (!have_base_) {
      have_base_ = true;
      base_unix_us_ = unix_us_now() - media_us;
    }
    packet->ntp_unix_us = base_unix_us_ + media_us;
    packet->generation = generation_;

    if (track == Track::kVideo) {
      const size_t payload_at = header->header_size;
      const bool starts_unit = c.last_marker;
      c.last_marker = header->marker;
      packet->keyframe_start =
          starts_unit && rtp::h264_keyframe_start(data + payload_at, header->payload_size);
      if (packet->keyframe_start) {
        gop_.clear();
        gop_bytes_ = 0;
        gop_complete_ = true;
      }
      if (gop_complete_) {
        if (gop_.size() >= kMaxGopPackets || gop_bytes_ + len > kMaxGopBytes) {
          gop_.clear();  // a viewer could not start from a cut GOP
          gop_bytes_ = 0;
          gop_complete_ = false;
        } else {
          gop_.push_back(packet);
          gop_bytes_ += len;
        }
      }
      video_history_[header->seq % kVideoHistory] = packet;
    } else {
      audio_history_[header->seq % kAudioHistory] = packet;
    }
    mask = worker_mask_.load(std::memory_order_acquire);
  }
  packets_.fetch_add(1, std::memory_order_relaxed);
  if (mask) fan_out_(mask, packet);
}

void BoothFeed::new_generation() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++generation_;
  have_base_ = false;
  clocks_ = {};
  gop_.clear();
  gop_bytes_ = 0;
  gop_complete_ = false;
  for (auto& p : video_history_) p.reset();
  for (auto& p : audio_history_) p.reset();
}

void BoothFeed::set_keyframe_requester(std::function<void()> request) {
  std::lock_guard<std::mutex> lock(keyframe_mutex_);
  keyframe_requester_ = std::move(request);
}

// Called under its own lock, so the pipeline it points into cannot be
// destroyed during the call (the control thread clears it first).
void BoothFeed::request_keyframe() {
  std::lock_guard<std::mutex> lock(keyframe_mutex_);
  if (keyframe_requester_) keyframe_requester_();
}

std::vector<PacketPtr> BoothFeed::gop_snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return gop_complete_ ? gop_ : std::vector<PacketPtr>();
}

PacketPtr BoothFeed::find(Track track, uint32_t ssrc, uint16_t seq) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto& h = track == Track::kVideo ? video_history_ : audio_history_;
  const PacketPtr& p = h[seq % h.size()];
  return p && p->seq == seq && p->ssrc == ssrc ? p : nullptr;
}

void BoothFeed::set_worker_interest(int worker, bool interested) {
  const uint64_t bit = uint64_t{1} << worker;
  if (interested) worker_mask_.fetch_or(bit, std::memory_order_acq_rel);
  else worker_mask_.fetch_and(~bit, std::memory_order_acq_rel);
}

}  // namespace ocop::webrtc::fanout
