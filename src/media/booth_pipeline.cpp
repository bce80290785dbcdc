#include "media/booth_pipeline.h"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>

#include <algorithm>

#include "common/log.h"
#include "media/appsink_sample.h"
#include "ingest/rtmp/flv_gate.h"
#include "media/gst_parse.h"

namespace ocop::media {
namespace {

// Pushes whole FLV units into appsrc, within its bound (the gate drops past
// it). gst_app_src_push_buffer is thread-safe; after the pipeline stops it
// returns FLUSHING and the bytes are dropped. push() runs on the ingest
// thread only; the counters are read from the control thread.
class AppSrcSink final : public ingest::FlvSink {
 public:
  AppSrcSink(ElementPtr appsrc, size_t max_bytes, int64_t booth_id, std::shared_ptr<IngestDrops> drops)
      : appsrc_(std::move(appsrc)), gate_(max_bytes), booth_id_(booth_id), drops_(std::move(drops)) {}
  void push(std::string bytes) override {
    GstAppSrc* src = GST_APP_SRC(appsrc_.get());
    const bool was_dropping = gate_.dropping();
    const bool pass = gate_.admit(bytes, static_cast<size_t>(gst_app_src_get_current_level_bytes(src)));
    if (gate_.dropping() != was_dropping) {
      if (gate_.dropping())
        log::warn("media", "booth {}: the pipeline is behind its publisher ({} bytes queued); dropping media until it "
                  "catches up", booth_id_, gst_app_src_get_current_level_bytes(src));
      else
        log::info("media", "booth {}: caught up; {} bytes dropped so far", booth_id_, gate_.dropped_bytes());
    }
    if (!pass) {
      drops_->bytes.fetch_add(bytes.size(), std::memory_order_relaxed);
      return;
    }
    GstBuffer* buf = gst_buffer_new_memdup(bytes.data(), bytes.size());
    gst_app_src_push_buffer(src, buf);  // takes the buffer
  }

