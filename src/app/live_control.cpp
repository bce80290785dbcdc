#include "app/live_control.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "common/backoff.h"
#include "common/log.h"
#include "webrtc/fanout_egress.h"
#include "webrtc/webrtcbin_egress.h"

namespace ocop::app {

LiveControl::LiveControl(store::Store& store, hub::LiveBoard& board, ControlLoop& loop, const config::Config& cfg,
                         const media::PipelineTemplates& templates)
    : store_(store), board_(board), loop_(loop), cfg_(cfg), templates_(templates),
      ice_(webrtc::IceOptions::from(cfg.webrtc)) {}

LiveControl::~LiveControl() {
  *alive_ = false;
  if (sweep_timer_) g_source_remove(sweep_timer_);
  if (hls_wait_timer_) g_source_remove(hls_wait_timer_);
  for (auto& [id, b] : booths_) {
    if (b.grace_timer) g_source_remove(b.grace_timer);
    if (b.restart_timer) g_source_remove(b.restart_timer);
    stop_media(b);
    if (b.recorder) {
      // Shutting down: close the file here and now (the loop no longer runs).
      const bool ok = b.recorder->finish_now();
      (void)store_.finish_replay(b.replay_id, ok ? store::ReplayState::kReady : store::ReplayState::kFailed,
                                 b.recorder->position_ms(), 0);
    }
  }
  for (auto& [raw, rec] : finishing_) rec->finish_now();
  booths_.clear();
  fanout_.reset();
}

Status LiveControl::start() {
  if (cfg_.recording.enabled) {
    // A crash left these mid-recording: their files play up to the last index update, but their length is unknown.
    if (auto stale = store_.replays(std::nullopt, store::ReplayState::kRecording); stale.ok())
      for (const auto& r : *stale) (void)store_.finish_replay(r.id, store::ReplayState::kFailed, 0, 0);
    sweep_replays();
    sweep_timer_ = loop_.every(3600 * 1000, [this] {
      sweep_replays();
      return true;
    });
  }
  if (cfg_.webrtc.engine != "fanout") return {};
  webrtc::fanout::EngineOptions o;
  o.bind_address = cfg_.server.bind;
  o.udp_port = cfg_.webrtc.udp_port;
  o.tcp_port = cfg_.webrtc.tcp_port;
  o.workers = cfg_.webrtc.workers;
  o.ice_addresses = cfg_.webrtc.ice_addresses;
  o.public_ip = cfg_.webrtc.public_ip;
  auto engine = webrtc::fanout::Engine::start(o, loop_);
  if (!engine.ok()) return engine.error();
  fanout_ = std::move(*engine);
  return {};
}

std::string LiveControl::engine_metrics() const {
  std::string m = fanout_ ? fanout_->metrics() : std::string();
  m += "# HELP ocoplive_hls_segments_total HLS segments listed in live playlists.\n"
       "# TYPE ocoplive_hls_segments_total counter\nocoplive_hls_segments_total " +
       std::to_string(hls_segments_) +
       "\n# HELP ocoplive_hls_segment_bytes_total Bytes of those segments.\n"
       "# TYPE ocoplive_hls_segment_bytes_total counter\nocoplive_hls_segment_bytes_total " +
       std::to_string(hls_bytes_) +
       "\n# HELP ocoplive_thumbnails_total Live thumbnails made.\n"
       "# TYPE ocoplive_thumbnails_total counter\nocoplive_thumbnails_total " +
       std::to_string(thumbnails_) +
       "\n# HELP ocoplive_recording_errors_total Recordings stopped by an error (a full disk); the live stream went on.\n"
       "# TYPE ocoplive_recording_errors_total counter\nocoplive_recording_errors_total " +
       std::to_string(recording_errors_) +
       "\n# HELP ocoplive_ingest_dropped_bytes_total Publisher media dropped because a booth pipeline fell behind.\n"
       "# TYPE ocoplive_ingest_dropped_bytes_total counter\nocoplive_ingest_dropped_bytes_total " +
       std::to_string(ingest_drops_->bytes.load(std::memory_order_relaxed)) +
       "\n# HELP ocoplive_pipeline_restarts_total Booth media pipelines rebuilt after a failure.\n"
       "# TYPE ocoplive_pipeline_restarts_total counter\nocoplive_pipeline_restarts_total " +
       std::to_string(pipeline_restarts_) + "\n";
  return m;
}

std::string LiveControl::hls_playlist(int64_t booth_id) const {
  auto it = booths_.find(booth_id);
  return it == booths_.end() || !it->second.hls ? std::string() : it->second.hls->playlist();
}

std::shared_ptr<const std::string> LiveControl::hls_segment(int64_t booth_id, const std::string& name) const {
  auto it = booths_.find(booth_id);
  return it == booths_.end() || !it->second.hls ? nullptr : it->second.hls->segment(name);
}

bool LiveControl::hls_wait(int64_t booth_id, uint64_t msn, std::optional<uint64_t> part,
                           std::function<void(std::string)> answer) {
  constexpr size_t kMaxWaiters = 20000;  // per booth; more are answered at once
  auto it = booths_.find(booth_id);
  if (it == booths_.end() || !it->second.hls) {
    answer({});
    return true;
  }
  Booth& b = it->second;
  const uint64_t next = b.hls->next_sequence();
  if (msn > next + 1) return false;
  if (b.hls->has(msn, part) || b.hls_waiters.size() >= kMaxWaiters) {
    answer(b.hls->playlist());
    return true;
  }
  const gint64 wait_us = 3ll * b.hls->target_seconds() * G_USEC_PER_SEC;
  b.hls_waiters.push_back({msn, part, g_get_monotonic_time() + wait_us, std::move(answer)});
  if (!hls_wait_timer_) {
    hls_wait_timer_ = loop_.every(250, [this] {
      bool waiting = false;
      for (auto& [id, booth] : booths_) {
        answer_hls_waiters(booth, false);
        waiting = waiting || !booth.hls_waiters.empty();
      }
      if (!waiting) hls_wait_timer_ = 0;
      return waiting;
    });
  }
  return true;
}

void LiveControl::answer_hls_waiters(Booth& b, bool all) {
  if (b.hls_waiters.empty()) return;
  const gint64 now = g_get_monotonic_time();
  std::string playlist;
  std::vector<Booth::HlsWaiter> still;
  for (auto& w : b.hls_waiters) {
    if (!all && b.hls && !b.hls->has(w.msn, w.part) && now < w.deadline_us) {
      still.push_back(std::move(w));
      continue;
    }
    if (playlist.empty() && b.hls) playlist = b.hls->playlist();
    w.answer(playlist);
  }
  b.hls_waiters = std::move(still);
}

std::shared_ptr<const std::string> LiveControl::thumbnail(int64_t booth_id) const {
  auto it = booths_.find(booth_id);
  return it == booths_.end() ? nullptr : it->second.thumbnail;
}

media::OutputOptions LiveControl::outputs(int64_t booth_id, Booth& b, std::optional<int64_t> session) {
  media::OutputOptions o;
  std::weak_ptr<bool> alive = alive_;
  ++b.pipeline_runs;
  if (cfg_.hls.enabled && session) {
    // Segment names carry the live session: never the same name for other bytes.
    if (!b.hls)
      b.hls = std::make_unique<media::HlsWindow>(std::to_string(*session) + "-", cfg_.hls.target_duration_seconds,
                                                 static_cast<size_t>(cfg_.hls.playlist_length),
                                                 cfg_.hls.part_target_ms / 1000.0);
    media::HlsOutput h;
    h.target_duration_seconds = cfg_.hls.target_duration_seconds;
    h.part_target_seconds = cfg_.hls.part_target_ms / 1000.0;
    const bool restarted = b.pipeline_runs > 1;
    h.on_cut = [this, alive, booth_id, restarted, first = std::make_shared<bool>(true),
                &loop = loop_](media::HlsCut cut) {
      const bool discontinuity = restarted && *first;  // only this streaming thread touches `first`
      *first = false;
      loop.post([this, alive, booth_id, discontinuity, cut = std::move(cut)]() mutable {
        if (alive.expired()) return;
        auto it = booths_.find(booth_id);
        if (it == booths_.end() || !it->second.hls) return;
        if (cut.segment) {
          ++hls_segments_;
          hls_bytes_ += cut.segment->bytes->size();
        }
        it->second.hls->add(std::move(cut), discontinuity);
        answer_hls_waiters(it->second, false);
        if (it->second.hls->has_playlist() && !board_.get(booth_id).hls) board_.set_hls_ready(booth_id);
      });
    };
    o.hls = std::move(h);
  }
  if (cfg_.recording.enabled && session) {
    media::RecordOutput r;
    r.open = [this, alive, booth_id, session = *session](GstCaps* video, GstCaps* audio) {
      return alive.expired() ? nullptr : open_recording(booth_id, session, video, audio);
    };
    o.record = std::move(r);
  }
  if (cfg_.thumbnails.enabled) {
    media::ThumbnailOutput t;
    t.interval_seconds = cfg_.thumbnails.interval_seconds;
    t.width = cfg_.thumbnails.width;
    t.on_jpeg = [this, alive, booth_id, &loop = loop_](std::string jpeg) {
      auto shared = std::make_shared<const std::string>(std::move(jpeg));
      loop.post([this, alive, booth_id, shared] {
        if (alive.expired()) return;
        auto it = booths_.find(booth_id);
        if (it == booths_.end() || !it->second.pipeline) return;
        it->second.thumbnail = shared;
        ++thumbnails_;
        if (!board_.get(booth_id).thumbnail) board_.set_thumbnail_ready(booth_id);
      });
    };
    o.thumbnail = std::move(t);
  }
  return o;
}

// Media first, then the viewer branches on it, then the pipeline object.
void LiveControl::stop_media(Booth& b) {
  if (b.feed) b.feed->set_keyframe_requester(nullptr);
  if (b.pipeline) b.pipeline->stop();
  b.egress.reset();
  b.pipeline.reset();
}

webrtc::Egress* LiveControl::egress(int64_t booth_id) {
  OCOP_ASSERT_OWNER(loop_.owner());
  auto it = booths_.find(booth_id);
  if (it == booths_.end() || !it->second.pipeline) return nullptr;
  Booth& b = it->second;
  if (!b.egress) {
    if (fanout_) b.egress = std::make_unique<webrtc::FanoutEgress>(*fanout_, booth_id, viewer_gone_);
    else b.egress = std::make_unique<webrtc::WebrtcbinEgress>(*b.pipeline, ice_, loop_, viewer_gone_);
  }
  return b.egress.get();
}

int LiveControl::element_count() const {
  int n = 0;
  for (const auto& [id, b] : booths_)
    if (b.pipeline) n += b.pipeline->element_count();
  return n;
}

// Refreshed with the ingest figures (every second or so while live).
std::optional<hub::DeliveryFigures> LiveControl::delivery(int64_t booth_id) const {
  const auto all = fanout_->booth_figures();
  auto it = all.find(booth_id);
  if (it == all.end() || it->second.connected == 0) return std::nullopt;
  const auto& b = it->second;
  hub::DeliveryFigures d;
  d.viewers = b.connected;
  d.loss = b.loss_sum / b.connected;
  d.jitter_ms = b.jitter_ms_sum / b.connected;
  if (b.rtt_count > 0) d.rtt_ms = b.rtt_ms_sum / b.rtt_count;
  return d;
}

ingest::IngestEvents LiveControl::events() {
  ingest::IngestEvents e;
  e.on_first_media = [this](int64_t booth, uint64_t pub) { on_first_media(booth, pub); };
  e.on_publisher_gone = [this](int64_t booth, uint64_t pub) { on_publisher_gone(booth, pub); };
  e.on_figures = [this](int64_t booth, hub::IngestFigures f) {
    if (!board_.get(booth).live()) return;
    // WebRTC browsers stutter on B-frames: re-encode while the publisher sends them.
    if (auto* p = pipeline(booth))
      p->set_transcode(cfg_.webrtc.force_transcode || f.bframes,
                       std::clamp(static_cast<int>(f.bitrate_bps / 1000), 1000, 4000));
    board_.set_ingest(booth, std::move(f));
    if (fanout_) board_.set_delivery(booth, delivery(booth));
  };
  return e;
}

void LiveControl::refresh_keys() {
  OCOP_ASSERT_OWNER(loop_.owner());
  if (!listener_) return;
  std::vector<std::pair<int64_t, std::string>> keys;
  // A booth an organizer stopped takes no publisher until it is reopened.
  for (const auto& b : store_.booths({}))
    if (!b.stopped_reason) keys.emplace_back(b.id, b.stream_key);
  listener_->set_keys(std::move(keys));
}

void LiveControl::key_rotated(int64_t booth_id) {
  refresh_keys();
  if (listener_) listener_->cut(booth_id);
}

media::BoothPipeline* LiveControl::pipeline(int64_t booth_id) {
  auto it = booths_.find(booth_id);
  return it == booths_.end() ? nullptr : it->second.pipeline.get();
}

Status LiveControl::ensure_pipeline(int64_t booth_id, Booth& b, std::optional<int64_t> session) {
  if (b.pipeline) return {};
  media::BoothPipelineOptions opts;
  opts.drops = ingest_drops_;
  opts.outputs = outputs(booth_id, b, session);
  opts.transcode_preset = cfg_.webrtc.transcode_preset;
  opts.transcode_keyframe_frames = cfg_.webrtc.transcode_keyframe_interval_seconds * 30;
  if (fanout_) {
    if (!b.feed) b.feed = fanout_->feed(booth_id);
    b.feed->new_generation();
    opts.rtp_sink = [feed = b.feed](media::RtpTrack t, const uint8_t* data, size_t len) {
      feed->push(t == media::RtpTrack::kVideo ? webrtc::fanout::Track::kVideo : webrtc::fanout::Track::kAudio, data,
                 len);
    };
  }
  auto p = media::BoothPipeline::create(booth_id, templates_, opts, loop_, [this, booth_id](const std::string& why) {
    // Not from inside the bus callback: the pipeline is destroyed there.
    loop_.post([this, booth_id, why] { restart_pipeline(booth_id, why); });
  });
  if (!p.ok()) return p.error();
  b.pipeline = std::move(*p);
  if (b.feed) b.feed->set_keyframe_requester([pipe = b.pipeline.get()] { pipe->request_keyframe(); });
  if (listener_) listener_->attach(booth_id, b.pipeline->input());
  return {};
}

void LiveControl::restart_pipeline(int64_t booth_id, const std::string& why) {
  OCOP_ASSERT_OWNER(loop_.owner());
  auto it = booths_.find(booth_id);
  if (it == booths_.end() || !it->second.pipeline) return;
  Booth& b = it->second;
  const unsigned delay = restart_backoff_ms(b.restarts, static_cast<double>(g_get_monotonic_time()) / 1e6);
  ++pipeline_restarts_;
  log::warn("live", "booth {}: media pipeline failed ({}); restarting it {} (failure {} in the last minute)", booth_id,
            why, delay ? "in " + std::to_string(delay) + " ms" : std::string("now"), b.restarts.size());
  if (listener_) listener_->detach(booth_id);
  if (fanout_) {
    // The fan-out's viewers hang off the booth's feed, not the pipeline:
    // they stay connected and continue at the new pipeline's first keyframe.
    if (b.feed) b.feed->set_keyframe_requester(nullptr);
    b.pipeline->stop();
    b.pipeline.reset();
  } else {
    stop_media(b);  // webrtcbin viewers are branches of the pipeline: they go with it
  }
  auto start = [this, booth_id] {
    auto bit = booths_.find(booth_id);
    if (bit == booths_.end() || bit->second.pipeline) return;
    bit->second.restart_timer = 0;
    if (Status s = ensure_pipeline(booth_id, bit->second, board_.get(booth_id).live_session_id); !s.ok())
      log::error("live", "booth {}: cannot restart the pipeline: {}", booth_id, s.error().message);
  };
  if (b.restart_timer) g_source_remove(b.restart_timer);
  b.restart_timer = 0;
  if (delay == 0) start();
  else b.restart_timer = loop_.after(delay, start);
}

void LiveControl::on_first_media(int64_t booth_id, uint64_t publisher) {
  OCOP_ASSERT_OWNER(loop_.owner());
  Booth& b = booths_[booth_id];
  b.publisher = publisher;
  if (b.grace_timer) {
    g_source_remove(b.grace_timer);
    b.grace_timer = 0;
  }
  const hub::BoothLive& now = board_.get(booth_id);
  std::optional<int64_t> session = now.live_session_id;
  if (!now.live() || !session) {
    auto started = store_.start_live_session(booth_id, static_cast<int64_t>(std::time(nullptr)));
    if (started.ok()) session = *started;
    else log::error("live", "booth {}: cannot record the live session: {}", booth_id, started.error().message);
  }
  if (Status s = ensure_pipeline(booth_id, b, session); !s.ok())
    log::error("live", "booth {}: no media pipeline: {}", booth_id, s.error().message);
  log::info("live", "booth {}: live (session {})", booth_id, session.value_or(0));
  board_.set_state(booth_id, hub::LiveState::kLive, session);
}

void LiveControl::on_publisher_gone(int64_t booth_id, uint64_t publisher) {
  OCOP_ASSERT_OWNER(loop_.owner());
  auto it = booths_.find(booth_id);
  if (it == booths_.end() || it->second.publisher != publisher) return;  // a newer publisher took over
  Booth& b = it->second;
  b.publisher = 0;
  const hub::BoothLive& now = board_.get(booth_id);
  if (!now.live()) return;
  const int grace = cfg_.rtmp.grace_period_seconds;
  log::info("live", "booth {}: publisher gone; reconnecting for {} s", booth_id, grace);
  board_.set_state(booth_id, hub::LiveState::kReconnecting, now.live_session_id);
  if (b.grace_timer) g_source_remove(b.grace_timer);
  b.grace_timer = loop_.after(static_cast<unsigned>(grace) * 1000, [this, booth_id] {
    auto bit = booths_.find(booth_id);
    if (bit != booths_.end()) bit->second.grace_timer = 0;
    go_offline(booth_id);
  });
}

void LiveControl::go_offline(int64_t booth_id) {
  auto it = booths_.find(booth_id);
  if (it == booths_.end() || it->second.publisher) return;
  const hub::BoothLive& now = board_.get(booth_id);
  if (now.live_session_id)
    (void)store_.end_live_session(*now.live_session_id, static_cast<int64_t>(std::time(nullptr)));
  log::info("live", "booth {}: offline", booth_id);
  if (listener_) listener_->detach(booth_id);
  if (it->second.restart_timer) g_source_remove(it->second.restart_timer);
  stop_media(it->second);
  finish_recording(it->second);
  it->second.hls.reset();
  answer_hls_waiters(it->second, true);
  booths_.erase(it);
  if (fanout_) fanout_->drop_feed(booth_id);
  board_.set_state(booth_id, hub::LiveState::kOffline, std::nullopt);
}

}  // namespace ocop::app

