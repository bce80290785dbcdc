#include "config/loader.h"

#include <arpa/inet.h>

#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "http/parse/cors.h"
#include "http/parse/forwarded.h"

namespace ocop::config {
namespace {

using nlohmann::json;

// Walks one config object: each get() consumes a known key; finish() reports
// the first key nobody asked for. Errors name the full key path.
class Section {
 public:
  Section(const json& obj, std::string path) : obj_(obj), path_(std::move(path)) {}

  Section child(const std::string& key, Status& st) {
    seen_.insert(key);
    static const json kEmpty = json::object();
    auto it = obj_.find(key);
    if (it == obj_.end()) return Section(kEmpty, name(key));
    if (!it->is_object()) fail(st, key, "must be an object");
    return Section(it->is_object() ? *it : kEmpty, name(key));
  }

  void get(const std::string& key, int& out, int lo, int hi, Status& st) {
    if (const json* v = find(key)) {
      if (!v->is_number_integer() || v->get<int64_t>() < lo || v->get<int64_t>() > hi) {
        fail(st, key, "must be an integer " + std::to_string(lo) + ".." + std::to_string(hi));
        return;
      }
      out = static_cast<int>(v->get<int64_t>());
    }
  }
  void get(const std::string& key, size_t& out, size_t lo, size_t hi, Status& st) {
    if (const json* v = find(key)) {
      if (!v->is_number_unsigned() || v->get<uint64_t>() < lo || v->get<uint64_t>() > hi) {
        fail(st, key, "must be an integer " + std::to_string(lo) + ".." + std::to_string(hi));
        return;
      }
      out = static_cast<size_t>(v->get<uint64_t>());
    }
  }
  void get(const std::string& key, double& out, double lo, double hi, Status& st) {
    if (const json* v = find(key)) {
      if (!v->is_number() || v->get<double>() < lo || v->get<double>() > hi) {
        fail(st, key, "must be a number in [" + fmt_num(lo) + ", " + fmt_num(hi) + "]");
        return;
      }
      out = v->get<double>();
    }
  }
  void get(const std::string& key, bool& out, Status& st) {
    if (const json* v = find(key)) {
      if (!v->is_boolean()) return fail(st, key, "must be true or false");
      out = v->get<bool>();
    }
  }
  void get(const std::string& key, std::string& out, Status& st) {
    if (const json* v = find(key)) {
      if (!v->is_string()) return fail(st, key, "must be a string");
      out = v->get<std::string>();
    }
  }
  void get(const std::string& key, std::vector<std::string>& out, Status& st) {
    if (const json* v = find(key)) {
      if (!v->is_array()) return fail(st, key, "must be a list of strings");
      std::vector<std::string> items;
      for (const auto& e : *v) {
        if (!e.is_string()) return fail(st, key, "must be a list of strings");
        items.push_back(e.get<std::string>());
      }
      out = std::move(items);
    }
  }

  void finish(Status& st) {
    if (!st.ok()) return;
    for (auto it = obj_.begin(); it != obj_.end(); ++it) {
      if (!seen_.count(it.key())) {
        st = make_error("config", "unknown key '" + name(it.key()) + "'");
        return;
      }
    }
  }

