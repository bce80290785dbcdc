#include "webrtc/webrtcbin_viewer.h"

#define GST_USE_UNSTABLE_API
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>

#include <atomic>
#include <mutex>

#include "common/log.h"
#include "webrtc/answer_sdp.h"

namespace ocop::webrtc {

using media::BufferPtr;
using media::CapsPtr;
using media::ElementPtr;
using media::PadPtr;

struct WebrtcbinViewer::Shared {
  std::atomic<bool> connected{false};
  std::atomic<bool> leaving{false};
  std::atomic<bool> video_open{false};
  std::atomic<bool> keyframe_asked{false};
  std::atomic<gint64> last_rtcp_us{0};
  std::atomic<int> rtcp_count{0};
  media::BoothPipeline* booth = nullptr;  // outlives every probe: pads are released first
  std::shared_ptr<media::GopCache> cache;
  std::mutex mutex;
  // Both cleared on teardown, so late callbacks do nothing. The webrtcbin
  // ref must go then: its signal closures hold this object, and a ref back
  // would keep every viewer's webrtcbin, sockets and threads alive.
  ElementPtr webrtc;
  EventSink events;

  ElementPtr element() {
    std::lock_guard<std::mutex> lock(mutex);
    return webrtc ? ElementPtr(GST_ELEMENT(gst_object_ref(webrtc.get()))) : ElementPtr();
  }
  void post(Event e) {
    EventSink sink;
    {
      std::lock_guard<std::mutex> lock(mutex);
      sink = events;
    }
    if (sink) sink(e);
  }
};

namespace {

using SharedPtr = std::shared_ptr<WebrtcbinViewer::Shared>;
using Event = WebrtcbinViewer::Event;

SharedPtr* box(const SharedPtr& s) { return new SharedPtr(s); }
void unbox(gpointer p) { delete static_cast<SharedPtr*>(p); }
void unbox_closure(gpointer p, GClosure*) { delete static_cast<SharedPtr*>(p); }
WebrtcbinViewer::Shared& shared_of(gpointer p) { return **static_cast<SharedPtr*>(p); }

// Lets buffers pushed from inside the video gate (the cached GOP) through it.
thread_local bool t_injecting = false;

GstPadProbeReturn video_gate(GstPad* pad, GstPadProbeInfo* info, gpointer data) {
  auto& sh = shared_of(data);
  if (t_injecting) return GST_PAD_PROBE_OK;
  if (sh.leaving) return GST_PAD_PROBE_DROP;
  if (sh.video_open) return GST_PAD_PROBE_OK;
  // A keyframe sent before DTLS is up is lost: wait for the connection.
  if (!sh.connected) return GST_PAD_PROBE_DROP;
  GstBuffer* buf = GST_PAD_PROBE_INFO_BUFFER(info);
  if (!GST_BUFFER_FLAG_IS_SET(buf, GST_BUFFER_FLAG_DELTA_UNIT)) {
    sh.video_open = true;
    return GST_PAD_PROBE_OK;
  }
  if (sh.booth->mode() == media::VideoMode::kTranscode) {
    if (!sh.keyframe_asked.exchange(true)) sh.booth->request_keyframe();
    return GST_PAD_PROBE_DROP;
  }
  // Passthrough: start from the cached GOP with its original timestamps
  // (Chrome catches up by itself; rewritten timestamps freeze it).
  std::vector<BufferPtr> gop = sh.cache->snapshot();
  if (gop.empty()) return GST_PAD_PROBE_DROP;
  t_injecting = true;
  GstFlowReturn flow = GST_FLOW_OK;
  for (auto& b : gop) {
    if (b.get() == buf) continue;
    flow = gst_pad_push(pad, b.release());
    if (flow != GST_FLOW_OK) break;
  }
  t_injecting = false;
  sh.video_open = true;
  return GST_PAD_PROBE_OK;
}

GstPadProbeReturn audio_gate(GstPad*, GstPadProbeInfo*, gpointer data) {
  auto& sh = shared_of(data);
  return sh.connected && !sh.leaving ? GST_PAD_PROBE_OK : GST_PAD_PROBE_DROP;
}

void on_connection_state(GstElement* webrtc, GParamSpec*, gpointer data) {
  auto& sh = shared_of(data);
  GstWebRTCPeerConnectionState st;
  g_object_get(webrtc, "connection-state", &st, nullptr);
  if (st == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED && !sh.connected.exchange(true)) {
    sh.last_rtcp_us = g_get_monotonic_time();
    sh.post(Event::kConnected);
  } else if (st == GST_WEBRTC_PEER_CONNECTION_STATE_FAILED) {
    sh.post(Event::kFailed);
  }
}

void on_gathering_state(GstElement* webrtc, GParamSpec*, gpointer data) {
  GstWebRTCICEGatheringState st;
  g_object_get(webrtc, "ice-gathering-state", &st, nullptr);
  if (st == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE) shared_of(data).post(Event::kGathered);
}

void on_ssrc_active(GstElement*, guint, guint, gpointer data) {
  auto& sh = shared_of(data);
  sh.last_rtcp_us = g_get_monotonic_time();
  ++sh.rtcp_count;
}

void on_rtcp_timeout(GstElement*, guint, guint, gpointer data) { shared_of(data).post(Event::kRtcpTimeout); }

bool promise_failed(GstPromise* p, const char* step) {
  // Already resolved when the change func runs, so this does not block. A
  // successful set-*-description replies with no structure at all.
  if (gst_promise_wait(p) != GST_PROMISE_RESULT_REPLIED) {
    log::warn("webrtc", "{} was interrupted", step);
    return true;
  }
  const GstStructure* r = gst_promise_get_reply(p);
  if (!r || !gst_structure_has_field(r, "error")) return false;
  GError* e = nullptr;
  if (r) gst_structure_get(r, "error", G_TYPE_ERROR, &e, nullptr);
  log::warn("webrtc", "{} failed: {}", step, e ? e->message : "no reply");
  if (e) g_error_free(e);
  return true;
}

void on_local_set(GstPromise* p, gpointer data) {
  auto& sh = shared_of(data);
  const bool failed = promise_failed(p, "set-local-description");
  gst_promise_unref(p);
  sh.post(failed ? Event::kNegotiationFailed : Event::kLocalSet);
}

// Promise callbacks run on webrtcbin's thread: chain the next step from here
// and never wait on a promise (that deadlocks).
void on_answer_created(GstPromise* p, gpointer data) {
  auto& sh = shared_of(data);
  const GstStructure* r = gst_promise_get_reply(p);
  GstWebRTCSessionDescription* answer = nullptr;
  if (r) gst_structure_get(r, "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &answer, nullptr);
  gst_promise_unref(p);
  if (!answer || sh.leaving) {
    if (!answer) log::warn("webrtc", "create-answer gave no answer");
    if (answer) gst_webrtc_session_description_free(answer);
    return sh.post(Event::kNegotiationFailed);
  }
  ElementPtr webrtc = sh.element();
  if (webrtc) {
    GstPromise* next = gst_promise_new_with_change_func(on_local_set, box(*static_cast<SharedPtr*>(data)), unbox);
    g_signal_emit_by_name(webrtc.get(), "set-local-description", answer, next);
  }
  gst_webrtc_session_description_free(answer);
}

void on_remote_set(GstPromise* p, gpointer data) {
  auto& sh = shared_of(data);
  const bool failed = promise_failed(p, "set-remote-description");
  gst_promise_unref(p);
  if (failed || sh.leaving) return sh.post(Event::kNegotiationFailed);
  ElementPtr webrtc = sh.element();
  if (!webrtc) return;
  GstPromise* next = gst_promise_new_with_change_func(on_answer_created, box(*static_cast<SharedPtr*>(data)), unbox);
  g_signal_emit_by_name(webrtc.get(), "create-answer", nullptr, next);
}

// A relay forwards each packet when it arrives. webrtcbin puts a clocksync
// before its rtpbin (and nicesink syncs too), which holds every packet until
// its timestamp comes due instead, so
// frames a publisher sent ahead of real time (a start-up burst, a backlog
// after a radio drop) would add their lead to every later frame for the
// rest of the session (docs/benchmarks.md, WebRTC latency).
void on_deep_element_added(GstBin*, GstBin*, GstElement* element, gpointer) {
  GstElementFactory* f = gst_element_get_factory(element);
  if (!f) return;
  const char* name = GST_OBJECT_NAME(f);
  if (std::strcmp(name, "clocksync") == 0 || std::strcmp(name, "nicesink") == 0)
    g_object_set(element, "sync", FALSE, nullptr);
}

ElementPtr find_child(GstBin* bin, const char* factory) {
  GstIterator* it = gst_bin_iterate_recurse(bin);
  GValue item = G_VALUE_INIT;
  ElementPtr found;
  while (!found && gst_iterator_next(it, &item) == GST_ITERATOR_OK) {
    auto* e = GST_ELEMENT(g_value_get_object(&item));
    GstElementFactory* f = gst_element_get_factory(e);
    if (f && g_strcmp0(GST_OBJECT_NAME(f), factory) == 0) found.reset(GST_ELEMENT(gst_object_ref(e)));
    g_value_reset(&item);
  }
  g_value_unset(&item);
  gst_iterator_free(it);
  return found;
}

// codec-preferences from the offer's own lines for the chosen payload type.
// Without profile-level-id: rtph264pay would turn it into a restriction and
// refuse a High-profile publisher ("no common format"). The offer is client
// input: only known parameter names become caps fields.
bool known_fmtp(const std::string& k) {
  static const char* kKnown[] = {"packetization-mode", "level-asymmetry-allowed", "minptime", "useinbandfec",
                                 "stereo", "sprop-stereo", "usedtx", "maxaveragebitrate", "maxplaybackrate"};
  for (const char* name : kKnown)
    if (g_ascii_strcasecmp(k.c_str(), name) == 0) return true;
  return false;
}

bool known_feedback(const std::string& fb) {
  static const char* kKnown[] = {"nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"};
  for (const char* name : kKnown)
    if (fb == name) return true;
  return false;
}

bool plain_value(const std::string& v) {
  if (v.empty() || v.size() > 64) return false;
  for (char c : v)
    if (!g_ascii_isalnum(c) && c != '-' && c != '.') return false;
  return true;
}

CapsPtr preference_caps(const sdp::Codec& c, const char* media) {
  const char* enc = std::string_view(media) == "video" ? "H264" : "OPUS";
  GstStructure* s = gst_structure_new("application/x-rtp", "media", G_TYPE_STRING, media, "payload", G_TYPE_INT,
                                      c.payload_type, "encoding-name", G_TYPE_STRING, enc, "clock-rate",
                                      G_TYPE_INT, c.clock_rate, nullptr);
  if (c.channels > 0) gst_structure_set(s, "encoding-params", G_TYPE_STRING, std::to_string(c.channels).c_str(), nullptr);
  for (const auto& [k, v] : c.fmtp) {
    if (!known_fmtp(k) || !plain_value(v)) continue;
    std::string key = k;
    for (auto& ch : key) ch = static_cast<char>(g_ascii_tolower(ch));
    if (!gst_structure_has_field(s, key.c_str())) gst_structure_set(s, key.c_str(), G_TYPE_STRING, v.c_str(), nullptr);
  }
  for (std::string fb : c.rtcp_fb) {
    if (!known_feedback(fb)) continue;
    for (auto& ch : fb)
      if (ch == ' ') ch = '-';
    gst_structure_set(s, ("rtcp-fb-" + fb).c_str(), G_TYPE_BOOLEAN, TRUE, nullptr);
  }
  return CapsPtr(gst_caps_new_full(s, nullptr));
}

GstElement* make(const char* factory) {
  GstElement* e = gst_element_factory_make(factory, nullptr);
  if (!e) log::error("webrtc", "GStreamer element '{}' is missing", factory);
  return e;
}

}  // namespace

WebrtcbinViewer::WebrtcbinViewer(int serial, ViewerRequest request, media::BoothPipeline& booth, const IceOptions& ice)
    : request_(std::move(request)), booth_(booth), ice_(ice), shared_(std::make_shared<Shared>()),
      created_us_(g_get_monotonic_time()), serial_(serial) {
  shared_->booth = &booth;
  shared_->cache = booth.gop_cache();
}

WebrtcbinViewer::~WebrtcbinViewer() {
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->events = nullptr;
    shared_->webrtc.reset();
  }
  shared_->leaving = true;
  // Still linked (the booth is shutting down): release the tee pads directly.
  if (video_tee_pad_) gst_element_release_request_pad(booth_.video_tee(), video_tee_pad_.get());
  if (audio_tee_pad_) gst_element_release_request_pad(booth_.audio_tee(), audio_tee_pad_.get());
  if (bin_) {
    gst_element_set_state(bin_.get(), GST_STATE_NULL);
    if (in_pipeline_) gst_bin_remove(GST_BIN(booth_.pipeline()), bin_.get());
  }
}

GstPad* WebrtcbinViewer::add_branch(GstElement* pay, GstCaps* prefs, const char* name) {
  GstElement* q = make("queue");
  // Unbounded in time (an injected GOP spans seconds of PTS), bounded in
  // buffers and bytes, and leaky: a slow viewer never blocks the booth's tee.
  g_object_set(q, "max-size-time", guint64{0}, "max-size-buffers", 2000u, "max-size-bytes", 16u << 20, "leaky", 2,
               nullptr);
  gst_bin_add_many(GST_BIN(bin_.get()), q, pay, nullptr);
  gst_element_link(q, pay);
  PadPtr sink(gst_element_request_pad_simple(webrtc_.get(), "sink_%u"));
  PadPtr src(gst_element_get_static_pad(pay, "src"));
  gst_pad_link(src.get(), sink.get());
  GstWebRTCRTPTransceiver* trans = nullptr;
  g_object_get(sink.get(), "transceiver", &trans, nullptr);
  if (trans) {
    g_object_set(trans, "direction", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY, "codec-preferences", prefs,
                 nullptr);
    gst_object_unref(trans);
  }
  PadPtr qsink(gst_element_get_static_pad(q, "sink"));
  GstPad* ghost = gst_ghost_pad_new(name, qsink.get());
  gst_pad_set_active(ghost, TRUE);
  gst_element_add_pad(bin_.get(), ghost);
  return ghost;
}

Status WebrtcbinViewer::start(EventSink events) {
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->events = std::move(events);
  }
  const std::string name = "viewer_" + std::to_string(serial_);
  bin_.reset(GST_ELEMENT(gst_object_ref_sink(gst_bin_new(name.c_str()))));
  g_signal_connect(bin_.get(), "deep-element-added", G_CALLBACK(on_deep_element_added), nullptr);
  GstElement* webrtc = make("webrtcbin");
  if (!webrtc) return make_error("internal", "webrtcbin is not installed");
  webrtc_.reset(GST_ELEMENT(gst_object_ref(webrtc)));
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->webrtc.reset(GST_ELEMENT(gst_object_ref(webrtc)));
  }
  g_object_set(webrtc, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, nullptr);
  apply_ice_options(webrtc, ice_);
  gst_bin_add(GST_BIN(bin_.get()), webrtc);

  rtpbin_ = find_child(GST_BIN(webrtc), "rtpbin");
  if (rtpbin_) {
    g_signal_connect_data(rtpbin_.get(), "on-ssrc-active", G_CALLBACK(on_ssrc_active), box(shared_), unbox_closure,
                          GConnectFlags(0));
    g_signal_connect_data(rtpbin_.get(), "on-timeout", G_CALLBACK(on_rtcp_timeout), box(shared_), unbox_closure,
                          GConnectFlags(0));
    g_signal_connect_data(rtpbin_.get(), "on-bye-ssrc", G_CALLBACK(on_rtcp_timeout), box(shared_), unbox_closure,
                          GConnectFlags(0));
  }
  g_signal_connect_data(webrtc, "notify::connection-state", G_CALLBACK(on_connection_state), box(shared_),
                        unbox_closure, GConnectFlags(0));
  g_signal_connect_data(webrtc, "notify::ice-gathering-state", G_CALLBACK(on_gathering_state), box(shared_),
                        unbox_closure, GConnectFlags(0));

  if (request_.video) {
    GstElement* pay = make("rtph264pay");
    if (!pay) return make_error("internal", "rtph264pay is not installed");
    // SPS/PPS with every keyframe: FLV carries them only in codec_data.
    g_object_set(pay, "pt", static_cast<guint>(request_.video->payload_type), "config-interval", -1, "mtu", 1200u,
                 nullptr);
    CapsPtr prefs = preference_caps(*request_.video, "video");
    video_ghost_ = add_branch(pay, prefs.get(), "video");
  }
  if (request_.audio) {
    GstElement* pay = make("rtpopuspay");
    if (!pay) return make_error("internal", "rtpopuspay is not installed");
    g_object_set(pay, "pt", static_cast<guint>(request_.audio->payload_type), "mtu", 1200u, nullptr);
    CapsPtr prefs = preference_caps(*request_.audio, "audio");
    audio_ghost_ = add_branch(pay, prefs.get(), "audio");
  }

  // PLAYING before anything touches the live tees.
  gst_bin_add(GST_BIN(booth_.pipeline()), bin_.get());
  in_pipeline_ = true;
  if (!gst_element_sync_state_with_parent(bin_.get())) return make_error("internal", "viewer branch would not start");

  GstSDPMessage* msg = nullptr;
  if (gst_sdp_message_new_from_text(request_.offer_sdp.c_str(), &msg) != GST_SDP_OK || !msg) {
    if (msg) gst_sdp_message_free(msg);
    return make_error("invalid", "offer is not SDP");
  }
  GstWebRTCSessionDescription* offer = gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_OFFER, msg);
  GstPromise* p = gst_promise_new_with_change_func(on_remote_set, box(shared_), unbox);
  g_signal_emit_by_name(webrtc, "set-remote-description", offer, p);
  gst_webrtc_session_description_free(offer);
  return {};
}

