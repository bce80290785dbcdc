#include "webrtc/warmup.h"

#define GST_USE_UNSTABLE_API
#include <gst/webrtc/webrtc.h>

#include "common/log.h"

namespace ocop::webrtc {
namespace {

struct Warm {
  ControlLoop* loop;
  GstElement* pipeline;
  GstElement* offerer;
  GstElement* answerer;
  gint64 started_us;
};

void finish(Warm* w, const char* how) {
  // Promise callbacks run on webrtcbin's thread; tear down on the control thread.
  w->loop->post([w, how] {
    gst_element_set_state(w->pipeline, GST_STATE_NULL);
    gst_object_unref(w->pipeline);
    log::info("webrtc", "warm-up {} in {} ms", how, (g_get_monotonic_time() - w->started_us) / 1000);
    delete w;
  });
}

void on_local_set(GstPromise* p, gpointer data) {
  gst_promise_unref(p);
  finish(static_cast<Warm*>(data), "done");
}

void on_answer(GstPromise* p, gpointer data) {
  auto* w = static_cast<Warm*>(data);
  const GstStructure* r = gst_promise_get_reply(p);
  GstWebRTCSessionDescription* answer = nullptr;
  if (r) gst_structure_get(r, "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &answer, nullptr);
  gst_promise_unref(p);
  if (!answer) return finish(w, "failed (no answer)");
  g_signal_emit_by_name(w->answerer, "set-local-description", answer,
                        gst_promise_new_with_change_func(on_local_set, w, nullptr));
  gst_webrtc_session_description_free(answer);
}

void on_remote_set(GstPromise* p, gpointer data) {
  auto* w = static_cast<Warm*>(data);
  gst_promise_unref(p);
  g_signal_emit_by_name(w->answerer, "create-answer", nullptr, gst_promise_new_with_change_func(on_answer, w, nullptr));
}

void on_offer(GstPromise* p, gpointer data) {
  auto* w = static_cast<Warm*>(data);
  const GstStructure* r = gst_promise_get_reply(p);
  GstWebRTCSessionDescription* offer = nullptr;
  if (r) gst_structure_get(r, "offer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, nullptr);
  gst_promise_unref(p);
  if (!offer) return finish(w, "failed (no offer)");
  g_signal_emit_by_name(w->answerer, "set-remote-description", offer,
                        gst_promise_new_with_change_func(on_remote_set, w, nullptr));
  gst_webrtc_session_description_free(offer);
}

}  // namespace

void warm_up(ControlLoop& loop, const IceOptions& ice) {
  auto* w = new Warm{&loop, gst_pipeline_new("webrtc_warmup"), gst_element_factory_make("webrtcbin", nullptr),
                     gst_element_factory_make("webrtcbin", nullptr), g_get_monotonic_time()};
  gst_object_ref_sink(w->pipeline);
  if (!w->offerer || !w->answerer) {
    log::error("webrtc", "webrtcbin is missing: WebRTC playback will not work");
    if (w->offerer) gst_object_unref(w->offerer);
    if (w->answerer) gst_object_unref(w->answerer);
    gst_object_unref(w->pipeline);
    delete w;
    return;
  }
  apply_ice_options(w->offerer, ice);
  apply_ice_options(w->answerer, ice);
  gst_bin_add_many(GST_BIN(w->pipeline), w->offerer, w->answerer, nullptr);
  gst_element_set_state(w->pipeline, GST_STATE_PLAYING);
  const char* kinds[] = {
      "application/x-rtp,media=video,encoding-name=H264,clock-rate=90000,payload=96,packetization-mode=(string)1",
      "application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000,payload=111"};
  for (const char* k : kinds) {
    GstCaps* caps = gst_caps_from_string(k);
    GstWebRTCRTPTransceiver* t = nullptr;
    g_signal_emit_by_name(w->offerer, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, caps, &t);
    if (t) gst_object_unref(t);
    gst_caps_unref(caps);
  }
  g_signal_emit_by_name(w->offerer, "create-offer", nullptr, gst_promise_new_with_change_func(on_offer, w, nullptr));
}

}  // namespace ocop::webrtc
