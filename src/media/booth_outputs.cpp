// BoothPipeline's HLS, thumbnail and recording branches (media/booth_outputs.h).
#include <gst/app/gstappsink.h>

#include <optional>

#include "common/log.h"
#include "media/appsink_sample.h"
#include "media/booth_pipeline.h"
#include "media/gst_parse.h"

namespace ocop::media {
namespace {

CapsPtr input_caps(GstElement* tee) {
  PadPtr sink(gst_element_get_static_pad(tee, "sink"));
  CapsPtr caps(sink ? gst_pad_get_current_caps(sink.get()) : nullptr);
  return caps && !gst_caps_is_empty(caps.get()) ? std::move(caps) : nullptr;
}

bool is_aac(GstElement* audio_in) {
  CapsPtr caps = input_caps(audio_in);
  if (!caps) return false;
  const GstStructure* s = gst_caps_get_structure(caps.get(), 0);
  int version = 0;
  return gst_structure_has_name(s, "audio/mpeg") && gst_structure_get_int(s, "mpegversion", &version) && version == 4;
}

// The branch starts at a keyframe: a segment that opens on a delta frame plays as garbage.
GstPadProbeReturn drop_until_keyframe(GstPad*, GstPadProbeInfo* info, gpointer) {
  if (GST_BUFFER_FLAG_IS_SET(GST_PAD_PROBE_INFO_BUFFER(info), GST_BUFFER_FLAG_DELTA_UNIT)) return GST_PAD_PROBE_DROP;
  return GST_PAD_PROBE_REMOVE;  // passes this keyframe, then stays out of the way
}

// The muxer's packets into segments, on its streaming thread.
struct HlsTap {
  explicit HlsTap(const HlsOutput& o) : out(o), cutter(o.target_duration_seconds, o.part_target_seconds) {}
  HlsOutput out;
  HlsCutter cutter;
  bool have_header = false;
};

// mpegtsmux puts PAT and PMT in its caps' streamheader: every segment starts with them.
std::string stream_header(GstSample* sample) {
  GstCaps* caps = gst_sample_get_caps(sample);
  const GValue* headers = caps ? gst_structure_get_value(gst_caps_get_structure(caps, 0), "streamheader") : nullptr;
  std::string out;
  if (!headers || !GST_VALUE_HOLDS_ARRAY(headers)) return out;
  for (guint i = 0; i < gst_value_array_get_size(headers); ++i) {
    GstBuffer* b = gst_value_get_buffer(gst_value_array_get_value(headers, i));
    GstMapInfo map;
    if (b && gst_buffer_map(b, &map, GST_MAP_READ)) {
      out.append(reinterpret_cast<const char*>(map.data), map.size);
      gst_buffer_unmap(b, &map);
    }
  }
  return out;
}

GstFlowReturn on_ts_packets(GstAppSink* appsink, gpointer data) {
  auto* tap = static_cast<HlsTap*>(data);
  return with_next_sample(appsink, [tap](GstSample* sample, GstBuffer* buf) {
    if (!tap->have_header) {
      std::string header = stream_header(sample);
      if (!header.empty()) {
        tap->cutter.set_header(std::move(header));
        tap->have_header = true;
      }
    }
    // mpegtsmux leaves only the first packet of a keyframe's PES (and the
    // tables it writes before it) without the delta flag.
    const bool key = !GST_BUFFER_FLAG_IS_SET(buf, GST_BUFFER_FLAG_DELTA_UNIT);
    const GstClockTime pts = GST_BUFFER_PTS(buf);  // GST_CLOCK_TIME_NONE is the cutter's "unknown"
    HlsCut cut;
    with_bytes(buf, [&](const uint8_t* d, size_t n) { cut = tap->cutter.push(d, n, key, pts); });
    if (cut) tap->out.on_cut(std::move(cut));
  });
}

struct RecordTap {
  std::shared_ptr<Recorder> recorder;
  bool video;
};

GstFlowReturn on_record_sample(GstAppSink* appsink, gpointer data) {
  auto* tap = static_cast<RecordTap*>(data);
  return with_next_sample(appsink, [tap](GstSample*, GstBuffer* buf) { tap->recorder->push(tap->video, buf); });
}

struct ThumbnailGate {
  gint64 interval_us;
  gint64 last_us = 0;
};

// One keyframe per interval reaches the decoder; nothing else does.
GstPadProbeReturn thumbnail_gate(GstPad*, GstPadProbeInfo* info, gpointer data) {
  auto* gate = static_cast<ThumbnailGate*>(data);
  if (GST_BUFFER_FLAG_IS_SET(GST_PAD_PROBE_INFO_BUFFER(info), GST_BUFFER_FLAG_DELTA_UNIT)) return GST_PAD_PROBE_DROP;
  const gint64 now = g_get_monotonic_time();
  if (gate->last_us && now - gate->last_us < gate->interval_us) return GST_PAD_PROBE_DROP;
  gate->last_us = now;
  return GST_PAD_PROBE_OK;
}

GstFlowReturn on_jpeg(GstAppSink* appsink, gpointer data) {
  auto* out = static_cast<ThumbnailOutput*>(data);
  return with_next_sample(appsink, [out](GstSample*, GstBuffer* buf) {
    with_bytes(buf, [out](const uint8_t* d, size_t n) { out->on_jpeg(std::string(reinterpret_cast<const char*>(d), n)); });
  });
}

}  // namespace

void BoothPipeline::add_outputs() {
  const OutputOptions& o = options_.outputs;
  if (o.hls) {
    if (Status s = add_hls(*o.hls); !s.ok())
      log::error("media", "booth {}: no HLS: {}", booth_id_, s.error().message);
  }
  if (o.thumbnail) {
    if (Status s = add_thumbnail(*o.thumbnail); !s.ok())
      log::error("media", "booth {}: no thumbnails: {}", booth_id_, s.error().message);
  }
  if (o.record) {
    if (Status s = add_record(*o.record); !s.ok())
      log::error("media", "booth {}: no recording: {}", booth_id_, s.error().message);
  }
}

Status BoothPipeline::attach_branch(GstElement* tee, GstElement* bin, const char* pad_name) {
  PadPtr tee_pad(gst_element_request_pad_simple(tee, "src_%u"));
  PadPtr bin_pad(gst_element_get_static_pad(bin, pad_name));
  if (!tee_pad || !bin_pad || gst_pad_link(tee_pad.get(), bin_pad.get()) != GST_PAD_LINK_OK)
    return make_error("internal", std::string("cannot link a branch to ") + GST_OBJECT_NAME(tee));
  return {};
}

Status BoothPipeline::add_hls(const HlsOutput& o) {
  const bool audio = is_aac(audio_in_.get());
  std::vector<std::string> parts{"booth_hls"};
  if (audio) parts.emplace_back("booth_hls_audio");
  auto parsed = parse_bin(parts, {}, false);
  if (!parsed.ok()) return parsed.error();
  GstElement* bin = parsed->get();
  ElementPtr appsink = by_name(bin, "hls_sink");
  if (!appsink) return make_error("internal", "booth_hls lacks hls_sink");
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = on_ts_packets;
  gst_app_sink_set_callbacks(GST_APP_SINK(appsink.get()), &callbacks, new HlsTap(o),
                             [](gpointer p) { delete static_cast<HlsTap*>(p); });

  auto ghost = [&](const char* queue_name, const char* pad_name) {
    ElementPtr q = by_name(bin, queue_name);
    PadPtr target(q ? gst_element_get_static_pad(q.get(), "sink") : nullptr);
    return target && gst_element_add_pad(bin, gst_ghost_pad_new(pad_name, target.get()));
  };
  if (!ghost("hls_video_queue", "video") || (audio && !ghost("hls_audio_queue", "audio")))
    return make_error("internal", "booth_hls: cannot expose its inputs");
  PadPtr video_pad(gst_element_get_static_pad(bin, "video"));
  gst_pad_add_probe(video_pad.get(), GST_PAD_PROBE_TYPE_BUFFER, drop_until_keyframe, nullptr, nullptr);

  gst_bin_add(GST_BIN(pipeline_.get()), bin);
  gst_element_sync_state_with_parent(bin);
  if (Status s = attach_branch(video_in_.get(), bin, "video"); !s.ok()) return s;
  if (audio) {
    if (Status s = attach_branch(audio_in_.get(), bin, "audio"); !s.ok()) return s;
  }
  log::info("media", "booth {}: HLS started ({})", booth_id_,
            audio ? "H.264 + AAC" : "H.264 only: the publisher sends no AAC");
  return {};
}

Status BoothPipeline::add_thumbnail(const ThumbnailOutput& o) {
  auto parsed = parse_bin({"booth_thumbnail"}, {{"width", std::to_string(o.width)}}, true);
  if (!parsed.ok()) return parsed.error();
  GstElement* bin = parsed->get();
  ElementPtr appsink = by_name(bin, "thumb_sink");
  if (!appsink) return make_error("internal", "booth_thumbnail lacks thumb_sink");
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = on_jpeg;
  gst_app_sink_set_callbacks(GST_APP_SINK(appsink.get()), &callbacks, new ThumbnailOutput(o),
                             [](gpointer p) { delete static_cast<ThumbnailOutput*>(p); });
  PadPtr sink(gst_element_get_static_pad(bin, "sink"));
  gst_pad_add_probe(sink.get(), GST_PAD_PROBE_TYPE_BUFFER, thumbnail_gate,
                    new ThumbnailGate{static_cast<gint64>(o.interval_seconds) * G_USEC_PER_SEC},
                    [](gpointer p) { delete static_cast<ThumbnailGate*>(p); });
  gst_bin_add(GST_BIN(pipeline_.get()), bin);
  gst_element_sync_state_with_parent(bin);
  return attach_branch(video_in_.get(), bin, "sink");
}

Status BoothPipeline::add_record(const RecordOutput& o) {
  CapsPtr video = input_caps(video_in_.get());
  CapsPtr audio = is_aac(audio_in_.get()) ? input_caps(audio_in_.get()) : nullptr;
  if (!video) return make_error("internal", "no video caps yet");
  std::shared_ptr<Recorder> recorder = o.open(video.get(), audio.get());
  if (!recorder) return {};
  for (bool is_video : {true, false}) {
    if (!is_video && !audio) continue;
    auto parsed = parse_bin({"booth_record_tap"}, {}, true);
    if (!parsed.ok()) return parsed.error();
    GstElement* bin = parsed->get();
    ElementPtr appsink = by_name(bin, "rec_tap");
    if (!appsink) return make_error("internal", "booth_record_tap lacks rec_tap");
    GstAppSinkCallbacks callbacks{};
    callbacks.new_sample = on_record_sample;
    gst_app_sink_set_callbacks(GST_APP_SINK(appsink.get()), &callbacks, new RecordTap{recorder, is_video},
                               [](gpointer p) { delete static_cast<RecordTap*>(p); });
    gst_bin_add(GST_BIN(pipeline_.get()), bin);
    gst_element_sync_state_with_parent(bin);
    if (Status s = attach_branch(is_video ? video_in_.get() : audio_in_.get(), bin, "sink"); !s.ok()) return s;
  }
  // The taps are linked: what passed before them starts the file.
  recorder->prime(input_gop_->snapshot());
  log::info("media", "booth {}: recording ({})", booth_id_, audio ? "H.264 + AAC" : "H.264 only");
  return {};
}

}  // namespace ocop::media