void WebrtcbinViewer::on_local_set() {
  if (linked_ || shared_->leaving) return;
  linked_ = true;
  auto link = [&](GstElement* tee, GstPad* ghost, GstPadProbeCallback gate, PadPtr& out) {
    if (!ghost) return;
    out.reset(gst_element_request_pad_simple(tee, "src_%u"));
    gst_pad_add_probe(out.get(), GST_PAD_PROBE_TYPE_BUFFER, gate, box(shared_), unbox);
    if (gst_pad_link(out.get(), ghost) != GST_PAD_LINK_OK)
      log::warn("webrtc", "viewer {}: cannot link to the booth's tee", serial_);
  };
  link(booth_.video_tee(), video_ghost_, video_gate, video_tee_pad_);
  link(booth_.audio_tee(), audio_ghost_, audio_gate, audio_tee_pad_);
}

Result<std::string> WebrtcbinViewer::answer_sdp() {
  GstWebRTCSessionDescription* local = nullptr;
  g_object_get(webrtc_.get(), "local-description", &local, nullptr);
  if (!local) return make_error("internal", "no local description");
  gchar* text = gst_sdp_message_as_text(local->sdp);
  std::string sdp = text ? text : "";
  g_free(text);
  gst_webrtc_session_description_free(local);
  std::string plid = request_.video ? request_.video->fmtp_value("profile-level-id") : "";
  return finish_answer(sdp, request_.video ? request_.video->payload_type : -1, plid, ice_.public_ip);
}

