#pragma once
// Typed configuration, parsed and validated once at start-up, then shared
// read-only (an immutable snapshot, as in OvenMediaEngine).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ocop::config {

struct ServerConfig {
  std::string bind = "0.0.0.0";
  int http_port = 8080;
  std::string web_root = "web-client";  // relative paths resolve from the working dir
  std::string pipelines_dir = "pipelines";
  std::string public_host;              // host shown in printed URLs; empty: derived from bind
  std::string data_dir = "./data";
  // Sites that may show /embed/booths/{id} in an <iframe> (its CSP
  // frame-ancestors); every other page stays unframable.
  std::vector<std::string> embed_origins;
};

struct HttpConfig {
  size_t max_body_bytes = 1 << 20;
  int session_ttl_hours = 24 * 7;
  int login_attempts_per_minute = 10;  // per client address
  int order_lookups_per_minute = 20;   // failed order lookups (code + phone) per client address
  int max_connections = 4096;
  int max_connections_per_address = 100;  // sockets, idle and websockets included
  int request_timeout_seconds = 10;       // a connection must send a whole request by then
  std::vector<std::string> allowed_origins;  // other sites' pages that may act with a visitor's cookie
  std::vector<std::string> trusted_proxies;  // proxies whose X-Forwarded-For names the client
  bool secure_cookies = false;               // behind TLS: cookies get Secure, answers HSTS
};

struct RtmpConfig {
  int port = 1935;
  int grace_period_seconds = 30;        // state "reconnecting" before "offline"
  int takeover_idle_seconds = 5;        // a publisher silent this long may be replaced
  bool always_take_over = false;        // a new publish always replaces the current one
  int failed_publishes_per_minute = 5;  // per key and address; 4x from one address locks it
  int max_connections = 256;
  int max_connections_per_address = 16;  // a venue's NAT may hold several encoders
  int handshake_timeout_seconds = 10;   // until publish
  int idle_timeout_seconds = 30;        // no bytes at all while publishing
  size_t max_message_size = 8 << 20;
};

struct WebrtcConfig {
  std::vector<std::string> ice_addresses;  // empty: all local addresses
  int udp_port_min = 0;                    // 0/0: any
  int udp_port_max = 0;
  std::string stun_server;                 // stun://host:port
  std::string turn_server;                 // turn(s)://user:pass@host:port
  std::string public_ip;                   // 1:1 NAT address added as a candidate
  int max_viewers = 500;                   // whole server
  std::string engine = "fanout";           // "fanout", or "webrtcbin" (the benchmark's baseline)
  int udp_port = 8189;                     // fan-out: every viewer on this one port; 0 picks one
  int tcp_port = 8189;                     // fan-out ICE-TCP passive candidates (RFC 6544); 0: off
  int workers = 0;                         // fan-out worker threads; 0: one per core
  std::vector<std::string> cors_origins = {"*"};  // pages that may play over WHEP; "*": any
  int max_new_sessions_per_address = 10;   // WHEP sessions one address may start per 30 s
  bool force_transcode = false;
  int transcode_keyframe_interval_seconds = 2;
  std::string transcode_preset = "superfast";
};

// HLS beside WebRTC for the crowd past its capacity and networks it cannot
// cross: the publisher's H.264 and AAC cut into short MPEG-TS segments, the
// newest kept in memory (nothing on disk to clean up).
struct HlsConfig {
  bool enabled = true;
  int target_duration_seconds = 1;  // segments end at the first keyframe after this
  int playlist_length = 5;          // segments in the live playlist
  int part_target_ms = 400;         // Low-Latency HLS parts of about this; 0: none
};

// A small JPEG of each live booth, decoded from keyframes only.
struct ThumbnailConfig {
  bool enabled = true;
  int interval_seconds = 5;
  int width = 320;  // pixels; the height keeps the picture's shape
};

// Every live session recorded to MP4 (no re-encode) for replays.
struct RecordingConfig {
  bool enabled = true;
  std::string directory;      // empty: <server.data_dir>/replays
  int retention_days = 30;    // older replays are deleted
  int max_total_mb = 20480;   // beyond this the oldest finished replays are deleted, never a live one
  int max_hours = 4;          // one live session's recording; index space is reserved for this long
};

// Product photos uploaded from phones (media/photo.h).
struct PhotoConfig {
  int max_mb = 15;               // one upload
  int max_megapixels = 50;       // as the file declares it: beyond, a decompression bomb
  int max_per_product = 8;
  int card_width = 1600;         // the largest size kept and served
  int workers = 1;               // threads that decode (off the control thread)
};

struct HubConfig {
  double chat_per_second = 1.0;
  int chat_burst = 5;
  double reactions_per_second = 10.0;
  int orders_per_connection_per_minute = 10;
  // Orders follow the buyer, not the socket: a bot opens a fresh websocket
  // (and drops its cookie) for every order, but keeps its address.
  int orders_per_address_per_minute = 5;   // per full client address, all booths
  int orders_per_viewer_per_minute = 5;    // per signed viewer cookie, all booths
  int orders_per_phone_per_hour = 20;      // per booth, so a stranger cannot block a number market-wide
  int max_order_qty = 10;                  // units in one order
  int deal_per_buyer = 2;                  // a deal's units per phone or viewer cookie, unless the pin says
  // Risk signals on orders (domain/risk.h), for the seller's eyes.
  int risk_orders_per_address = 3;         // orders from one address in the window, this one included
  int risk_address_window_minutes = 10;
  int risk_phones_per_cookie = 3;          // phones on one viewer cookie in the window, this one included
  int risk_cookie_window_hours = 24;
  int max_send_queue = 4096;           // messages; a client behind this is dropped
  int stalled_client_seconds = 15;     // a client whose queue has not moved this long is dropped
  int hello_timeout_seconds = 20;      // a websocket that has not sent hello by then is closed
  int max_clients_per_booth = 20000;
  // Chat deliveries (messages x clients) one room may send per second; a
  // viewer's message beyond that reaches only its sender and the staff.
  double room_chat_deliveries_per_second = 50000;
  int reaction_flush_ms = 500;
  int viewer_count_flush_ms = 1000;
  std::vector<std::string> word_filter;
  std::string cookie_secret;           // empty: generated and kept in the data dir
};

struct Config {
  ServerConfig server;
  HttpConfig http;
  RtmpConfig rtmp;
  WebrtcConfig webrtc;
  HlsConfig hls;
  ThumbnailConfig thumbnails;
  RecordingConfig recording;
  PhotoConfig photos;
  HubConfig hub;
  std::string log_level = "info";
};

using ConfigPtr = std::shared_ptr<const Config>;

}  // namespace ocop::config
