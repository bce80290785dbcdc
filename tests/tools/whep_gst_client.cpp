// A standard non-browser WHEP receiver for tests: GStreamer's webrtcbin with
// its default RTCP timing (receiver reports only every ~5 s, RFC 3550) and
// default ICE keepalives, the way third-party players behave. It decodes what
// it receives and prints one JSON line per second, so a test can see exactly
// when media stopped.
//
//   whep_gst_client --url http://127.0.0.1:PORT/whep/booths/ID --seconds N
//                   [--no-udp] [--ice-address 127.0.0.1] [--print-answer]
//
// Exit codes: 0 played; 1 HTTP error; 2 never connected; 3 pipeline error;
// 4 usage; 5 watchdog (something hung).
#define GST_USE_UNSTABLE_API  // gst/webrtc's API is marked unstable; 1.22 is what we ship against
#include <gst/gst.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "media/gst_ptr.h"
#include "whep_http.h"

namespace {

using whep_client::HttpResponse;
using whep_client::Url;
using whep_client::http_request;
using whep_client::lower;
using whep_client::parse_url;
using Clock = std::chrono::steady_clock;
using nlohmann::json;
using ocop::media::BusPtr;
using ocop::media::CapsPtr;
using ocop::media::ElementPtr;
using ocop::media::ErrorPtr;
using ocop::media::GCharPtr;
using ocop::media::MessagePtr;
using ocop::media::PadPtr;

constexpr auto kGatherTimeout = std::chrono::seconds(10);
constexpr int kWatchdogSlackS = 20;

void emit(const json& j) {
  std::fputs((j.dump() + "\n").c_str(), stdout);
  std::fflush(stdout);
}

// ---- command line ---------------------------------------------------------

struct Options {
  std::string url;
  int seconds = 60;
  bool no_udp = false;
  std::string ice_address = "127.0.0.1";
  bool print_answer = false;
};

std::optional<Options> parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "--url") {
      const char* v = value();
      if (!v) return std::nullopt;
      o.url = v;
    } else if (a == "--seconds") {
      const char* v = value();
      if (!v) return std::nullopt;
      o.seconds = std::atoi(v);
    } else if (a == "--ice-address") {
      const char* v = value();
      if (!v) return std::nullopt;
      o.ice_address = v;
    } else if (a == "--no-udp") {
      o.no_udp = true;
    } else if (a == "--print-answer") {
      o.print_answer = true;
    } else {
      return std::nullopt;
    }
  }
  if (o.url.empty() || o.seconds <= 0) return std::nullopt;
  return o;
}

// ---- the receiver -----------------------------------------------------------

std::string enum_nick(GType type, int value) {
  g_autoptr(GEnumClass) klass = static_cast<GEnumClass*>(g_type_class_ref(type));
  const GEnumValue* v = g_enum_get_value(klass, value);
  return v ? v->value_nick : "?";
}

struct Counters {
  std::atomic<uint64_t> video_frames{0}, audio_buffers{0}, video_bytes{0};
  std::atomic<int64_t> first_frame_us{-1};
  std::mutex audio_mu;
  double audio_sum_sq = 0;  // since the last report, guarded by audio_mu
  uint64_t audio_samples = 0;
};

class Receiver {
 public:
  explicit Receiver(const Options& o) : opt_(o), t0_(Clock::now()) {}
  ~Receiver() { stop(); }
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  bool build();
  bool negotiate_offer(std::string& offer_sdp);
  bool apply_answer(const std::string& answer_sdp);
  json report();
  bool ever_connected() const { return ever_connected_; }
  GstBus* bus() const { return bus_.get(); }
  void stop() {
    if (pipeline_) gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
  }
  double elapsed_s() const { return std::chrono::duration<double>(Clock::now() - t0_).count(); }

 private:
  void configure_ice();
  bool add_recvonly(const char* caps);
  void on_pad_added(GstPad* pad);
  GstWebRTCSessionDescription* wait_promise_sdp(GstPromise* promise, const char* field);