void WebrtcbinViewer::begin_removal(std::function<void(std::function<void()>)> post, std::function<void()> done) {
  shared_->leaving = true;
  struct Unlink {
    ElementPtr tee;
    std::shared_ptr<std::atomic<int>> pending;
    std::function<void(std::function<void()>)> post;
    std::function<void()> done;
  };
  std::vector<std::pair<GstElement*, PadPtr>> pads;
  if (video_tee_pad_) pads.emplace_back(booth_.video_tee(), std::move(video_tee_pad_));
  if (audio_tee_pad_) pads.emplace_back(booth_.audio_tee(), std::move(audio_tee_pad_));
  if (pads.empty()) return post(std::move(done));
  auto pending = std::make_shared<std::atomic<int>>(static_cast<int>(pads.size()));
  for (auto& [tee, pad] : pads) {
    auto* u = new Unlink{ElementPtr(GST_ELEMENT(gst_object_ref(tee))), pending, post, done};
    // Unlink and release when no buffer is passing (streaming thread).
    gst_pad_add_probe(
        pad.get(), GST_PAD_PROBE_TYPE_IDLE,
        [](GstPad* p, GstPadProbeInfo*, gpointer data) -> GstPadProbeReturn {
          auto* ctx = static_cast<Unlink*>(data);
          if (GstPad* peer = gst_pad_get_peer(p)) {
            gst_pad_unlink(p, peer);
            gst_object_unref(peer);
          }
          gst_element_release_request_pad(ctx->tee.get(), p);
          if (--*ctx->pending == 0) ctx->post(ctx->done);
          return GST_PAD_PROBE_REMOVE;
        },
        u, [](gpointer data) { delete static_cast<Unlink*>(data); });
  }
}

bool WebrtcbinViewer::connected() const { return shared_->connected; }

bool WebrtcbinViewer::rtcp_silent(gint64 now_us) const {
  if (!shared_->connected) return false;  // the clock starts at the connection
  // Chrome sends RTCP every ~200 ms while video flows, but only every ~5 s
  // while only audio does (or before any): a shorter limit would drop
  // healthy viewers.
  const gint64 limit = (shared_->video_open && shared_->rtcp_count > 0 ? 6 : 12) * G_USEC_PER_SEC;
  return now_us - shared_->last_rtcp_us > limit;
}

}  // namespace ocop::webrtc