 private:
  const json* find(const std::string& key) {
    seen_.insert(key);
    auto it = obj_.find(key);
    return it == obj_.end() ? nullptr : &*it;
  }
  std::string name(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  void fail(Status& st, const std::string& key, const std::string& what) {
    if (st.ok()) st = make_error("config", "'" + name(key) + "' " + what);
  }
  static std::string fmt_num(double d) {
    std::ostringstream o;
    o << d;
    return o.str();
  }

  const json& obj_;
  std::string path_;
  std::set<std::string> seen_;
};

Status validate(const Config& c) {
  auto bad = [](const std::string& m) { return Status(make_error("config", m)); };
  if ((c.webrtc.udp_port_min == 0) != (c.webrtc.udp_port_max == 0))
    return bad("'webrtc.udp_port_min' and 'webrtc.udp_port_max' are set together");
  if (c.webrtc.udp_port_min > c.webrtc.udp_port_max)
    return bad("'webrtc.udp_port_min' must not exceed 'webrtc.udp_port_max'");
  static const std::set<std::string> kPresets = {"ultrafast", "superfast", "veryfast", "faster", "fast"};
  if (c.webrtc.engine != "fanout" && c.webrtc.engine != "webrtcbin")
    return bad("'webrtc.engine' must be \"fanout\" or \"webrtcbin\"");
  if (!kPresets.count(c.webrtc.transcode_preset))
    return bad("'webrtc.transcode_preset' must be one of ultrafast, superfast, veryfast, faster, fast");
  static const std::set<std::string> kLevels = {"debug", "info", "warn", "error"};
  if (!kLevels.count(c.log_level)) return bad("'log.level' must be one of debug, info, warn, error");
  if (c.server.data_dir.empty()) return bad("'server.data_dir' must not be empty");
  auto is_ip = [](const std::string& a) {
    unsigned char buf[16];
    return inet_pton(AF_INET, a.c_str(), buf) == 1 || inet_pton(AF_INET6, a.c_str(), buf) == 1;
  };
  if (!is_ip(c.server.bind)) return bad("'server.bind' must be an IPv4 or IPv6 address, got '" + c.server.bind + "'");
  for (const auto& a : c.webrtc.ice_addresses)
    if (!is_ip(a)) return bad("'webrtc.ice_addresses' holds '" + a + "', which is not an IP address");
  if (!c.webrtc.public_ip.empty() && !is_ip(c.webrtc.public_ip))
    return bad("'webrtc.public_ip' must be an IP address");
  for (const auto& a : c.http.trusted_proxies)
    if (!http::is_ip_literal(a))
      return bad("'http.trusted_proxies' holds '" + a + "'; expected IP addresses such as \"127.0.0.1\"");
  for (const auto& o : c.http.allowed_origins)
    if (o == "*" || !http::is_cors_origin(o))
      return bad("'http.allowed_origins' holds '" + o + "'; expected an origin like \"https://portal.example.vn\"");
  if (c.server.embed_origins.size() > 20) return bad("'server.embed_origins': at most 20 sites");
  for (const auto& o : c.server.embed_origins)
    if (!http::is_cors_origin(o))
      return bad("'server.embed_origins' holds '" + o +
                 "'; expected \"*\" or an origin like \"https://portal.example.vn\" (no path, no trailing slash)");
  for (const auto& o : c.webrtc.cors_origins)
    if (!http::is_cors_origin(o))
      return bad("'webrtc.cors_origins' holds '" + o +
                 "'; expected \"*\" or an origin like \"https://shop.example.vn\" (no path, no trailing slash)");
  return {};
}

}  // namespace

Result<Config> parse_config(const std::string& text) {
  json root;
  try {
    root = json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    return make_error("config", std::string("not valid JSON: ") + e.what());
  }
  if (!root.is_object()) return make_error("config", "the top level must be an object");

  Config c;
  Status st;
  Section top(root, "");
  {
    Section s = top.child("server", st);
    s.get("bind", c.server.bind, st);
    s.get("http_port", c.server.http_port, 0, 65535, st);
    s.get("web_root", c.server.web_root, st);
    s.get("pipelines_dir", c.server.pipelines_dir, st);
    s.get("public_host", c.server.public_host, st);
    s.get("data_dir", c.server.data_dir, st);
    s.get("embed_origins", c.server.embed_origins, st);
    s.finish(st);
  }
  {
    Section s = top.child("http", st);
    s.get("max_body_bytes", c.http.max_body_bytes, 1024, size_t{64} << 20, st);
    s.get("session_ttl_hours", c.http.session_ttl_hours, 1, 24 * 365, st);
    s.get("login_attempts_per_minute", c.http.login_attempts_per_minute, 1, 100000, st);
    s.get("order_lookups_per_minute", c.http.order_lookups_per_minute, 1, 100000, st);
    s.get("max_connections", c.http.max_connections, 16, 65535, st);
    s.get("max_connections_per_address", c.http.max_connections_per_address, 1, 65535, st);
    s.get("request_timeout_seconds", c.http.request_timeout_seconds, 1, 600, st);
    s.get("allowed_origins", c.http.allowed_origins, st);
    s.get("trusted_proxies", c.http.trusted_proxies, st);
    s.get("secure_cookies", c.http.secure_cookies, st);
    s.finish(st);
  }
  {
    Section s = top.child("rtmp", st);
    s.get("port", c.rtmp.port, 0, 65535, st);
    s.get("grace_period_seconds", c.rtmp.grace_period_seconds, 0, 3600, st);
    s.get("takeover_idle_seconds", c.rtmp.takeover_idle_seconds, 1, 600, st);
    s.get("always_take_over", c.rtmp.always_take_over, st);
    s.get("failed_publishes_per_minute", c.rtmp.failed_publishes_per_minute, 1, 100000, st);
    s.get("max_connections", c.rtmp.max_connections, 1, 100000, st);
    s.get("max_connections_per_address", c.rtmp.max_connections_per_address, 1, 100000, st);
    s.get("handshake_timeout_seconds", c.rtmp.handshake_timeout_seconds, 1, 600, st);
    s.get("idle_timeout_seconds", c.rtmp.idle_timeout_seconds, 1, 3600, st);
    s.get("max_message_size", c.rtmp.max_message_size, 65536, size_t{16} << 20, st);
    s.finish(st);
  }
  {
    Section s = top.child("webrtc", st);
    s.get("ice_addresses", c.webrtc.ice_addresses, st);
    s.get("udp_port_min", c.webrtc.udp_port_min, 0, 65535, st);
    s.get("udp_port_max", c.webrtc.udp_port_max, 0, 65535, st);
    s.get("stun_server", c.webrtc.stun_server, st);
    s.get("turn_server", c.webrtc.turn_server, st);
    s.get("public_ip", c.webrtc.public_ip, st);
    s.get("max_viewers", c.webrtc.max_viewers, 1, 100000, st);
    s.get("engine", c.webrtc.engine, st);
    s.get("udp_port", c.webrtc.udp_port, 0, 65535, st);
    s.get("tcp_port", c.webrtc.tcp_port, 0, 65535, st);
    s.get("workers", c.webrtc.workers, 0, 64, st);
    s.get("cors_origins", c.webrtc.cors_origins, st);
    s.get("max_new_sessions_per_address", c.webrtc.max_new_sessions_per_address, 1, 100000, st);
    s.get("force_transcode", c.webrtc.force_transcode, st);
    s.get("transcode_keyframe_interval_seconds", c.webrtc.transcode_keyframe_interval_seconds, 1, 10, st);
    s.get("transcode_preset", c.webrtc.transcode_preset, st);
    s.finish(st);
  }
  {
    Section s = top.child("hls", st);
    s.get("enabled", c.hls.enabled, st);
    s.get("target_duration_seconds", c.hls.target_duration_seconds, 1, 10, st);
    s.get("playlist_length", c.hls.playlist_length, 3, 30, st);
    s.get("part_target_ms", c.hls.part_target_ms, 0, 2000, st);
    if (st.ok() && c.hls.part_target_ms && c.hls.part_target_ms < 100)
      st = make_error("config", "hls.part_target_ms: 0 (no parts) or 100..2000");
    s.finish(st);
  }
  {
    Section s = top.child("thumbnails", st);
    s.get("enabled", c.thumbnails.enabled, st);
    s.get("interval_seconds", c.thumbnails.interval_seconds, 1, 600, st);
    s.get("width", c.thumbnails.width, 64, 1280, st);
    s.finish(st);
  }
  {
    Section s = top.child("recording", st);
    s.get("enabled", c.recording.enabled, st);
    s.get("directory", c.recording.directory, st);
    s.get("retention_days", c.recording.retention_days, 1, 3650, st);
    s.get("max_total_mb", c.recording.max_total_mb, 100, 100000000, st);
    s.get("max_hours", c.recording.max_hours, 1, 24, st);
    s.finish(st);
  }
  {
    Section s = top.child("photos", st);
    s.get("max_mb", c.photos.max_mb, 1, 64, st);
    s.get("max_megapixels", c.photos.max_megapixels, 1, 500, st);
    s.get("max_per_product", c.photos.max_per_product, 1, 50, st);
    s.get("card_width", c.photos.card_width, 320, 4096, st);
    s.get("workers", c.photos.workers, 1, 16, st);
    s.finish(st);
  }
  {
    Section s = top.child("hub", st);
    s.get("chat_per_second", c.hub.chat_per_second, 0.01, 1000.0, st);
    s.get("chat_burst", c.hub.chat_burst, 1, 100000, st);
    s.get("reactions_per_second", c.hub.reactions_per_second, 0.01, 1000.0, st);
    s.get("orders_per_connection_per_minute", c.hub.orders_per_connection_per_minute, 1, 1000000, st);
    s.get("orders_per_address_per_minute", c.hub.orders_per_address_per_minute, 1, 1000000, st);
    s.get("orders_per_viewer_per_minute", c.hub.orders_per_viewer_per_minute, 1, 1000000, st);
    s.get("orders_per_phone_per_hour", c.hub.orders_per_phone_per_hour, 1, 1000000, st);
    s.get("max_order_qty", c.hub.max_order_qty, 1, 100, st);
    s.get("deal_per_buyer", c.hub.deal_per_buyer, 1, 1000000, st);
    s.get("risk_orders_per_address", c.hub.risk_orders_per_address, 2, 1000000, st);
    s.get("risk_address_window_minutes", c.hub.risk_address_window_minutes, 1, 7 * 24 * 60, st);
    s.get("risk_phones_per_cookie", c.hub.risk_phones_per_cookie, 2, 1000000, st);
    s.get("risk_cookie_window_hours", c.hub.risk_cookie_window_hours, 1, 24 * 365, st);
    s.get("max_send_queue", c.hub.max_send_queue, 8, 1000000, st);
    s.get("stalled_client_seconds", c.hub.stalled_client_seconds, 1, 3600, st);
    s.get("hello_timeout_seconds", c.hub.hello_timeout_seconds, 1, 3600, st);
    s.get("max_clients_per_booth", c.hub.max_clients_per_booth, 1, 1000000, st);
    s.get("room_chat_deliveries_per_second", c.hub.room_chat_deliveries_per_second, 100.0, 1e9, st);
    s.get("reaction_flush_ms", c.hub.reaction_flush_ms, 50, 60000, st);
    s.get("viewer_count_flush_ms", c.hub.viewer_count_flush_ms, 50, 60000, st);
    s.get("word_filter", c.hub.word_filter, st);
    s.get("cookie_secret", c.hub.cookie_secret, st);
    s.finish(st);
  }
  {
    Section s = top.child("log", st);
    s.get("level", c.log_level, st);
    s.finish(st);
  }
  top.finish(st);
  if (!st.ok()) return st.error();
  if (Status v = validate(c); !v.ok()) return v.error();
  return c;
}

Result<Config> load_config_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("config", "cannot read config file '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  auto r = parse_config(ss.str());
  if (!r.ok()) return r.error().wrap(path);
  return r;
}

namespace {

Result<int> parse_port(const std::string& flag, const std::string& v) {
  if (v.empty() || v.size() > 5 || v.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(v) > 65535)
    return make_error("usage", flag + " needs a port number 0..65535, got '" + v + "'");
  return std::stoi(v);
}

std::vector<std::string> split_commas(const std::string& v) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : v) {
    if (ch == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (ch != ' ') {
      cur.push_back(ch);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace

Result<CommandLine> parse_command_line(const std::vector<std::string>& args) {
  CommandLine cli;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& out) -> Status {
      if (i + 1 >= args.size()) return make_error("usage", a + " needs a value");
      out = args[++i];
      return {};
    };
    std::string v;
    if (a == "--help" || a == "-h") {
      cli.help = true;
    } else if (a == "--demo") {
      cli.demo = true;
    } else if (a == "--config") {
      if (auto s = value(v); !s.ok()) return s.error();
      cli.config_path = v;
      cli.config_path_given = true;
    } else if (a == "--data-dir") {
      if (auto s = value(v); !s.ok()) return s.error();
      if (v.empty()) return make_error("usage", "--data-dir needs a directory");
      cli.data_dir = v;
    } else if (a == "--bind") {
      if (auto s = value(v); !s.ok()) return s.error();
      cli.bind = v;
    } else if (a == "--http-port" || a == "--rtmp-port") {
      if (auto s = value(v); !s.ok()) return s.error();
      auto port = parse_port(a, v);
      if (!port.ok()) return port.error();
      (a == "--http-port" ? cli.http_port : cli.rtmp_port) = *port;
    } else if (a == "--ice-addresses") {
      if (auto s = value(v); !s.ok()) return s.error();
      cli.ice_addresses = split_commas(v);
    } else if (a == "create-organizer" && cli.command.empty()) {
      cli.command = a;
      if (i + 1 >= args.size()) return make_error("usage", "create-organizer needs a USER name");
      cli.command_arg = args[++i];
    } else {
      return make_error("usage", "unknown argument '" + a + "'");
    }
  }
  return cli;
}

std::string usage() {
  return "usage: ocoplive [--config FILE] [--data-dir DIR] [--bind ADDR] [--http-port N]\n"
         "                [--rtmp-port N] [--ice-addresses A[,B]] [--demo]\n"
         "       ocoplive [options] create-organizer USER   (password from stdin)\n"
         "Port 0 picks a free port; start-up then prints 'listening http=N rtmp=M'.\n";
}

void apply_command_line(const CommandLine& cli, Config& cfg) {
  if (cli.data_dir) cfg.server.data_dir = *cli.data_dir;
  if (cli.bind) cfg.server.bind = *cli.bind;
  if (cli.http_port) cfg.server.http_port = *cli.http_port;
  if (cli.rtmp_port) cfg.rtmp.port = *cli.rtmp_port;
  if (cli.ice_addresses) cfg.webrtc.ice_addresses = *cli.ice_addresses;
}

}  // namespace ocop::config
