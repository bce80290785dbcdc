#include "app/app.h"

#include "app/live_control.h"
#include "ingest/rtmp_listener.h"
#include "media/pipeline_template.h"
#include "webrtc/warmup.h"
#include "webrtc/whep_service.h"

#include <glib-unix.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "common/log.h"
#include "common/password.h"
#include "domain/validate.h"
#include "http/api.h"
#include "app/lag_probe.h"
#include "common/password_pool.h"
#include "common/work_pool.h"
#include "media/photo.h"
#include "http/auth.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"
#include "common/random.h"
#include "hub/hub.h"
#include "hub/live_board.h"
#include "hub/viewer_identity.h"
#include "store/demo_seed.h"
#include "store/sqlite_store.h"

namespace ocop::app {
namespace fs = std::filesystem;

namespace {

int64_t unix_now() { return static_cast<int64_t>(std::time(nullptr)); }

Result<std::unique_ptr<store::SqliteStore>> open_store(const config::Config& cfg) {
  std::error_code ec;
  fs::create_directories(cfg.server.data_dir, ec);
  if (ec) return make_error("internal", "cannot create data dir '" + cfg.server.data_dir + "': " + ec.message());
  return store::SqliteStore::open((fs::path(cfg.server.data_dir) / "ocoplive.db").string());
}

// A data folder of the repo (web-client, pipelines) relative to the working
// dir, else beside the binary (build/../web-client).
std::string resolve_repo_dir(const std::string& configured) {
  if (fs::path(configured).is_absolute() || fs::exists(configured)) return configured;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path beside = exe.parent_path().parent_path() / configured;
    if (fs::exists(beside)) return beside.string();
  }
  return configured;
}

std::string display_host(const config::Config& cfg) {
  if (!cfg.server.public_host.empty()) return cfg.server.public_host;
  if (cfg.server.bind == "0.0.0.0" || cfg.server.bind == "::") return "localhost";
  if (cfg.server.bind.find(':') != std::string::npos) return "[" + cfg.server.bind + "]";
  return cfg.server.bind;
}

gboolean on_signal(gpointer loop) {
  static_cast<ControlLoop*>(loop)->quit();
  return G_SOURCE_REMOVE;
}

}  // namespace

struct App::Parts {
  std::unique_ptr<store::SqliteStore> store;
  hub::LiveBoard live;
  std::unique_ptr<http::Auth> auth;
  std::unique_ptr<PasswordPool> passwords;
  std::unique_ptr<WorkPool> photos;
  std::unique_ptr<LagProbe> lag;
  std::unique_ptr<http::ApiContext> api;
  std::unique_ptr<http::StaticFiles> files;
  http::Router router;
  std::unique_ptr<media::PipelineTemplates> templates;
  std::unique_ptr<LiveControl> live_control;
  std::unique_ptr<hub::ViewerIdentity> identity;
  std::unique_ptr<hub::Hub> hub;
  std::unique_ptr<webrtc::WhepService> whep;
  std::unique_ptr<ingest::RtmpListener> rtmp;
  std::unique_ptr<http::Server> http;
  int rtmp_port = 0;
  guint purge_timer = 0;
};

App::App(config::Config cfg, bool demo) : cfg_(std::move(cfg)), demo_(demo), parts_(std::make_unique<Parts>()) {}

App::~App() {
  // Shutdown order: join the ingest thread, stop pipelines, then HTTP, then
  // the store they all use.
  if (!parts_) return;
  if (parts_->purge_timer) g_source_remove(parts_->purge_timer);
  parts_->rtmp.reset();
  parts_->live_control.reset();  // viewers report gone to the WHEP sessions
  parts_->whep.reset();
  parts_->http.reset();  // closes websockets while the hub is still there
  parts_->hub.reset();
}

