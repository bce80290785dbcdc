#pragma once
// The REST API of DESIGN.md §3. Handlers run on the control thread and answer
// through their Responder; errors are {"error":{code,message}} with a status.
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "config/config.h"
#include "domain/model.h"
#include "http/auth.h"
#include "http/router.h"
#include "hub/live_board.h"
#include "store/store.h"

namespace ocop {
class PasswordPool;
}
namespace ocop::media {
struct StoredPhoto;
}

namespace ocop::http {

struct ApiContext {
  store::Store& store;
  Auth& auth;
  hub::LiveBoard& live;
  const config::Config& cfg;
  int rtmp_port = 1935;
  std::function<int64_t()> now;
  // A booth's key changed: cut its publisher.
  std::function<void(int64_t booth_id)> on_stream_key_rotated;
  // A booth was created (its stream key is new to the ingest).
  std::function<void()> on_booths_changed;
  // An order's status changed over REST (stock set when it came back).
  std::function<void(const domain::Order&, std::optional<int64_t> stock)> on_order_changed;
  // Test hook (OCOPLIVE_TEST_HOOKS=1 only): fail a booth's media pipeline.
  std::function<bool(int64_t booth_id)> break_pipeline;
  // Checks passwords off the control thread.
  PasswordPool* passwords = nullptr;
  // A login session ended or a booth changed hands: recheck open websockets.
  std::function<void()> on_sessions_changed;
  // A booth went private: viewers who are not staff must leave.
  std::function<void(int64_t booth_id)> on_booth_private;
  // A booth was deleted: everyone in its room must leave.
  std::function<void(int64_t booth_id)> on_booth_deleted;
  // A product was created, edited or archived.
  std::function<void(int64_t booth_id, int64_t product_id)> on_product_changed;
  // Websocket clients connected (for /metrics).
  std::function<size_t()> ws_clients;
  // Extra Prometheus lines (ingest, WebRTC), appended to /metrics.
  std::function<std::string()> extra_metrics;
  // A live booth's HLS playlist ("" when it has none) and its segments by name (null when unknown).
  std::function<std::string(int64_t booth_id)> hls_playlist;
  std::function<std::shared_ptr<const std::string>(int64_t booth_id, const std::string& name)> hls_segment;
  // Blocking reload: the playlist once it lists segment `msn`; false if `msn` is too far ahead.
  std::function<bool(int64_t booth_id, uint64_t msn, std::optional<uint64_t> part, std::function<void(std::string)> answer)>
      hls_wait;
  // Product photos: decode and write off the control thread (false: the
  // queue is full), remove a photo's files, and where they live.
  std::function<bool(std::string bytes, std::function<void(Result<media::StoredPhoto>)> done)> save_photo;
  std::function<void(const std::string& token)> remove_photo;
  std::string photo_dir;
  // A live booth's newest thumbnail, or null.
  std::function<std::shared_ptr<const std::string>(int64_t booth_id)> thumbnail;
};

void add_status_routes(Router& router, ApiContext& ctx);    // health, metrics
void add_account_routes(Router& router, ApiContext& ctx);   // login, logout, me, users
void add_market_routes(Router& router, ApiContext& ctx);    // market days, booths, stream keys
void add_product_routes(Router& router, ApiContext& ctx);   // products
void add_order_routes(Router& router, ApiContext& ctx);
// Only with OCOPLIVE_TEST_HOOKS=1 in the environment; organizers only.
void add_test_hook_routes(Router& router, ApiContext& ctx);     // orders, market-day figures
void add_payment_routes(Router& router, ApiContext& ctx);   // NAPAS banks, booth bank accounts, VietQR images
void add_risk_routes(Router& router, ApiContext& ctx);      // blocked phones, cluster cancellation
void add_export_routes(Router& router, ApiContext& ctx);    // orders.csv, report.csv
void add_media_routes(Router& router, ApiContext& ctx);     // HLS, thumbnails
void add_replay_routes(Router& router, ApiContext& ctx);    // replays: list, one, delete, media, thumbnail
void add_photo_routes(Router& router, ApiContext& ctx);
void add_setup_routes(Router& router, ApiContext& ctx);     // edit/delete market days and booths, login-card QR     // product photos: upload, delete, cover, files
// The upload route, which the server lets send a larger body of any type.
bool is_photo_upload(const Request& req);

// Open Graph tags for /booths/{id} and /replays/{id} ("" for other pages).
std::string page_head(ApiContext& ctx, const Request& req);

// Shared by the route files.
int status_for(const Error& e);
Response error_response(const Error& e);
// The logged-in user, or answers 401 and returns nullopt.
std::optional<domain::User> require_user(ApiContext& ctx, const Request& req, const Responder& res);
bool is_organizer(const domain::User& u);
// The booth's seller or an organizer.
bool can_manage(const domain::User& u, const domain::Booth& b);
// A public booth, or a private one (a rehearsal) for its seller and organizers.
// Everything of a booth a stranger may not see answers 404, as if absent.
bool may_see(ApiContext& ctx, const Request& req, const domain::Booth& b);
// The public JSON of a booth (no stream key), with live state and card.
nlohmann::json booth_json(ApiContext& ctx, const domain::Booth& b);
// The pinned card of a booth, or null.
nlohmann::json card_of(ApiContext& ctx, int64_t booth_id);
// rtmp://host[:port]/live for the host the client used (or public_host).
std::string rtmp_base_url(ApiContext& ctx, const std::string& request_host);
// 503 with Retry-After: 1, when the password workers' queue is full.
Response busy_response();

}  // namespace ocop::http
