#pragma once
// The repository interface. SQLite implements it today (sqlite_store.h);
// PostgreSQL can later implement the same calls. Used on the control thread.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "domain/exports.h"
#include "domain/model.h"
#include "domain/payment.h"
#include "domain/risk.h"

namespace ocop::store {

using domain::BankAccount;
using domain::Booth;
using domain::ChatMessage;
using domain::MarketDay;
using domain::Order;
using domain::OrderStatus;
using domain::Product;
using domain::Role;
using domain::User;

struct Credentials {
  User user;
  std::string password_hash;
  bool disabled = false;
};

struct BoothFilter {
  std::optional<int64_t> market_day_id;
  std::optional<std::string> province;
  std::optional<std::string> group;  // booths selling at least one product of the group
  std::optional<int> stars;          // booths with at least one product of these stars
};

// What copy_booths made: the new booths, and the names it left alone
// because the target day already has a booth of that name.
struct CopiedBooths {
  std::vector<int64_t> booth_ids;
  std::vector<std::string> skipped;
};

struct BoothFields {
  int64_t market_day_id = 0;
  std::string name;
  std::string province;
  std::optional<int64_t> seller_id;
  domain::Visibility visibility = domain::Visibility::kPublic;
};

struct Deal {
  int64_t id = 0;
  int64_t booth_id = 0;
  int64_t product_id = 0;
  int64_t price = 0;
  int64_t quantity = 0;
  int64_t sold = 0;
  int64_t ends_at = 0;
  int64_t per_buyer = 2;  // units one buyer (phone or viewer cookie) may hold
  int64_t remaining() const { return quantity - sold; }
};

struct Pin {
  int64_t product_id = 0;
  std::optional<Deal> deal;
};

struct PlaceOrderRequest {
  int64_t booth_id = 0;
  int64_t product_id = 0;
  std::string client_order_id;
  int64_t qty = 0;
  std::string name, phone, address, note;
  int64_t now = 0;
  std::optional<int64_t> viewer_id;  // from a signed viewer cookie; null without one
  domain::PaymentMethod payment = domain::PaymentMethod::kCod;
  bool regular_price = false;  // the buyer accepts the regular price if the pin's deal is over or sold out
  // For a bank transfer: the booth's account, into the order's VietQR string
  // (its amount the order's total, its note the order's code).
  std::optional<BankAccount> transfer_to;
  std::string client_key;              // keyed hash of the client's address
  std::vector<domain::RiskCode> risk;  // assessed before placing
};

enum class PlaceOutcome { kPlaced, kDuplicate, kOutOfStock, kDealEnded, kUnknownProduct, kLimitPerBuyer };

struct PlaceOrderResult {
  PlaceOutcome outcome = PlaceOutcome::kPlaced;
  Order order;                           // placed or the earlier duplicate
  int64_t stock = 0;                     // product stock after the order
  std::optional<Deal> deal;              // the deal it counted against, after the order
};

struct StatusChange {
  Order order;
  std::optional<int64_t> stock;  // set when stock came back (cancelled, returned)
  std::optional<Deal> deal;      // the order's deal, after its units came back
};

// What the risk signals are counted from (domain::assess_risk).
struct RiskQuery {
  std::string phone;
  std::string client_key;            // "" counts nothing
  std::optional<int64_t> viewer_id;  // null counts nothing
  int64_t address_since = 0;         // Unix seconds: the address window's start
  int64_t cookie_since = 0;          // the cookie window's start
};

struct BlockedPhone {
  std::string phone;
  std::string reason;
  std::optional<User> blocked_by;  // null once that account is gone
  int64_t created_at = 0;
};

struct SalesReport {
  std::vector<domain::BoothSales> booths;
  std::vector<domain::GroupSales> groups;
};

struct BoothFigures {
  int64_t booth_id = 0;
  std::string name, province;
  int64_t orders = 0, revenue = 0, units = 0;
};
struct GroupFigures {
  std::string group;
  int64_t orders = 0, revenue = 0, units = 0;
};

enum class ReplayState { kRecording, kReady, kFailed };
const char* replay_state_name(ReplayState s);

struct Replay {
  int64_t id = 0;
  int64_t booth_id = 0;
  int64_t live_session_id = 0;
  int64_t started_at = 0;  // unix seconds
  int64_t duration_ms = 0;
  std::string path;        // the MP4 file
  int64_t bytes = 0;
  ReplayState state = ReplayState::kRecording;
};

struct ReplayEvent {
  int64_t offset_ms = 0;  // into the recording
  std::string kind;       // "pin", "deal" (a pin with a deal) or "unpin"
  std::optional<int64_t> product_id;
};

class Store {
 public:
  virtual ~Store() = default;