Status App::start() {
  Parts& p = *parts_;
  auto store = open_store(cfg_);
  if (!store.ok()) return store.error();
  p.store = std::move(*store);

  if (demo_) {
    auto seeded = store::seed_demo_if_empty(*p.store, unix_now());
    if (!seeded.ok()) return seeded.error();
  }

  p.auth = std::make_unique<http::Auth>(*p.store, cfg_.http);
  // Expired sessions are dead rows: dropped at start and every hour.
  auto purge = [store = p.store.get()] {
    if (int64_t n = store->purge_sessions(unix_now())) log::info("auth", "purged {} expired sessions", n);
    return true;
  };
  purge();
  p.purge_timer = loop_.every(3600 * 1000, purge);
  // Two threads: scrypt is memory-bound, and two cores is the smallest
  // machine we run on; 32 waiting logins is more than any market day needs.
  p.passwords = std::make_unique<PasswordPool>(loop_, 2, 32);
  if (Status s = media::photo_init(); !s.ok()) return s;
  // A few photos wait at most; a phone told "busy" sends again.
  p.photos = std::make_unique<WorkPool>(loop_, cfg_.photos.workers, 8);
  p.templates = std::make_unique<media::PipelineTemplates>(resolve_repo_dir(cfg_.server.pipelines_dir));
  p.live_control = std::make_unique<LiveControl>(*p.store, p.live, loop_, cfg_, *p.templates);
  if (Status s = p.live_control->start(); !s.ok()) return s;
  auto rtmp = ingest::RtmpListener::start(cfg_.rtmp, cfg_.server.bind, loop_, p.live_control->events());
  if (!rtmp.ok()) return rtmp.error();
  p.rtmp = std::move(*rtmp);
  p.live_control->set_listener(p.rtmp.get());
  p.live_control->refresh_keys();
  p.rtmp_port = p.rtmp->port();
  std::string secret = cfg_.hub.cookie_secret;
  if (secret.empty()) {
    secret = p.store->setting("viewer_cookie_secret").value_or("");
    if (secret.empty()) {
      secret = random_hex(32);
      if (Status s = p.store->set_setting("viewer_cookie_secret", secret); !s.ok()) return s;
    }
  }
  p.identity = std::make_unique<hub::ViewerIdentity>(secret, cfg_.http.secure_cookies);
  p.hub = std::make_unique<hub::Hub>(
      *p.store, p.live, loop_, cfg_.hub,
      [auth = p.auth.get()](const std::string& cookie) { return auth->user_of(cookie, unix_now()); }, *p.identity);
  p.api.reset(new http::ApiContext{*p.store, *p.auth, p.live, cfg_, p.rtmp_port, unix_now, {}, {}, {}});
  p.api->passwords = p.passwords.get();
  p.api->ws_clients = [this] { return parts_->hub ? parts_->hub->clients() : 0; };
  p.api->on_order_changed = [hub = p.hub.get()](const domain::Order& o, std::optional<int64_t> stock) {
    hub->order_changed(o, stock);
  };
  p.api->on_product_changed = [hub = p.hub.get()](int64_t booth, int64_t product) { hub->product_changed(booth, product); };
  p.api->on_sessions_changed = [hub = p.hub.get()] { hub->revalidate_staff(); };
  p.api->on_booth_private = [hub = p.hub.get()](int64_t booth) { hub->close_viewers(booth); };
  p.api->on_booth_deleted = [hub = p.hub.get()](int64_t booth) { hub->close_room(booth); };
  p.api->on_booths_changed = [lc = p.live_control.get()] { lc->refresh_keys(); };
  p.api->on_stream_key_rotated = [lc = p.live_control.get()](int64_t booth) { lc->key_rotated(booth); };
  http::add_status_routes(p.router, *p.api);
  http::add_account_routes(p.router, *p.api);
  http::add_market_routes(p.router, *p.api);
  http::add_product_routes(p.router, *p.api);
  http::add_order_routes(p.router, *p.api);
  if (const char* hooks = std::getenv("OCOPLIVE_TEST_HOOKS"); hooks && std::string(hooks) == "1") {
    log::warn("app", "test hooks are on (OCOPLIVE_TEST_HOOKS=1): never on a real market day");
    p.api->break_pipeline = [lc = p.live_control.get()](int64_t booth) {
      auto* pipe = lc->pipeline(booth);
      if (pipe) pipe->inject_error("test hook: pipeline-error");
      return pipe != nullptr;
    };
    http::add_test_hook_routes(p.router, *p.api);
  }
  http::add_payment_routes(p.router, *p.api);
  http::add_risk_routes(p.router, *p.api);
  http::add_export_routes(p.router, *p.api);
  p.api->hls_playlist = [lc = p.live_control.get()](int64_t booth) { return lc->hls_playlist(booth); };
  p.api->hls_segment = [lc = p.live_control.get()](int64_t booth, const std::string& name) {
    return lc->hls_segment(booth, name);
  };
  p.api->hls_wait = [lc = p.live_control.get()](int64_t booth, uint64_t msn, std::optional<uint64_t> part,
                                                std::function<void(std::string)> answer) {
    return lc->hls_wait(booth, msn, part, std::move(answer));
  };
  p.api->thumbnail = [lc = p.live_control.get()](int64_t booth) { return lc->thumbnail(booth); };
  http::add_media_routes(p.router, *p.api);
  http::add_replay_routes(p.router, *p.api);
  p.api->photo_dir = (fs::path(cfg_.server.data_dir) / "photos").string();
  media::PhotoLimits limits;
  limits.max_bytes = static_cast<size_t>(cfg_.photos.max_mb) << 20;
  limits.max_pixels = static_cast<uint64_t>(cfg_.photos.max_megapixels) * 1'000'000;
  limits.card_width = cfg_.photos.card_width;
  p.api->save_photo = [pool = p.photos.get(), limits, dir = p.api->photo_dir](
                          std::string bytes, std::function<void(Result<media::StoredPhoto>)> done) {
    return pool->submit([bytes = std::move(bytes), limits, dir, done = std::move(done)]() mutable -> std::function<void()> {
      auto saved = media::save_photo(bytes, limits, dir);
      return [done = std::move(done), saved = std::move(saved)]() mutable { done(std::move(saved)); };
    });
  };
  p.api->remove_photo = [dir = p.api->photo_dir](const std::string& token) { media::remove_photo_files(dir, token); };
  http::add_photo_routes(p.router, *p.api);
  http::add_setup_routes(p.router, *p.api);
  p.hub->on_pin([lc = p.live_control.get()](int64_t booth, std::optional<int64_t> product, bool deal) {
    lc->pinned(booth, product, deal);
  });
  p.whep = std::make_unique<webrtc::WhepService>(
      *p.store, p.live, cfg_.webrtc, [lc = p.live_control.get()](int64_t booth) { return lc->egress(booth); });
  p.live_control->set_viewer_gone(
      [whep = p.whep.get()](const std::string& sid, webrtc::ViewerEnd why) { whep->viewer_gone(sid, why); });
  p.whep->set_may_watch(
      [api = p.api.get()](const http::Request& req, const domain::Booth& b) { return http::may_see(*api, req, b); });
  p.whep->add_routes(p.router);
  p.lag = std::make_unique<LagProbe>();
  p.api->extra_metrics = [lc = p.live_control.get(), hub = p.hub.get(), lag = p.lag.get()] {
    return "# HELP ocoplive_ownership_violations_total Calls into control-thread state from another thread (a bug).\n"
           "# TYPE ocoplive_ownership_violations_total counter\nocoplive_ownership_violations_total " +
           std::to_string(ownership_violations()) + "\n" +
           "# HELP ocoplive_media_elements GStreamer elements in all booth pipelines.\n"
           "# TYPE ocoplive_media_elements gauge\nocoplive_media_elements " +
           std::to_string(lc->element_count()) +
           "\n# HELP ocoplive_chat_sampled_total Viewer chat messages a full room sent only to sender and staff.\n"
           "# TYPE ocoplive_chat_sampled_total counter\nocoplive_chat_sampled_total " +
           std::to_string(hub->chat_sampled()) + "\n" + lc->engine_metrics() + lag->metrics();
  };
  p.router.add_ws("/ws/booths/{id}", [hub = p.hub.get()](const http::WsUpgrade& up, std::shared_ptr<http::WsPeer> peer) {
    return hub->accept(up, std::move(peer));
  }, [hub = p.hub.get()](const http::WsUpgrade& up) { return hub->admits(up); });
  p.router.add_ws("/ws/market-days/{id}/moderation", [hub = p.hub.get()](const http::WsUpgrade& up, std::shared_ptr<http::WsPeer> peer) {
    return hub->accept_moderator(up, std::move(peer));
  }, [hub = p.hub.get()](const http::WsUpgrade& up) { return hub->admits_moderator(up); });
  p.files = std::make_unique<http::StaticFiles>(resolve_repo_dir(cfg_.server.web_root), cfg_.server.embed_origins);
  p.router.set_fallback([files = p.files.get(), id = p.identity.get(), api = p.api.get()](http::Request& req,
                                                                                          http::Responder res) {
    // Pages hand anonymous viewers a signed id, kept across reconnects.
    std::vector<std::pair<std::string, std::string>> extra;
    const bool page = http::StaticFiles::is_page(req.path);
    if (page && !id->from_cookie_header(req.cookie)) extra.emplace_back("set-cookie", id->set_cookie(id->new_id()));
    files->handle(req, res, extra, page ? http::page_head(*api, req) : std::string());
  });

  http::ServerOptions opts;
  opts.bind = cfg_.server.bind;
  opts.port = cfg_.server.http_port;
  opts.max_body_bytes = cfg_.http.max_body_bytes;
  opts.max_ws_queue = static_cast<size_t>(cfg_.hub.max_send_queue);
  opts.ws_stall_seconds = cfg_.hub.stalled_client_seconds;
  opts.max_connections = cfg_.http.max_connections;
  opts.max_connections_per_address = cfg_.http.max_connections_per_address;
  opts.request_timeout_seconds = cfg_.http.request_timeout_seconds;
  opts.allowed_origins = cfg_.http.allowed_origins;
  opts.trusted_proxies = cfg_.http.trusted_proxies;
  opts.is_upload = http::is_photo_upload;
  opts.max_upload_bytes = static_cast<size_t>(cfg_.photos.max_mb) << 20;
  opts.hsts = cfg_.http.secure_cookies;
  auto server = http::Server::start(opts, p.router, loop_.loop());
  if (!server.ok()) return server.error();
  p.http = std::move(*server);

  if (cfg_.webrtc.engine == "webrtcbin") webrtc::warm_up(loop_, webrtc::IceOptions::from(cfg_.webrtc));
  const std::string host = display_host(cfg_);
  std::printf("listening http=%d rtmp=%d\n", p.http->port(), p.rtmp_port);
  std::printf("OCOP Live is running.\n  Web:  http://%s:%d/\n  RTMP: rtmp://%s:%d/live/<stream key>\n", host.c_str(),
              p.http->port(), host.c_str(), p.rtmp_port);
  if (demo_) {
    std::printf("  Demo accounts: organizer/organizer, seller1..seller%zu (password = user name)\n",
                p.store->users(domain::Role::kSeller).size());
    for (const auto& b : p.store->booths({}))
      std::printf("  Booth %lld %s (%s): rtmp://%s:%d/live/%s\n", static_cast<long long>(b.id), b.name.c_str(),
                  b.province.c_str(), host.c_str(), p.rtmp_port, b.stream_key.c_str());
  }
  std::fflush(stdout);
  return {};
}

void App::run() {
  g_unix_signal_add(SIGINT, on_signal, &loop_);
  g_unix_signal_add(SIGTERM, on_signal, &loop_);
  loop_.run();
  log::info("app", "shutting down");
}

int create_organizer(const config::Config& cfg, const std::string& username) {
  std::string password;
  if (!std::getline(std::cin, password)) {
    std::fprintf(stderr, "create-organizer: give the password on standard input\n");
    return 2;
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auto input = domain::validate_new_user({{"username", username}, {"password", password}, {"role", "organizer"}});
  if (!input.ok()) {
    std::fprintf(stderr, "create-organizer: %s\n", input.error().message.c_str());
    return 2;
  }
  auto store = open_store(cfg);
  if (!store.ok()) {
    std::fprintf(stderr, "create-organizer: %s\n", store.error().message.c_str());
    return 1;
  }
  auto user = (*store)->create_user(input->username, hash_password(input->password), domain::Role::kOrganizer);
  if (!user.ok()) {
    std::fprintf(stderr, "create-organizer: %s\n", user.error().message.c_str());
    return 1;
  }
  std::printf("created organizer '%s' (id %lld)\n", user->username.c_str(), static_cast<long long>(user->id));
  return 0;
}

}  // namespace ocop::app