  static void pad_added_cb(GstElement*, GstPad* pad, gpointer self) { static_cast<Receiver*>(self)->on_pad_added(pad); }
  static void gathering_cb(GObject*, GParamSpec*, gpointer self) {
    auto* r = static_cast<Receiver*>(self);
    std::lock_guard lock(r->mu_);
    r->cv_.notify_all();
  }
  static void connection_cb(GObject* obj, GParamSpec*, gpointer self) {
    GstWebRTCPeerConnectionState st;
    g_object_get(obj, "connection-state", &st, nullptr);
    if (st == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED) static_cast<Receiver*>(self)->ever_connected_ = true;
  }
  static GstPadProbeReturn video_frame_probe(GstPad*, GstPadProbeInfo*, gpointer self);
  static GstPadProbeReturn video_bytes_probe(GstPad*, GstPadProbeInfo* info, gpointer self);
  static GstPadProbeReturn audio_probe(GstPad*, GstPadProbeInfo* info, gpointer self);

  const Options& opt_;
  const Clock::time_point t0_;
  ElementPtr pipeline_;
  GstElement* webrtc_ = nullptr;  // owned by pipeline_
  BusPtr bus_;
  Counters n_;
  std::atomic<bool> ever_connected_{false};
  std::mutex mu_;
  std::condition_variable cv_;
};

bool Receiver::build() {
  pipeline_.reset(GST_ELEMENT(gst_object_ref_sink(gst_pipeline_new("whep-client"))));
  webrtc_ = gst_element_factory_make("webrtcbin", "webrtc");
  if (!webrtc_) {
    emit({{"error", "webrtcbin not available (gstreamer1.0-plugins-bad, gstreamer1.0-nice)"}});
    return false;
  }
  // WHEP (RFC 9725) players bundle everything on one transport.
  g_object_set(webrtc_, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, nullptr);
  gst_bin_add(GST_BIN(pipeline_.get()), webrtc_);
  configure_ice();
  // Codec preferences make create-offer work before any pad has caps.
  if (!add_recvonly("application/x-rtp,media=video,encoding-name=H264,clock-rate=90000,payload=96,"
                    "packetization-mode=(string)1,profile-level-id=(string)42e01f,"
                    "level-asymmetry-allowed=(string)1,rtcp-fb-nack-pli=(boolean)true") ||
      !add_recvonly("application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000,payload=111,"
                    "encoding-params=(string)2,useinbandfec=(string)1"))
    return false;
  g_signal_connect(webrtc_, "pad-added", G_CALLBACK(pad_added_cb), this);
  g_signal_connect(webrtc_, "notify::ice-gathering-state", G_CALLBACK(gathering_cb), this);
  g_signal_connect(webrtc_, "notify::connection-state", G_CALLBACK(connection_cb), this);
  bus_.reset(gst_element_get_bus(pipeline_.get()));
  if (gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    emit({{"error", "pipeline cannot start"}});
    return false;
  }
  return true;
}

void Receiver::configure_ice() {
  GstObject* ice_raw = nullptr;
  g_object_get(webrtc_, "ice-agent", &ice_raw, nullptr);
  std::unique_ptr<GstObject, ocop::media::GstObjectDeleter> ice(ice_raw);
  if (!ice) return;
  GObjectClass* klass = G_OBJECT_GET_CLASS(ice.get());
  // UPnP discovery delays gathering and probes the LAN; tests stay on loopback.
  if (g_object_class_find_property(klass, "agent")) {
    GObject* agent = nullptr;
    g_object_get(ice.get(), "agent", &agent, nullptr);
    if (agent) {
      g_object_set(agent, "upnp", FALSE, nullptr);
      g_object_unref(agent);
    }
  }
  if (!opt_.ice_address.empty()) {
    gboolean ok = FALSE;
    if (g_signal_lookup("add-local-ip-address", G_OBJECT_TYPE(ice.get())))
      g_signal_emit_by_name(ice.get(), "add-local-ip-address", opt_.ice_address.c_str(), &ok);
    if (!ok) emit({{"warning", "cannot restrict ICE to " + opt_.ice_address}});
  }
  if (opt_.no_udp) {
    if (g_object_class_find_property(klass, "ice-udp"))
      g_object_set(ice.get(), "ice-udp", FALSE, "ice-tcp", TRUE, nullptr);
    else
      emit({{"warning", "this GStreamer has no ice-udp property; UDP stays on"}});
  }
}

bool Receiver::add_recvonly(const char* caps_str) {
  CapsPtr caps(gst_caps_from_string(caps_str));
  GstWebRTCRTPTransceiver* trans = nullptr;
  g_signal_emit_by_name(webrtc_, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, caps.get(), &trans);
  if (!trans) {
    emit({{"error", std::string("add-transceiver failed for ") + caps_str}});
    return false;
  }
  gst_object_unref(trans);
  return true;
}

