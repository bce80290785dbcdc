#pragma once
// The RTMP listener: accepts publishers on its own thread (epoll), runs one
// rtmp::ServerSession per connection, maps stream keys to booths and sends
// whole FLV tags to each booth's FlvSink. It never blocks the control thread:
// what the control thread must know is posted to it through IngestEvents, and
// what it decides comes back through the thread-safe methods below.
//
// Owned by the ingest thread: connections, which connection publishes each
// booth, takeover decisions, failed-publish limits, the FLV timeline.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/control_loop.h"
#include "common/result.h"
#include "config/config.h"
#include "hub/live_board.h"
#include "ingest/flv_sink.h"

namespace ocop::ingest {

// Run on the control thread (posted), in the order they happened.
struct IngestEvents {
  // The first media of a publisher (the booth becomes live). has_audio and
  // has_video come from the FLV/metadata flags as far as known.
  std::function<void(int64_t booth_id, uint64_t publisher_id)> on_first_media;
  // The booth's publisher is gone (closed, unpublished, timed out, cut).
  std::function<void(int64_t booth_id, uint64_t publisher_id)> on_publisher_gone;
  // About once a second while publishing.
  std::function<void(int64_t booth_id, hub::IngestFigures figures)> on_figures;
};

class RtmpListener {
 public:
  static Result<std::unique_ptr<RtmpListener>> start(const config::RtmpConfig& cfg, const std::string& bind,
                                                     ControlLoop& loop, IngestEvents events);
  ~RtmpListener();  // stops the thread and closes every connection
  RtmpListener(const RtmpListener&) = delete;
  RtmpListener& operator=(const RtmpListener&) = delete;

  int port() const { return port_; }

  // Any thread. The booths' current stream keys (replaces the whole table).
  void set_keys(std::vector<std::pair<int64_t, std::string>> keys);
  // Any thread. FLV for the booth goes to `sink` from now on (the header
  // first). Tags that arrived before are kept briefly and flushed here.
  void attach(int64_t booth_id, std::shared_ptr<FlvSink> sink);
  // Any thread. The booth went offline: forget its sink and timeline.
  void detach(int64_t booth_id);
  // Any thread. Close the booth's publisher (its key was rotated).
  void cut(int64_t booth_id);

 private:
  struct Impl;
  explicit RtmpListener(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace ocop::ingest