namespace ocop::app {

std::string LiveControl::recording_dir() const {
  return cfg_.recording.directory.empty() ? (std::filesystem::path(cfg_.server.data_dir) / "replays").string()
                                          : cfg_.recording.directory;
}

std::shared_ptr<media::Recorder> LiveControl::open_recording(int64_t booth_id, int64_t session, GstCaps* video,
                                                             GstCaps* audio) {
  auto it = booths_.find(booth_id);
  if (it == booths_.end()) return nullptr;
  Booth& b = it->second;
  if (b.recorder && !b.recorder->failed()) {
    b.recorder->new_generation();  // the pipeline was rebuilt: the same file goes on
    return b.recorder;
  }
  if (b.recorder) return nullptr;  // failed in this session (a full disk): not again until the next one
  const std::filesystem::path dir = std::filesystem::path(recording_dir()) / ("booth-" + std::to_string(booth_id));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string path = (dir / ("session-" + std::to_string(session) + ".mp4")).string();
  auto replay = store_.start_replay(booth_id, session, path, static_cast<int64_t>(std::time(nullptr)));
  if (!replay.ok()) {
    log::error("live", "booth {}: no recording: {}", booth_id, replay.error().message);
    return nullptr;
  }
  media::Recorder::Options o;
  o.path = path;
  o.max_seconds = cfg_.recording.max_hours * 3600;
  std::weak_ptr<bool> alive = alive_;
  const int64_t replay_id = *replay;
  auto rec = media::Recorder::start(templates_, o, video, audio, [this, alive, booth_id, replay_id](const std::string& why) {
    if (alive.expired()) return;
    ++recording_errors_;
    log::error("live", "booth {}: recording {} stopped ({}); the live stream goes on", booth_id, replay_id, why);
    (void)store_.finish_replay(replay_id, store::ReplayState::kFailed, 0, 0);
  });
  if (!rec.ok()) {
    ++recording_errors_;
    log::error("live", "booth {}: no recording: {}", booth_id, rec.error().message);
    (void)store_.finish_replay(replay_id, store::ReplayState::kFailed, 0, 0);
    return nullptr;
  }
  b.recorder = *rec;
  b.replay_id = replay_id;
  log::info("live", "booth {}: recording session {} to {}", booth_id, session, path);
  return b.recorder;
}

void LiveControl::finish_recording(Booth& b) {
  if (!b.recorder) return;
  std::shared_ptr<media::Recorder> rec = std::move(b.recorder);
  const int64_t replay_id = b.replay_id;
  const std::shared_ptr<const std::string> thumbnail = b.thumbnail;
  if (rec->failed()) return;  // already marked failed
  finishing_[rec.get()] = rec;
  std::weak_ptr<bool> alive = alive_;
  media::Recorder* raw = rec.get();
  rec->finish([this, alive, raw, replay_id, thumbnail](bool ok, int64_t duration_ms) {
    if (alive.expired()) return;
    auto replay = store_.replay(replay_id);
    if (replay.ok() && *replay) {
      std::error_code ec;
      const auto bytes = std::filesystem::file_size((*replay)->path, ec);
      const bool ready = ok && duration_ms > 0 && !ec && bytes > 0;
      (void)store_.finish_replay(replay_id, ready ? store::ReplayState::kReady : store::ReplayState::kFailed,
                                 duration_ms, ec ? 0 : static_cast<int64_t>(bytes));
      if (ready && thumbnail) {
        std::ofstream out(std::filesystem::path((*replay)->path).replace_extension(".jpg"), std::ios::binary);
        out.write(thumbnail->data(), static_cast<std::streamsize>(thumbnail->size()));
      }
      log::info("live", "replay {}: {} ({} ms, {} bytes)", replay_id, ready ? "ready" : "failed", duration_ms,
                ec ? 0 : bytes);
    }
    // Not from inside the recorder's own callback: it is destroyed here.
    loop_.post([this, alive, raw] {
      if (alive.expired()) return;
      finishing_.erase(raw);
      sweep_replays();
    });
  });
}

void LiveControl::pinned(int64_t booth_id, std::optional<int64_t> product_id, bool deal) {
  auto it = booths_.find(booth_id);
  if (it == booths_.end() || !it->second.recorder || it->second.recorder->failed()) return;
  store::ReplayEvent e;
  e.offset_ms = it->second.recorder->position_ms();
  e.kind = !product_id ? "unpin" : deal ? "deal" : "pin";
  e.product_id = product_id;
  if (Status s = store_.add_replay_event(it->second.replay_id, e); !s.ok())
    log::warn("live", "booth {}: replay event lost: {}", booth_id, s.error().message);
}

void LiveControl::sweep_replays() {
  auto all = store_.replays(std::nullopt, std::nullopt);
  if (!all.ok()) return;
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  const int64_t oldest = now - static_cast<int64_t>(cfg_.recording.retention_days) * 86400;
  const int64_t quota = static_cast<int64_t>(cfg_.recording.max_total_mb) << 20;
  auto remove = [this](const store::Replay& r, const char* why) {
    std::error_code ec;
    std::filesystem::remove(r.path, ec);
    std::filesystem::remove(std::filesystem::path(r.path).replace_extension(".jpg"), ec);
    (void)store_.delete_replay(r.id);
    log::info("live", "replay {} deleted ({})", r.id, why);
  };
  int64_t total = 0;
  std::vector<std::pair<store::Replay, int64_t>> kept;  // newest first, with its file's size
  for (const auto& r : *all) {
    if (r.state != store::ReplayState::kRecording && r.started_at < oldest) {
      remove(r, "older than recording.retention_days");
      continue;
    }
    std::error_code ec;
    const auto size = std::filesystem::file_size(r.path, ec);
    kept.emplace_back(r, ec ? 0 : static_cast<int64_t>(size));
    total += kept.back().second;
  }
  for (auto it = kept.rbegin(); it != kept.rend() && total > quota; ++it) {
    if (it->first.state == store::ReplayState::kRecording) continue;  // never a live one
    remove(it->first, "over recording.max_total_mb");
    total -= it->second;
  }
}

}  // namespace ocop::app