GstWebRTCSessionDescription* Receiver::wait_promise_sdp(GstPromise* promise, const char* field) {
  GstWebRTCSessionDescription* desc = nullptr;
  if (gst_promise_wait(promise) == GST_PROMISE_RESULT_REPLIED) {
    const GstStructure* reply = gst_promise_get_reply(promise);
    if (reply && gst_structure_has_field(reply, field))
      gst_structure_get(reply, field, GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &desc, nullptr);
  }
  gst_promise_unref(promise);
  return desc;
}

bool Receiver::negotiate_offer(std::string& offer_sdp) {
  GstPromise* p = gst_promise_new();
  g_signal_emit_by_name(webrtc_, "create-offer", nullptr, p);
  GstWebRTCSessionDescription* offer = wait_promise_sdp(p, "offer");
  if (!offer) {
    emit({{"error", "create-offer failed"}});
    return false;
  }
  p = gst_promise_new();
  g_signal_emit_by_name(webrtc_, "set-local-description", offer, p);
  gst_promise_wait(p);
  gst_promise_unref(p);
  gst_webrtc_session_description_free(offer);

  // WHEP here is non-trickle: the offer must carry every candidate.
  const auto deadline = Clock::now() + kGatherTimeout;
  for (;;) {
    GstWebRTCICEGatheringState st;
    g_object_get(webrtc_, "ice-gathering-state", &st, nullptr);
    if (st == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE) break;
    if (Clock::now() >= deadline) {
      emit({{"error", "ICE gathering did not complete in time"}});
      return false;
    }
    // The state is read outside the lock (webrtcbin takes its own); a missed
    // wake-up costs at most one short wait.
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(100));
  }
  GstWebRTCSessionDescription* local = nullptr;
  g_object_get(webrtc_, "local-description", &local, nullptr);
  if (!local) {
    emit({{"error", "no local description"}});
    return false;
  }
  GCharPtr text(gst_sdp_message_as_text(local->sdp));
  gst_webrtc_session_description_free(local);
  offer_sdp = text.get();
  return true;
}

bool Receiver::apply_answer(const std::string& answer_sdp) {
  GstSDPMessage* sdp = nullptr;
  if (gst_sdp_message_new_from_text(answer_sdp.c_str(), &sdp) != GST_SDP_OK) {
    emit({{"error", "answer is not SDP"}});
    return false;
  }
  GstWebRTCSessionDescription* answer = gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_ANSWER, sdp);
  GstPromise* p = gst_promise_new();
  g_signal_emit_by_name(webrtc_, "set-remote-description", answer, p);
  bool ok = gst_promise_wait(p) == GST_PROMISE_RESULT_REPLIED;
  const GstStructure* reply = ok ? gst_promise_get_reply(p) : nullptr;
  if (reply && gst_structure_has_field(reply, "error")) {
    GError* err = nullptr;
    gst_structure_get(reply, "error", G_TYPE_ERROR, &err, nullptr);
    ErrorPtr owned(err);
    emit({{"error", std::string("set-remote-description: ") + (err ? err->message : "?")}});
    ok = false;
  }
  gst_promise_unref(p);
  gst_webrtc_session_description_free(answer);
  return ok;
}

