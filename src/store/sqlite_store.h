#pragma once
// The embedded SQLite implementation of Store (WAL, foreign keys, numbered
// migrations). One connection, used from the control thread only.
#include <memory>

#include "store/sqlite_db.h"
#include "store/store.h"

namespace ocop::store {

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& path);

  std::optional<std::string> setting(const std::string& key) override;
  Status set_setting(const std::string& key, const std::string& value) override;

  Result<User> create_user(const std::string& username, const std::string& password_hash, Role role,
                           const User& profile) override;
  using Store::create_user;
  Status set_password(int64_t user_id, const std::string& password_hash) override;
  Status set_disabled(int64_t user_id, bool disabled, int64_t now) override;
  Result<int64_t> end_other_sessions(int64_t user_id, const std::string& keep_hash) override;
  int64_t purge_sessions(int64_t now) override;
  std::optional<Credentials> credentials(const std::string& username) override;
  std::optional<User> user(int64_t id) override;
  std::vector<User> users(std::optional<Role> role) override;
  Status create_session(const std::string& token_hash, int64_t user_id, int64_t expires_at) override;
  std::optional<User> session_user(const std::string& token_hash, int64_t now) override;
  Status delete_session(const std::string& token_hash) override;

  std::vector<MarketDay> market_days() override;
  std::optional<MarketDay> market_day(int64_t id) override;
  Result<MarketDay> create_market_day(const MarketDay& day) override;
  Result<MarketDay> update_market_day(const MarketDay& day) override;
  Result<std::vector<std::string>> delete_booth(int64_t booth_id) override;
  Result<std::vector<std::string>> delete_market_day(int64_t market_day_id) override;

  std::vector<Booth> booths(const BoothFilter& filter) override;
  std::optional<Booth> booth(int64_t id) override;
  Result<Booth> create_booth(const BoothFields& fields, const std::string& stream_key) override;
  Result<Booth> update_booth(int64_t id, const BoothFields& fields) override;
  Status set_stream_key(int64_t booth_id, const std::string& stream_key) override;

  std::vector<Product> products(int64_t booth_id) override;
  std::optional<Product> product(int64_t id) override;
  Result<Product> create_product(const Product& p) override;
  Result<Product> update_product(const Product& p) override;
  Status archive_product(int64_t id) override;
  Result<size_t> add_product_photo(int64_t product_id, const std::string& token, int width, int height, int64_t now,
                                   size_t max_per_product) override;
  Status delete_product_photo(int64_t product_id, const std::string& token) override;
  Status move_photo_first(int64_t product_id, const std::string& token) override;
  bool photo_in_use(const std::string& token) override;
  Result<std::string> set_certificate_photo(int64_t product_id, const std::string& token) override;
  Status set_stopped(int64_t booth_id, const std::optional<std::string>& reason) override;
  Result<CopiedBooths> copy_booths(int64_t from_day, int64_t to_day,
                                   const std::function<std::string()>& new_key) override;
  std::vector<Product> products_by_ocop_status(domain::OcopStatus status, size_t limit) override;

  std::optional<Pin> pin(int64_t booth_id) override;
  Result<Pin> set_pin(int64_t booth_id, int64_t product_id, std::optional<Deal> deal) override;
  Status clear_pin(int64_t booth_id) override;

  Result<PlaceOrderResult> place_order(const PlaceOrderRequest& req) override;
  std::vector<Order> orders(int64_t booth_id) override;
  std::optional<Order> order(int64_t id) override;
  std::optional<Order> order_by_code(const std::string& code) override;
  std::optional<Order> order_by_client_id(int64_t booth_id, const std::string& client_order_id) override;
  Result<StatusChange> set_order_status(int64_t id, OrderStatus to, int64_t now) override;
  int64_t count_orders_by_phone_since(int64_t booth_id, const std::string& phone, int64_t since) override;
  int64_t orders_total() override;
  Result<Order> set_order_paid(int64_t id, bool paid, int64_t now) override;

  Result<domain::RiskFacts> risk_facts(const RiskQuery& query) override;
  Result<std::optional<BlockedPhone>> blocked_phone(const std::string& phone) override;
  Result<std::vector<BlockedPhone>> blocked_phones() override;
  Result<BlockedPhone> block_phone(const std::string& phone, const std::string& reason, int64_t by_user_id,
                                   int64_t now) override;
  Result<bool> unblock_phone(const std::string& phone) override;

  Result<std::optional<BankAccount>> bank_account(int64_t booth_id) override;
  Status set_bank_account(int64_t booth_id, const BankAccount& account, int64_t now) override;
  Status clear_bank_account(int64_t booth_id) override;

  Result<ChatMessage> add_chat(const ChatMessage& m) override;
  std::vector<ChatMessage> recent_chat(int64_t booth_id, int limit) override;
  std::vector<ChatMessage> recent_market_chat(int64_t market_day_id, int limit) override;
  bool delete_chat(int64_t booth_id, int64_t message_id) override;

  Result<int64_t> start_live_session(int64_t booth_id, int64_t now) override;
  Status end_live_session(int64_t session_id, int64_t now) override;
  Result<int64_t> start_replay(int64_t booth_id, int64_t live_session_id, const std::string& path, int64_t now) override;
  Status finish_replay(int64_t id, ReplayState state, int64_t duration_ms, int64_t bytes) override;
  Status add_replay_event(int64_t replay_id, const ReplayEvent& e) override;
  Result<std::vector<Replay>> replays(std::optional<int64_t> booth_id, std::optional<ReplayState> state) override;
  Result<std::optional<Replay>> replay(int64_t id) override;
  Result<std::vector<ReplayEvent>> replay_events(int64_t replay_id) override;
  Status delete_replay(int64_t id) override;

  std::vector<BoothFigures> booth_figures(int64_t market_day_id) override;
  std::vector<GroupFigures> group_figures(int64_t market_day_id) override;
  Result<SalesReport> sales_report(int64_t market_day_id) override;

 private:
  explicit SqliteStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  std::optional<Deal> deal(int64_t id);
  // Inside a transaction: the checks and deletes of delete_booth.
  Result<std::vector<std::string>> remove_booths(const std::vector<int64_t>& ids);

  std::unique_ptr<Database> db_;
};

}  // namespace ocop::store