  // Settings (generated secrets).
  virtual std::optional<std::string> setting(const std::string& key) = 0;
  virtual Status set_setting(const std::string& key, const std::string& value) = 0;

  // Users and sessions.
  // display_name and phone from `profile` (may be empty).
  virtual Result<User> create_user(const std::string& username, const std::string& password_hash, Role role,
                                   const User& profile) = 0;
  Result<User> create_user(const std::string& username, const std::string& password_hash, Role role) {
    return create_user(username, password_hash, role, User{});
  }
  // A new password; every session of the account ends with it.
  virtual Status set_password(int64_t user_id, const std::string& password_hash) = 0;
  // A disabled account has no session and cannot log in (disabling ends
  // its sessions); enabling gives the login back.
  virtual Status set_disabled(int64_t user_id, bool disabled, int64_t now) = 0;
  // Every session of the user but the one whose token hashes to `keep_hash`;
  // answers how many ended.
  virtual Result<int64_t> end_other_sessions(int64_t user_id, const std::string& keep_hash) = 0;
  // Drops sessions expired at `now`; answers how many.
  virtual int64_t purge_sessions(int64_t now) = 0;
  virtual std::optional<Credentials> credentials(const std::string& username) = 0;
  virtual std::optional<User> user(int64_t id) = 0;
  virtual std::vector<User> users(std::optional<Role> role) = 0;
  virtual Status create_session(const std::string& token_hash, int64_t user_id, int64_t expires_at) = 0;
  virtual std::optional<User> session_user(const std::string& token_hash, int64_t now) = 0;
  virtual Status delete_session(const std::string& token_hash) = 0;

  // Market days.
  virtual std::vector<MarketDay> market_days() = 0;
  virtual std::optional<MarketDay> market_day(int64_t id) = 0;
  virtual Result<MarketDay> create_market_day(const MarketDay& day) = 0;
  virtual Result<MarketDay> update_market_day(const MarketDay& day) = 0;
  // Booths that have sold or recorded keep their history: a booth with
  // orders ("conflict", rule has_orders) or replays (has_replays) is not
  // deleted. Otherwise its products, photos, deals, chat and live sessions
  // go with it. Answers the photo tokens no product uses any more (their
  // files are the caller's to remove). Deleting a market day deletes its
  // booths on the same terms, all or none.
  virtual Result<std::vector<std::string>> delete_booth(int64_t booth_id) = 0;
  virtual Result<std::vector<std::string>> delete_market_day(int64_t market_day_id) = 0;

  // Booths. stream_key is filled in every Booth returned.
  virtual std::vector<Booth> booths(const BoothFilter& filter) = 0;
  virtual std::optional<Booth> booth(int64_t id) = 0;
  virtual Result<Booth> create_booth(const BoothFields& fields, const std::string& stream_key) = 0;
  virtual Result<Booth> update_booth(int64_t id, const BoothFields& fields) = 0;
  virtual Status set_stream_key(int64_t booth_id, const std::string& stream_key) = 0;

  // Products (archived ones are hidden; orders keep pointing at them).
  virtual std::vector<Product> products(int64_t booth_id) = 0;
  virtual std::optional<Product> product(int64_t id) = 0;
  virtual Result<Product> create_product(const Product& p) = 0;
  virtual Result<Product> update_product(const Product& p) = 0;
  virtual Status archive_product(int64_t id) = 0;
  // Photos: the count after adding (refused past `max_per_product`), a
  // removal, and choosing the cover.
  virtual Result<size_t> add_product_photo(int64_t product_id, const std::string& token, int width, int height,
                                           int64_t now, size_t max_per_product) = 0;
  virtual Status delete_product_photo(int64_t product_id, const std::string& token) = 0;
  virtual Status move_photo_first(int64_t product_id, const std::string& token) = 0;
  // An organizer stops a booth's live (its key refused) or reopens it (nullopt).
  virtual Status set_stopped(int64_t booth_id, const std::optional<std::string>& reason) = 0;
  // False once no product uses the photo's files any more.
  virtual bool photo_in_use(const std::string& token) = 0;
  // The certificate's photo ("" removes it); the claim goes back to pending.
  // Answers the token it replaced ("" when none).
  virtual Result<std::string> set_certificate_photo(int64_t product_id, const std::string& token) = 0;
  // Booths of `from_day` into `to_day`, each keeping its seller and stream
  // key (the old booth gets `new_key()`), products, photos and bank account.
  virtual Result<CopiedBooths> copy_booths(int64_t from_day, int64_t to_day,
                                           const std::function<std::string()>& new_key) = 0;
  // The review queue: products (not archived) whose claim is in `status`, oldest first.
  virtual std::vector<Product> products_by_ocop_status(domain::OcopStatus status, size_t limit) = 0;