void Receiver::on_pad_added(GstPad* pad) {
  if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC) return;
  CapsPtr caps(gst_pad_get_current_caps(pad));
  if (!caps) caps.reset(gst_pad_query_caps(pad, nullptr));
  const GstStructure* s = caps && !gst_caps_is_empty(caps.get()) ? gst_caps_get_structure(caps.get(), 0) : nullptr;
  const char* media = s ? gst_structure_get_string(s, "media") : nullptr;
  const bool video = media && std::strcmp(media, "video") == 0;
  const char* desc = video ? "queue ! rtph264depay name=depay ! h264parse ! avdec_h264 name=dec ! "
                             "fakesink name=sink sync=false async=false"
                           : "queue ! rtpopusdepay ! opusdec name=dec ! fakesink name=sink sync=false async=false";
  GError* err = nullptr;
  GstElement* bin = gst_parse_bin_from_description(desc, TRUE, &err);
  ErrorPtr owned(err);
  if (!bin) {
    emit({{"error", std::string("cannot build the decoder: ") + (err ? err->message : "?")}});
    return;
  }
  gst_bin_add(GST_BIN(pipeline_.get()), bin);
  gst_element_sync_state_with_parent(bin);
  PadPtr sinkpad(gst_element_get_static_pad(bin, "sink"));
  if (gst_pad_link(pad, sinkpad.get()) != GST_PAD_LINK_OK) {
    emit({{"error", std::string("cannot link the ") + (media ? media : "?") + " pad"}});
    return;
  }
  ElementPtr dec(gst_bin_get_by_name(GST_BIN(bin), "dec"));
  PadPtr dec_src(gst_element_get_static_pad(dec.get(), "src"));
  gst_pad_add_probe(dec_src.get(), GST_PAD_PROBE_TYPE_BUFFER, video ? video_frame_probe : audio_probe, this, nullptr);
  if (video) {
    ElementPtr depay(gst_bin_get_by_name(GST_BIN(bin), "depay"));
    PadPtr depay_src(gst_element_get_static_pad(depay.get(), "src"));
    gst_pad_add_probe(depay_src.get(), GST_PAD_PROBE_TYPE_BUFFER, video_bytes_probe, this, nullptr);
  }
}

GstPadProbeReturn Receiver::video_frame_probe(GstPad*, GstPadProbeInfo*, gpointer self) {
  auto* r = static_cast<Receiver*>(self);
  if (r->n_.video_frames.fetch_add(1) == 0)
    r->n_.first_frame_us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - r->t0_).count();
  return GST_PAD_PROBE_OK;
}

GstPadProbeReturn Receiver::video_bytes_probe(GstPad*, GstPadProbeInfo* info, gpointer self) {
  static_cast<Receiver*>(self)->n_.video_bytes += gst_buffer_get_size(GST_PAD_PROBE_INFO_BUFFER(info));
  return GST_PAD_PROBE_OK;
}

// opusdec always yields interleaved S16 at 48 kHz.
GstPadProbeReturn Receiver::audio_probe(GstPad*, GstPadProbeInfo* info, gpointer self) {
  auto* r = static_cast<Receiver*>(self);
  ++r->n_.audio_buffers;
  GstMapInfo map;
  GstBuffer* buf = GST_PAD_PROBE_INFO_BUFFER(info);
  if (!gst_buffer_map(buf, &map, GST_MAP_READ)) return GST_PAD_PROBE_OK;
  const auto* samples = reinterpret_cast<const int16_t*>(map.data);
  const size_t count = map.size / sizeof(int16_t);
  double sum = 0;
  for (size_t i = 0; i < count; ++i) sum += static_cast<double>(samples[i]) * samples[i];
  gst_buffer_unmap(buf, &map);
  std::lock_guard lock(r->n_.audio_mu);
  r->n_.audio_sum_sq += sum;
  r->n_.audio_samples += count;
  return GST_PAD_PROBE_OK;
}

json Receiver::report() {
  GstWebRTCICEConnectionState ice;
  GstWebRTCPeerConnectionState conn;
  g_object_get(webrtc_, "ice-connection-state", &ice, "connection-state", &conn, nullptr);
  if (conn == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED) ever_connected_ = true;
  double rms = 0;
  {
    std::lock_guard lock(n_.audio_mu);
    if (n_.audio_samples) rms = std::sqrt(n_.audio_sum_sq / static_cast<double>(n_.audio_samples)) / 32768.0;
    n_.audio_sum_sq = 0;
    n_.audio_samples = 0;
  }
  const int64_t ff = n_.first_frame_us;
  return {{"t", std::round(elapsed_s() * 10) / 10},
          {"video_frames", n_.video_frames.load()},
          {"audio_buffers", n_.audio_buffers.load()},
          {"video_bytes", n_.video_bytes.load()},
          {"audio_rms", std::round(rms * 10000) / 10000},
          {"first_frame_ms", ff < 0 ? -1 : ff / 1000},
          {"ice_state", enum_nick(GST_TYPE_WEBRTC_ICE_CONNECTION_STATE, ice)},
          {"connection_state", enum_nick(GST_TYPE_WEBRTC_PEER_CONNECTION_STATE, conn)}};
}