 private:
  ElementPtr appsrc_;
  rtmp::FlvGate gate_;
  int64_t booth_id_;
  std::shared_ptr<IngestDrops> drops_;
};

GstPadProbeReturn gop_probe(GstPad*, GstPadProbeInfo* info, gpointer cache) {
  static_cast<GopCache*>(cache)->push(GST_PAD_PROBE_INFO_BUFFER(info));
  return GST_PAD_PROBE_OK;
}

int count_elements(GstBin* bin) {
  int n = 0;
  GstIterator* it = gst_bin_iterate_recurse(bin);
  GValue item = G_VALUE_INIT;
  while (gst_iterator_next(it, &item) == GST_ITERATOR_OK) {
    ++n;
    g_value_reset(&item);
  }
  g_value_unset(&item);
  gst_iterator_free(it);
  return n;
}

template <typename T>
void delete_shared(gpointer p) {
  delete static_cast<std::shared_ptr<T>*>(p);
}

}  // namespace

// Which selector input should become active, and the encoder to ask for
// keyframes. Read by probes on streaming threads, so it is locked.
struct BoothPipeline::Switch {
  std::mutex mutex;
  GstElement* selector = nullptr;  // borrowed: the pipeline owns it
  GstPad* wanted = nullptr;        // the input to activate at its next keyframe
  ElementPtr encoder;              // x264enc while transcoding
  gint64 last_keyframe_request_us = 0;
  std::function<void(bool transcoding)> on_switched;  // posts to the control thread
  GstPad* transcode_pad = nullptr;                    // borrowed, to tell which input became active
};

namespace {

// Activates the wanted selector input at its first keyframe, so viewers see
// no broken picture across the switch.
GstPadProbeReturn selector_probe(GstPad* pad, GstPadProbeInfo* info, gpointer data) {
  auto& sw = **static_cast<std::shared_ptr<BoothPipeline::Switch>*>(data);
  GstBuffer* buf = GST_PAD_PROBE_INFO_BUFFER(info);
  if (GST_BUFFER_FLAG_IS_SET(buf, GST_BUFFER_FLAG_DELTA_UNIT)) return GST_PAD_PROBE_OK;
  std::function<void(bool)> notify;
  bool transcoding = false;
  {
    std::lock_guard<std::mutex> lock(sw.mutex);
    if (sw.wanted != pad) return GST_PAD_PROBE_OK;
    g_object_set(sw.selector, "active-pad", pad, nullptr);
    sw.wanted = nullptr;
    transcoding = pad == sw.transcode_pad;
    notify = sw.on_switched;
  }
  if (notify) notify(transcoding);
  return GST_PAD_PROBE_OK;
}

}  // namespace

Result<std::unique_ptr<BoothPipeline>> BoothPipeline::create(int64_t booth_id, const PipelineTemplates& templates,
                                                             const BoothPipelineOptions& o, ControlLoop& loop,
                                                             ErrorHandler on_error) {
  auto text = templates.render("booth_ingest", {{"opus_bitrate", std::to_string(o.opus_bitrate)},
                                                {"max_input_bytes", std::to_string(o.max_input_bytes)}});
  if (!text.ok()) return text.error();
  auto parsed = parse_pipeline(*text, "booth pipeline");
  if (!parsed.ok()) return parsed.error();
  GstElement* raw = parsed->get();
  std::unique_ptr<BoothPipeline> p(new BoothPipeline());
  p->booth_id_ = booth_id;
  p->options_ = o;
  p->templates_ = &templates;
  p->loop_ = &loop;
  p->on_error_ = std::move(on_error);
  p->pipeline_ = std::move(*parsed);
  p->video_in_ = by_name(raw, "video_in");
  p->selector_ = by_name(raw, "video_select");
  p->video_tee_ = by_name(raw, "video");
  p->audio_tee_ = by_name(raw, "audio");
  p->audio_in_ = by_name(raw, "audio_in");
  ElementPtr appsrc = by_name(raw, "flv");
  if (!p->video_in_ || !p->audio_in_ || !p->selector_ || !p->video_tee_ || !p->audio_tee_ || !appsrc)
    return make_error("internal", "booth pipeline template lacks flv/video_in/audio_in/video_select/video/audio");
  p->input_ = std::make_shared<AppSrcSink>(std::move(appsrc), o.max_input_bytes, booth_id,
                                           o.drops ? o.drops : std::make_shared<IngestDrops>());

  p->switch_ = std::make_shared<Switch>();
  p->switch_->selector = p->selector_.get();
  std::weak_ptr<bool> alive = p->alive_;
  BoothPipeline* self = p.get();
  p->switch_->on_switched = [self, alive, &loop](bool transcoding) {
    loop.post([self, alive, transcoding] {
      if (alive.expired()) return;
      self->mode_ = transcoding ? VideoMode::kTranscode : VideoMode::kPassthrough;
      log::info("media", "booth {}: video now {}", self->booth_id_, transcoding ? "re-encoded" : "passed through");
      if (!transcoding) self->remove_transcoder();
    });
  };
  PadPtr pass_pad(gst_element_get_static_pad(p->selector_.get(), "sink_0"));
  if (!pass_pad) return make_error("internal", "booth pipeline: selector has no passthrough input");
  gst_pad_add_probe(pass_pad.get(), GST_PAD_PROBE_TYPE_BUFFER, selector_probe,
                    new std::shared_ptr<Switch>(p->switch_), delete_shared<Switch>);

  // The cache sits after the selector: it holds what viewers actually get.
  PadPtr tee_sink(gst_element_get_static_pad(p->video_tee_.get(), "sink"));
  gst_pad_add_probe(tee_sink.get(), GST_PAD_PROBE_TYPE_BUFFER, gop_probe, p->gop_cache_.get(), nullptr);

  if (p->options_.rtp_sink) {
    for (RtpTrack t : {RtpTrack::kVideo, RtpTrack::kAudio})
      if (Status s = p->add_rtp_tap(t); !s.ok()) return s.error();
  }

  if (p->options_.outputs.record) {
    PadPtr video_in_sink(gst_element_get_static_pad(p->video_in_.get(), "sink"));
    gst_pad_add_probe(video_in_sink.get(), GST_PAD_PROBE_TYPE_BUFFER, gop_probe, p->input_gop_.get(), nullptr);
  }
  if (p->options_.outputs.any()) {
    // At the first keyframe the demuxer has exposed both tracks: the outputs can see the audio codec.
    struct FirstKeyframe {
      BoothPipeline* self;
      std::weak_ptr<bool> alive;
      ControlLoop* loop;
    };
    PadPtr video_in_sink(gst_element_get_static_pad(p->video_in_.get(), "sink"));
    gst_pad_add_probe(
        video_in_sink.get(), GST_PAD_PROBE_TYPE_BUFFER,
        [](GstPad*, GstPadProbeInfo* info, gpointer data) -> GstPadProbeReturn {
          if (GST_BUFFER_FLAG_IS_SET(GST_PAD_PROBE_INFO_BUFFER(info), GST_BUFFER_FLAG_DELTA_UNIT)) return GST_PAD_PROBE_OK;
          auto* f = static_cast<FirstKeyframe*>(data);
          f->loop->post([self = f->self, alive = f->alive] {
            if (!alive.expired()) self->add_outputs();
          });
          return GST_PAD_PROBE_REMOVE;
        },
        new FirstKeyframe{p.get(), p->alive_, &loop}, [](gpointer d) { delete static_cast<FirstKeyframe*>(d); });
  }

  BusPtr bus(gst_element_get_bus(raw));
  p->bus_watch_ = gst_bus_add_watch(bus.get(), &BoothPipeline::on_bus, p.get());
  if (gst_element_set_state(raw, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    return make_error("internal", "booth pipeline would not start");
  log::info("media", "booth {}: pipeline started", booth_id);
  return p;
}

BoothPipeline::~BoothPipeline() {
  *alive_ = false;
  if (bus_watch_) g_source_remove(bus_watch_);
  if (pipeline_) gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
  if (switch_) {
    std::lock_guard<std::mutex> lock(switch_->mutex);
    switch_->on_switched = nullptr;
    switch_->encoder.reset();
  }
  log::info("media", "booth {}: pipeline stopped", booth_id_);
}

void BoothPipeline::stop() { gst_element_set_state(pipeline_.get(), GST_STATE_NULL); }

int BoothPipeline::element_count() const { return count_elements(GST_BIN(pipeline_.get())); }

void BoothPipeline::set_transcode(bool want, int bitrate_kbps) {
  if (want == want_transcode_) return;
  want_transcode_ = want;
  if (want) {
    if (!transcoder_) {
      if (Status s = add_transcoder(bitrate_kbps); !s.ok()) {
        log::error("media", "booth {}: cannot start the re-encode: {}", booth_id_, s.error().message);
        want_transcode_ = false;
        return;
      }
    }
    log::info("media", "booth {}: switching to the re-encode at its first keyframe", booth_id_);
    {
      std::lock_guard<std::mutex> lock(switch_->mutex);
      switch_->wanted = transcode_sel_pad_.get();
    }
    request_keyframe();
  } else {
    log::info("media", "booth {}: switching back to passthrough at the publisher's next keyframe", booth_id_);
    PadPtr pass_pad(gst_element_get_static_pad(selector_.get(), "sink_0"));
    std::lock_guard<std::mutex> lock(switch_->mutex);
    switch_->wanted = pass_pad.get();  // the pipeline keeps the pad alive
  }
}

void BoothPipeline::request_keyframe() {
  ElementPtr enc;
  {
    std::lock_guard<std::mutex> lock(switch_->mutex);
    const gint64 now = g_get_monotonic_time();
    if (!switch_->encoder || now - switch_->last_keyframe_request_us < G_USEC_PER_SEC) return;
    switch_->last_keyframe_request_us = now;
    enc.reset(GST_ELEMENT(gst_object_ref(switch_->encoder.get())));
  }
  PadPtr src(gst_element_get_static_pad(enc.get(), "src"));
  gst_pad_send_event(src.get(), gst_video_event_new_upstream_force_key_unit(GST_CLOCK_TIME_NONE, TRUE, 0));
}

namespace {

struct TapContext {
  RtpSink sink;
  RtpTrack track;
};

GstFlowReturn on_rtp_sample(GstAppSink* appsink, gpointer data) {
  auto* ctx = static_cast<TapContext*>(data);
  return with_next_sample(appsink, [ctx](GstSample*, GstBuffer* buf) {
    with_bytes(buf, [ctx](const uint8_t* d, size_t n) { ctx->sink(ctx->track, d, n); });
  });
}

}  // namespace

Result<ElementPtr> BoothPipeline::parse_bin(const std::vector<std::string>& names, const TemplateParams& params,
                                            bool ghost) const {
  std::string text;
  for (const auto& name : names) {
    auto part = templates_->render(name, params);
    if (!part.ok()) return part.error();
    text += *part + "\n";
  }
  return media::parse_bin(text, ghost, names.front());
}

// Before the pipeline plays, so the branch links to the tee directly.
Status BoothPipeline::add_rtp_tap(RtpTrack track) {
  const bool video = track == RtpTrack::kVideo;
  auto parsed = parse_bin({video ? "booth_rtp_video" : "booth_rtp_audio"}, {{"mtu", std::to_string(options_.rtp_mtu)}},
                          true);
  if (!parsed.ok()) return parsed.error();
  GstElement* bin = parsed->get();
  gst_bin_add(GST_BIN(pipeline_.get()), bin);
  ElementPtr appsink = by_name(bin, "rtp_sink");
  if (!appsink) return make_error("internal", "RTP tap template lacks rtp_sink");
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = on_rtp_sample;
  gst_app_sink_set_callbacks(GST_APP_SINK(appsink.get()), &callbacks, new TapContext{options_.rtp_sink, track},
                             [](gpointer p) { delete static_cast<TapContext*>(p); });
  GstElement* tee = video ? video_tee_.get() : audio_tee_.get();
  PadPtr tee_pad(gst_element_request_pad_simple(tee, "src_%u"));
  PadPtr bin_sink(gst_element_get_static_pad(bin, "sink"));
  if (!tee_pad || !bin_sink || gst_pad_link(tee_pad.get(), bin_sink.get()) != GST_PAD_LINK_OK)
    return make_error("internal", "cannot link the RTP tap to the booth's tee");
  return {};
}

Status BoothPipeline::add_transcoder(int bitrate_kbps) {
  const int kbps = std::clamp(bitrate_kbps, 300, 6000);
  auto parsed = parse_bin({"booth_transcode"}, {{"preset", options_.transcode_preset},
                                             {"keyframe_interval", std::to_string(options_.transcode_keyframe_frames)},
                                             {"bitrate_kbps", std::to_string(kbps)}},
                          true);
  if (!parsed.ok()) return parsed.error();
  transcoder_ = std::move(*parsed);
  gst_bin_add(GST_BIN(pipeline_.get()), transcoder_.get());

  transcode_sel_pad_.reset(gst_element_request_pad_simple(selector_.get(), "sink_%u"));
  PadPtr bin_src(gst_element_get_static_pad(transcoder_.get(), "src"));
  gst_pad_link(bin_src.get(), transcode_sel_pad_.get());
  {
    std::lock_guard<std::mutex> lock(switch_->mutex);
    switch_->encoder = by_name(transcoder_.get(), "transcode_encode");
    switch_->transcode_pad = transcode_sel_pad_.get();
  }
  gst_pad_add_probe(transcode_sel_pad_.get(), GST_PAD_PROBE_TYPE_BUFFER, selector_probe,
                    new std::shared_ptr<Switch>(switch_), delete_shared<Switch>);
  // PLAYING first, then link it to the live tee (linking first stalls it).
  gst_element_sync_state_with_parent(transcoder_.get());
  transcode_in_pad_.reset(gst_element_request_pad_simple(video_in_.get(), "src_%u"));
  PadPtr bin_sink(gst_element_get_static_pad(transcoder_.get(), "sink"));
  if (gst_pad_link(transcode_in_pad_.get(), bin_sink.get()) != GST_PAD_LINK_OK)
    return make_error("internal", "cannot link the re-encode to the video tee");
  log::info("media", "booth {}: re-encode added ({} kbit/s)", booth_id_, kbps);
  return {};
}

void BoothPipeline::remove_transcoder() {
  if (!transcoder_ || want_transcode_) return;
  {
    std::lock_guard<std::mutex> lock(switch_->mutex);
    switch_->encoder.reset();
    switch_->transcode_pad = nullptr;
  }
  // Unlink from the tee when no buffer is passing, then stop it here.
  struct Removal {
    GstElement* tee;
    GstPad* pad;
  };
  gst_pad_add_probe(
      transcode_in_pad_.get(), GST_PAD_PROBE_TYPE_IDLE,
      [](GstPad* pad, GstPadProbeInfo*, gpointer tee) -> GstPadProbeReturn {
        GstPad* peer = gst_pad_get_peer(pad);
        if (peer) {
          gst_pad_unlink(pad, peer);
          gst_object_unref(peer);
        }
        gst_element_release_request_pad(GST_ELEMENT(tee), pad);
        return GST_PAD_PROBE_REMOVE;
      },
      gst_object_ref(video_in_.get()), gst_object_unref);
  ElementPtr bin = std::move(transcoder_);
  PadPtr sel_pad = std::move(transcode_sel_pad_);
  transcode_in_pad_.reset();
  std::weak_ptr<bool> alive = alive_;
  loop_->post([this, alive, bin = std::shared_ptr<GstElement>(bin.release(), gst_object_unref),
               sel_pad = std::shared_ptr<GstPad>(sel_pad.release(), gst_object_unref)] {
    if (alive.expired()) return;
    gst_element_set_state(bin.get(), GST_STATE_NULL);
    gst_bin_remove(GST_BIN(pipeline_.get()), bin.get());
    gst_element_release_request_pad(selector_.get(), sel_pad.get());
    log::info("media", "booth {}: re-encode removed", booth_id_);
  });
}

void BoothPipeline::inject_error(const std::string& why) {
  GError* err = g_error_new_literal(GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED, why.c_str());
  gst_element_post_message(pipeline_.get(), gst_message_new_error(GST_OBJECT(pipeline_.get()), err, "injected"));
  g_error_free(err);
}

gboolean BoothPipeline::on_bus(GstBus*, GstMessage* msg, gpointer self_ptr) {
  auto* self = static_cast<BoothPipeline*>(self_ptr);
  switch (GST_MESSAGE_TYPE(msg)) {
    case GST_MESSAGE_ERROR: {
      GError* e = nullptr;
      gchar* debug = nullptr;
      gst_message_parse_error(msg, &e, &debug);
      ErrorPtr err(e);
      GCharPtr dbg(debug);
      const std::string where = GST_OBJECT_NAME(GST_MESSAGE_SRC(msg));
      log::warn("media", "booth {}: {} from {} ({})", self->booth_id_, err ? err->message : "error", where,
                dbg ? dbg.get() : "");
      if (self->on_error_) self->on_error_(where + ": " + (err ? err->message : "error"));
      break;
    }
    case GST_MESSAGE_WARNING: {
      GError* e = nullptr;
      gst_message_parse_warning(msg, &e, nullptr);
      ErrorPtr err(e);
      log::debug("media", "booth {}: warning {}", self->booth_id_, err ? err->message : "");
      break;
    }
    default:
      break;
  }
  return G_SOURCE_CONTINUE;
}

}  // namespace ocop::media