  // Pinned card and deals.
  virtual std::optional<Pin> pin(int64_t booth_id) = 0;
  virtual Result<Pin> set_pin(int64_t booth_id, int64_t product_id, std::optional<Deal> deal) = 0;
  virtual Status clear_pin(int64_t booth_id) = 0;

  // Orders: stock, deal (its quantity and its per-buyer cap, counted on the
  // deal's orders that still hold units, by phone or viewer cookie) and
  // insert in one transaction; idempotent per (booth, client_order_id).
  virtual Result<PlaceOrderResult> place_order(const PlaceOrderRequest& req) = 0;
  virtual std::vector<Order> orders(int64_t booth_id) = 0;
  virtual std::optional<Order> order(int64_t id) = 0;
  virtual std::optional<Order> order_by_code(const std::string& code) = 0;
  virtual std::optional<Order> order_by_client_id(int64_t booth_id, const std::string& client_order_id) = 0;
  // Cancelled or returned: the units go back to the product's stock and to
  // the deal the order was placed under (running or ended), in one transaction.
  virtual Result<StatusChange> set_order_status(int64_t id, OrderStatus to, int64_t now) = 0;
  virtual int64_t count_orders_by_phone_since(int64_t booth_id, const std::string& phone, int64_t since) = 0;
  virtual int64_t orders_total() = 0;
  // A bank-transfer order the seller saw paid (or not, to undo a mistake):
  // sets or clears paid_at. A COD or cancelled order is a conflict.
  virtual Result<Order> set_order_paid(int64_t id, bool paid, int64_t now) = 0;

  // Risk signals and blocked phones (market-wide).
  virtual Result<domain::RiskFacts> risk_facts(const RiskQuery& query) = 0;
  virtual Result<std::optional<BlockedPhone>> blocked_phone(const std::string& phone) = 0;
  virtual Result<std::vector<BlockedPhone>> blocked_phones() = 0;
  // A phone already blocked is a conflict.
  virtual Result<BlockedPhone> block_phone(const std::string& phone, const std::string& reason, int64_t by_user_id,
                                           int64_t now) = 0;
  virtual Result<bool> unblock_phone(const std::string& phone) = 0;  // false: was not blocked

  // The account a booth's VietQR transfers go to.
  virtual Result<std::optional<BankAccount>> bank_account(int64_t booth_id) = 0;
  virtual Status set_bank_account(int64_t booth_id, const BankAccount& account, int64_t now) = 0;
  virtual Status clear_bank_account(int64_t booth_id) = 0;

  // Chat.
  virtual Result<ChatMessage> add_chat(const ChatMessage& m) = 0;
  virtual std::vector<ChatMessage> recent_chat(int64_t booth_id, int limit) = 0;
  // The last `limit` lines across a market day's booths, oldest first.
  virtual std::vector<ChatMessage> recent_market_chat(int64_t market_day_id, int limit) = 0;
  virtual bool delete_chat(int64_t booth_id, int64_t message_id) = 0;

  // Live sessions: one per go-live, continued across a reconnect.
  virtual Result<int64_t> start_live_session(int64_t booth_id, int64_t now) = 0;
  virtual Status end_live_session(int64_t session_id, int64_t now) = 0;

  // Replays: one recording per live session, and its pin/deal/unpin events.
  virtual Result<int64_t> start_replay(int64_t booth_id, int64_t live_session_id, const std::string& path,
                                       int64_t now) = 0;
  virtual Status finish_replay(int64_t id, ReplayState state, int64_t duration_ms, int64_t bytes) = 0;
  virtual Status add_replay_event(int64_t replay_id, const ReplayEvent& e) = 0;
  // Newest first; `booth_id` null: all booths.
  virtual Result<std::vector<Replay>> replays(std::optional<int64_t> booth_id, std::optional<ReplayState> state) = 0;
  virtual Result<std::optional<Replay>> replay(int64_t id) = 0;
  virtual Result<std::vector<ReplayEvent>> replay_events(int64_t replay_id) = 0;
  virtual Status delete_replay(int64_t id) = 0;

  // Figures for organizers.
  virtual std::vector<BoothFigures> booth_figures(int64_t market_day_id) = 0;
  virtual std::vector<GroupFigures> group_figures(int64_t market_day_id) = 0;
  // Orders, units, revenue and refused deliveries per booth and group.
  virtual Result<SalesReport> sales_report(int64_t market_day_id) = 0;
};

}  // namespace ocop::store