int count_candidates(const std::string& sdp, const char* transport) {
  int n = 0;
  size_t pos = 0;
  while ((pos = sdp.find("a=candidate:", pos)) != std::string::npos) {
    size_t end = sdp.find('\n', pos);
    std::string line = lower(sdp.substr(pos, end - pos));
    // a=candidate:<foundation> <component> <transport> ...
    size_t f = line.find(' ');
    size_t c = f == std::string::npos ? f : line.find(' ', f + 1);
    if (c != std::string::npos && line.compare(c + 1, std::strlen(transport), transport) == 0) ++n;
    pos = end;
  }
  return n;
}

// Pops bus errors until `until`; false on an error.
bool pump_bus(GstBus* bus, Clock::time_point until) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(until - Clock::now()).count();
    if (left <= 0) return true;
    MessagePtr msg(gst_bus_timed_pop_filtered(bus, static_cast<GstClockTime>(left), GST_MESSAGE_ERROR));
    if (!msg) return true;
    GError* err = nullptr;
    gchar* dbg = nullptr;
    gst_message_parse_error(msg.get(), &err, &dbg);
    ErrorPtr owned(err);
    GCharPtr owned_dbg(dbg);
    emit({{"error", std::string("pipeline: ") + (err ? err->message : "?")},
          {"source", GST_OBJECT_NAME(GST_MESSAGE_SRC(msg.get()))},
          {"debug", dbg ? dbg : ""}});
    return false;
  }
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  auto opt = parse_args(argc, argv);
  std::optional<Url> url = opt ? parse_url(opt->url) : std::nullopt;
  if (!opt || !url) {
    std::fprintf(stderr,
                 "usage: %s --url http://HOST:PORT/whep/booths/ID --seconds N [--no-udp] [--ice-address ADDR] "
                 "[--print-answer]\n",
                 argv[0]);
    return 4;
  }
  // Whatever hangs (a promise webrtcbin never answers, a stuck state change),
  // the test gets an answer in bounded time.
  std::thread([limit = opt->seconds + kWatchdogSlackS] {
    std::this_thread::sleep_for(std::chrono::seconds(limit));
    emit({{"error", "watchdog: still running after " + std::to_string(limit) + " s"}});
    std::_Exit(5);
  }).detach();

  Receiver rx(*opt);
  if (!rx.build()) return 3;
  std::string offer;
  if (!rx.negotiate_offer(offer)) return 3;

  HttpResponse post = http_request(*url, "POST", url->path, "application/sdp", offer);
  json answer_line = {{"answer_status", post.status},
                      {"offer_udp_candidates", count_candidates(offer, "udp")},
                      {"offer_tcp_candidates", count_candidates(offer, "tcp")},
                      {"answer_udp_candidates", count_candidates(post.body, "udp")},
                      {"answer_tcp_candidates", count_candidates(post.body, "tcp")},
                      {"location", post.location},
                      {"t", std::round(rx.elapsed_s() * 1000) / 1000}};
  if (opt->print_answer) answer_line["answer_sdp"] = post.body;
  emit(answer_line);
  if (post.status != 201) {
    emit({{"error", "WHEP POST failed"}, {"status", post.status}, {"body", post.body}, {"detail", post.error}});
    rx.stop();
    return 1;
  }
  if (!rx.apply_answer(post.body)) {
    rx.stop();
    return 3;
  }

  bool pipeline_ok = true;
  json last;
  auto next = Clock::now();
  for (int i = 1; i <= opt->seconds && pipeline_ok; ++i) {
    next += std::chrono::seconds(1);
    pipeline_ok = pump_bus(rx.bus(), next);
    last = rx.report();
    emit(last);
  }

  int delete_status = 0;
  std::string delete_error;
  if (!post.location.empty()) {
    // The Location header may be a path (WHEP) or an absolute URL.
    std::optional<Url> target = post.location.rfind("http", 0) == 0 ? parse_url(post.location) : url;
    std::string path = post.location.rfind("http", 0) == 0 && target ? target->path : post.location;
    if (target) {
      HttpResponse del = http_request(*target, "DELETE", path, "", "");
      delete_status = del.status;
      delete_error = del.status ? (del.status >= 300 ? del.body : "") : del.error;
    }
  }
  rx.stop();
  last["done"] = true;
  last["http_delete"] = delete_status;
  last["ever_connected"] = rx.ever_connected();
  if (!delete_error.empty()) last["delete_error"] = delete_error;
  emit(last);

  if (!pipeline_ok) return 3;
  if (!rx.ever_connected()) return 2;
  if (delete_status < 200 || delete_status >= 300) return 1;
  return 0;
}
