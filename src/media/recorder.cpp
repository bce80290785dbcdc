#include "media/recorder.h"

#include <gst/app/gstappsrc.h>

#include "common/log.h"
#include "media/gst_parse.h"

namespace ocop::media {
namespace {

constexpr unsigned kFinishTimeoutMs = 5000;
constexpr size_t kMaxWaiting = 600;  // buffers before prime(): seconds of video and audio

}  // namespace

Result<std::shared_ptr<Recorder>> Recorder::start(const PipelineTemplates& templates, const Options& o, GstCaps* video,
                                                  GstCaps* audio, Failed on_failed) {
  const TemplateParams params{{"max_ns", std::to_string(static_cast<uint64_t>(o.max_seconds) * GST_SECOND)},
                              {"moov_update_ns", std::to_string(static_cast<uint64_t>(o.moov_update_seconds) * GST_SECOND)}};
  auto text = templates.render("booth_record", params);
  if (!text.ok()) return text.error();
  std::string description = *text;
  if (audio) {
    auto audio_text = templates.render("booth_record_audio", {});
    if (!audio_text.ok()) return audio_text.error();
    description += "\n" + *audio_text;
  }
  auto parsed = parse_pipeline(description, "recording pipeline");
  if (!parsed.ok()) return parsed.error();
  GstElement* raw = parsed->get();
  std::shared_ptr<Recorder> r(new Recorder());
  r->options_ = o;
  r->on_failed_ = std::move(on_failed);
  r->pipeline_ = std::move(*parsed);
  r->video_src_ = by_name(raw, "rec_video");
  if (audio) r->audio_src_ = by_name(raw, "rec_audio");
  ElementPtr file = by_name(raw, "rec_file");
  if (!r->video_src_ || !file || (audio && !r->audio_src_))
    return make_error("internal", "booth_record lacks rec_video/rec_file/rec_audio");
  g_object_set(file.get(), "location", o.path.c_str(), nullptr);
  gst_app_src_set_caps(GST_APP_SRC(r->video_src_.get()), video);
  if (audio) gst_app_src_set_caps(GST_APP_SRC(r->audio_src_.get()), audio);

  BusPtr bus(gst_element_get_bus(raw));
  r->bus_watch_ = gst_bus_add_watch(bus.get(), &Recorder::on_bus, r.get());
  if (gst_element_set_state(raw, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    return make_error("internal", "cannot start recording to " + o.path);
  return r;
}

Recorder::~Recorder() {
  if (finish_timer_) g_source_remove(finish_timer_);
  if (bus_watch_) g_source_remove(bus_watch_);
  if (pipeline_) gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
}

void Recorder::push(bool video, GstBuffer* buf) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closing_ || failed_) return;
  if (!primed_) {
    if (waiting_.size() < kMaxWaiting) waiting_.emplace_back(video, BufferPtr(gst_buffer_ref(buf)));
    return;
  }
  write_locked(video, buf);
}

void Recorder::prime(const std::vector<BufferPtr>& gop) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (primed_) return;
  primed_ = true;
  GstClockTime last = 0;
  bool any = false;
  for (const auto& b : gop) {
    write_locked(true, b.get());
    last = GST_BUFFER_DTS_OR_PTS(b.get());
    any = true;
  }
  // What the taps brought meanwhile, less the frames the GOP already held.
  for (auto& [video, b] : waiting_) {
    if (video && any && GST_BUFFER_DTS_OR_PTS(b.get()) <= last) continue;
    write_locked(video, b.get());
  }
  waiting_.clear();
}

