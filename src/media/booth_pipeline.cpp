#include "media/booth_pipeline.h"

#include <gst/app/gstappsrc.h>

#include "common/log.h"

namespace ocop::media {
namespace {

// Pushes whole FLV units into appsrc. gst_app_src_push_buffer is thread-safe;
// after the pipeline stops it returns FLUSHING and the bytes are dropped.
class AppSrcSink final : public ingest::FlvSink {
 public:
  explicit AppSrcSink(ElementPtr appsrc) : appsrc_(std::move(appsrc)) {}
  void push(std::string bytes) override {
    GstBuffer* buf = gst_buffer_new_memdup(bytes.data(), bytes.size());
    gst_app_src_push_buffer(GST_APP_SRC(appsrc_.get()), buf);  // takes the buffer
  }

 private:
  ElementPtr appsrc_;
};

ElementPtr by_name(GstElement* bin, const char* name) {
  return ElementPtr(gst_bin_get_by_name(GST_BIN(bin), name));
}

}  // namespace

Result<std::unique_ptr<BoothPipeline>> BoothPipeline::create(int64_t booth_id, const PipelineTemplates& templates,
                                                             const BoothPipelineOptions& o, ErrorHandler on_error) {
  auto text = templates.render("booth_ingest", {{"opus_bitrate", std::to_string(o.opus_bitrate)},
                                                {"max_input_bytes", std::to_string(o.max_input_bytes)}});
  if (!text.ok()) return text.error();
  GError* raw_err = nullptr;
  GstElement* raw = gst_parse_launch_full(text->c_str(), nullptr, GST_PARSE_FLAG_FATAL_ERRORS, &raw_err);
  ErrorPtr err(raw_err);
  if (!raw || err) {
    if (raw) gst_object_unref(raw);
    return make_error("internal", std::string("booth pipeline: ") + (err ? err->message : "parse failed"));
  }
  std::unique_ptr<BoothPipeline> p(new BoothPipeline());
  p->booth_id_ = booth_id;
  p->pipeline_.reset(GST_ELEMENT(gst_object_ref_sink(raw)));
  p->video_tee_ = by_name(raw, "video");
  p->audio_tee_ = by_name(raw, "audio");
  ElementPtr appsrc = by_name(raw, "flv");
  if (!p->video_tee_ || !p->audio_tee_ || !appsrc)
    return make_error("internal", "booth pipeline template lacks flv/video/audio elements");
  p->input_ = std::make_shared<AppSrcSink>(std::move(appsrc));
  p->on_error_ = std::move(on_error);

  BusPtr bus(gst_element_get_bus(raw));
  p->bus_watch_ = gst_bus_add_watch(bus.get(), &BoothPipeline::on_bus, p.get());
  if (gst_element_set_state(raw, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    return make_error("internal", "booth pipeline would not start");
  log::info("media", "booth {}: pipeline started", booth_id);
  return p;
}

BoothPipeline::~BoothPipeline() {
  if (bus_watch_) g_source_remove(bus_watch_);
  if (pipeline_) gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
  log::info("media", "booth {}: pipeline stopped", booth_id_);
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