void Recorder::write_locked(bool video, GstBuffer* buf) {
  const GstClockTime ts = GST_BUFFER_DTS_OR_PTS(buf);
  if (!GST_CLOCK_TIME_IS_VALID(ts)) return;
  if (!based_) {
    // Each generation starts at a video keyframe; audio before it has no picture to go with.
    if (!video || GST_BUFFER_FLAG_IS_SET(buf, GST_BUFFER_FLAG_DELTA_UNIT)) return;
    based_ = true;
    in_base_ = ts;
    out_base_ = gap_started_us_ ? last_out_ + static_cast<GstClockTime>(g_get_monotonic_time() - gap_started_us_) * 1000
                                : 0;
  }
  if (ts < in_base_) return;
  GstBuffer* out = gst_buffer_copy(buf);  // metadata only: the memory is shared
  auto shift = [&](GstClockTime t) { return GST_CLOCK_TIME_IS_VALID(t) ? t - in_base_ + out_base_ : t; };
  if (GST_BUFFER_PTS_IS_VALID(out) && GST_BUFFER_PTS(out) < in_base_) GST_BUFFER_PTS(out) = in_base_;
  GST_BUFFER_PTS(out) = shift(GST_BUFFER_PTS(out));
  GST_BUFFER_DTS(out) = shift(GST_BUFFER_DTS(out));
  if (video) {
    const GstClockTime end = GST_BUFFER_DTS_OR_PTS(out) +
                             (GST_BUFFER_DURATION_IS_VALID(out) ? GST_BUFFER_DURATION(out) : 0);
    if (end > last_out_) last_out_ = end;
    position_ms_ = static_cast<int64_t>(last_out_ / GST_MSECOND);
  }
  GstElement* src = video ? video_src_.get() : audio_src_.get();
  if (!src) {
    gst_buffer_unref(out);
    return;
  }
  gst_app_src_push_buffer(GST_APP_SRC(src), out);  // takes `out`
}

void Recorder::new_generation() {
  std::lock_guard<std::mutex> lock(mutex_);
  based_ = false;
  primed_ = false;
  gap_started_us_ = g_get_monotonic_time();
}

void Recorder::finish(Done done) {
  done_ = std::move(done);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  if (failed_) return complete(false);
  gst_app_src_end_of_stream(GST_APP_SRC(video_src_.get()));
  if (audio_src_) gst_app_src_end_of_stream(GST_APP_SRC(audio_src_.get()));
  finish_timer_ = g_timeout_add(kFinishTimeoutMs, [](gpointer self) -> gboolean {
    auto* r = static_cast<Recorder*>(self);
    r->finish_timer_ = 0;
    log::warn("record", "{}: no end of stream within {} ms; closing it as it is", r->options_.path, kFinishTimeoutMs);
    r->complete(true);  // the index written so far (robust muxing) still plays
    return G_SOURCE_REMOVE;
  }, this);
}

bool Recorder::finish_now() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  if (failed_) {
    stop_pipeline();
    return false;
  }
  gst_app_src_end_of_stream(GST_APP_SRC(video_src_.get()));
  if (audio_src_) gst_app_src_end_of_stream(GST_APP_SRC(audio_src_.get()));
  BusPtr bus(gst_element_get_bus(pipeline_.get()));
  MessagePtr msg(gst_bus_timed_pop_filtered(bus.get(), kFinishTimeoutMs * GST_MSECOND,
                                            static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR)));
  const bool ok = msg && GST_MESSAGE_TYPE(msg.get()) == GST_MESSAGE_EOS;
  stop_pipeline();
  return ok;
}

void Recorder::stop_pipeline() {
  if (finish_timer_) {
    g_source_remove(finish_timer_);
    finish_timer_ = 0;
  }
  if (pipeline_) gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
}

void Recorder::complete(bool ok) {
  stop_pipeline();
  if (auto done = std::move(done_)) {
    done_ = nullptr;
    done(ok && !failed_, position_ms_.load());
  }
}

gboolean Recorder::on_bus(GstBus*, GstMessage* msg, gpointer self_ptr) {
  auto* self = static_cast<Recorder*>(self_ptr);
  switch (GST_MESSAGE_TYPE(msg)) {
    case GST_MESSAGE_EOS:
      self->complete(true);
      break;
    case GST_MESSAGE_ERROR: {
      GError* e = nullptr;
      gst_message_parse_error(msg, &e, nullptr);
      ErrorPtr err(e);
      const std::string why = std::string(GST_OBJECT_NAME(GST_MESSAGE_SRC(msg))) + ": " + (err ? err->message : "error");
      if (self->failed_.exchange(true)) break;
      log::error("record", "{}: recording stopped: {}", self->options_.path, why);
      if (self->done_) self->complete(false);
      else self->stop_pipeline();
      if (self->on_failed_) self->on_failed_(why);
      break;
    }
    default:
      break;
  }
  return G_SOURCE_CONTINUE;
}

}  // namespace ocop::media
