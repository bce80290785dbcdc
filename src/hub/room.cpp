#include "hub/room.h"

#include <fmt/core.h>

#include <algorithm>

#include "common/log.h"
#include "domain/chat_order.h"
#include "domain/risk.h"
#include "hub/booth_json.h"
#include "hub/hub.h"
#include "hub/protocol/error_codes.h"
#include "hub/protocol/server_message.h"

namespace ocop::hub {

namespace ec = protocol::error_code;
using protocol::RejectReason;

// ---- Client ----

Client::Client(Room& room, std::shared_ptr<http::WsPeer> peer, int64_t viewer_id, bool viewer_cookie,
               domain::Role role, std::optional<domain::User> user, double chat_rate, double chat_burst,
               double react_rate)
    : room_(room),
      peer_(std::move(peer)),
      viewer_id_(viewer_id),
      viewer_cookie_(viewer_cookie),
      role_(role),
      user_(std::move(user)),
      chat_bucket_(chat_rate, chat_burst),
      react_bucket_(react_rate, react_rate * 2) {}

void Client::on_message(std::string_view text) {
  if (!closed_) room_.handle(*this, text);
}

void Client::on_close() {
  if (closed_) return;
  closed_ = true;
  room_.leave(this);
}

// ---- Room ----

std::vector<Client*> Room::staff() const {
  std::vector<Client*> out;
  for (Client* c : clients_)
    if (c->staff() && !c->closed_) out.push_back(c);
  return out;
}

std::vector<Client*> Room::viewers() const {
  std::vector<Client*> out;
  for (Client* c : clients_)
    if (!c->staff() && !c->closed_) out.push_back(c);
  return out;
}

Room::Room(Hub& hub, int64_t booth_id)
    : hub_(hub),
      booth_id_(booth_id),
      reactions_(hub.cfg().reaction_flush_ms / 1000.0),
      chat_deliveries_(hub.cfg().room_chat_deliveries_per_second, hub.cfg().room_chat_deliveries_per_second) {}

Room::~Room() {
  for (guint t : {reaction_timer_, viewers_timer_, card_timer_, stock_timer_})
    if (t) g_source_remove(t);
}

void Room::join(Client* c) {
  if (first_seen_.size() >= kMaxFirstSeen) first_seen_.clear();  // only the exemption is lost
  c->joined_at_ = first_seen_.emplace(c->viewer_id_, Hub::now_seconds()).first->second;
  clients_.insert(c);
}

void Room::leave(Client* c) {
  clients_.erase(c);
  slow_.forget(c->viewer_id_);
}

void Room::broadcast(const std::string& text) {
  auto shared = std::make_shared<const std::string>(text);  // one copy for the whole room
  for (Client* c : clients_) c->push(shared);
}

void Room::to_staff(const std::string& text) {
  auto shared = std::make_shared<const std::string>(text);
  for (Client* c : clients_)
    if (c->staff()) c->push(shared);
}

void Room::error(Client& c, std::string_view code, const std::string& message) {
  c.send(protocol::build_error(code, message));
}

void Room::handle(Client& c, std::string_view text) {
  OCOP_ASSERT_OWNER(hub_.loop().owner());
  auto parsed = protocol::parse_client_message(text);
  if (!parsed.ok()) {
    const Error& e = parsed.error();
    if (e.code == ec::kInvalid) {
      if (auto coid = protocol::peek_client_order_id(text)) {
        c.send(protocol::build_order_rejected(*coid, RejectReason::kInvalid));
        return;
      }
    }
    return error(c, e.code, e.message);
  }
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, protocol::Hello>) hello(c, m);
        else if constexpr (std::is_same_v<T, protocol::Chat>) chat(c, m);
        else if constexpr (std::is_same_v<T, protocol::React>) react(c, m);
        else if constexpr (std::is_same_v<T, protocol::PlaceOrder>) order(c, m);
        else if constexpr (std::is_same_v<T, protocol::Pin>) pin(c, m);
        else if constexpr (std::is_same_v<T, protocol::Unpin>) unpin(c);
        else if constexpr (std::is_same_v<T, protocol::DeleteMessage>) delete_message(c, m);
        else if constexpr (std::is_same_v<T, protocol::Mute>) mute(c, m);
        else if constexpr (std::is_same_v<T, protocol::Unmute>) unmute(c, m);
        else if constexpr (std::is_same_v<T, protocol::SlowMode>) slow_mode(c, m);
      },
      *parsed);
}

void Room::hello(Client& c, const protocol::Hello& m) {
  if (!c.hello_bucket_.take(Hub::now_seconds()))
    return error(c, ec::kRateLimited, "hello at most 3 times, then once every 10 s");
  c.nickname_ = m.nickname;
  auto booth = hub_.store().booth(booth_id_);
  if (!booth) return error(c, ec::kInvalid, "this booth no longer exists");
  const int64_t now = Hub::unix_now();
  const BoothLive& live = hub_.live().get(booth_id_);
  protocol::Welcome w;
  w.viewer_id = c.viewer_id_;
  w.role = c.role_;
  w.booth = booth_json(hub_.store(), hub_.live(), *booth, now);
  w.live = live.live();
  w.state = live_state_name(live.state);
  w.viewers = live.viewers;
  w.card = card_of(hub_.store(), booth_id_, now);
  w.chat = hub_.store().recent_chat(booth_id_, 50);
  w.slow_mode_seconds = slow_.interval();
  w.server_time = now;
  w.max_order_qty = hub_.cfg().max_order_qty;
  c.send(protocol::build_welcome(w));
  if (c.staff()) c.send(mutes_message());
}

void Room::chat(Client& c, const protocol::Chat& m) {
  const double now = Hub::now_seconds();
  if (c.nickname_.empty()) return error(c, ec::kInvalid, "send hello with a nickname before chatting");
  if (!c.staff()) {
    if (auto until = mutes_.muted_until(c.viewer_id_, now))
      return error(c, ec::kMuted, fmt::format("you are muted for {:.0f} more seconds", *until - now));
    if (mutes_.address_muted(c.peer_->peer_address(), c.joined_at_, now))
      return error(c, ec::kMuted, "you are muted for a while");
    if (slow_.enabled() && !slow_.allow(c.viewer_id_, now))
      return error(c, ec::kSlowMode,
                   fmt::format("slow mode: wait {:.0f} more seconds", std::max(1.0, slow_.wait_left(c.viewer_id_, now))));
  }
  if (!c.chat_bucket_.take(now)) return error(c, ec::kRateLimited, "too many messages; slow down");
  if (!c.staff()) {
    if (auto word = hub_.word_filter().match(m.text))
      return error(c, ec::kInvalid, "text: contains a blocked word");
  }
  domain::ChatMessage msg;
  msg.booth_id = booth_id_;
  msg.viewer_id = c.viewer_id_;
  msg.nickname = c.nickname_;
  msg.role = c.role_;
  msg.text = m.text;
  msg.ts = Hub::unix_now();
  auto stored = hub_.store().add_chat(msg);
  if (!stored.ok()) {
    log::error("hub", "booth {}: chat not stored: {}", booth_id_, stored.error().message);
    return error(c, ec::kInvalid, "message could not be saved");
  }
  if (!c.staff()) stored->order = chat_order_hint(m.text);
  // One core delivers ~75,000 messages a second (docs/benchmarks.md), so a
  // big room cannot give everyone every message. Over the room's budget a
  // viewer's message reaches its sender and the staff (who moderate and
  // answer); it is stored, so it is in the history of anyone who (re)joins.
  // The seller's and organizers' own messages always reach everyone.
  const std::string out = protocol::build_chat(*stored);
  hub_.feed().publish(booth_id_, protocol::build_feed_chat(*stored));
  const double cost = std::min<double>(static_cast<double>(clients_.size()), hub_.cfg().room_chat_deliveries_per_second);
  if (c.staff() || chat_deliveries_.take(now, cost)) return broadcast(out);
  hub_.count_chat_sampled();
  auto shared = std::make_shared<const std::string>(out);
  for (Client* o : clients_)
    if (o == &c || o->staff()) o->push(shared);
}

// "lấy 2" while a product is pinned: its sender's page opens the order sheet
// with 2 filled in (they still confirm it), and the studio marks the line.
std::optional<domain::ChatOrderHint> Room::chat_order_hint(const std::string& text) {
  auto pin = hub_.store().pin(booth_id_);
  if (!pin) return std::nullopt;
  auto product = hub_.store().product(pin->product_id);
  if (!product) return std::nullopt;
  auto order = domain::parse_chat_order(text, product->unit, hub_.cfg().max_order_qty);
  if (!order) return std::nullopt;
  return domain::ChatOrderHint{pin->product_id, order->quantity};
}

void Room::react(Client& c, const protocol::React& m) {
  if (!c.react_bucket_.take(Hub::now_seconds())) return;  // excess hearts are dropped quietly
  reactions_.add(m.kind);
  schedule_reactions();
}

void Room::schedule_reactions() {
  if (reaction_timer_) return;
  reaction_timer_ = hub_.loop().after(static_cast<unsigned>(hub_.cfg().reaction_flush_ms), [this] {
    reaction_timer_ = 0;
    auto counts = reactions_.flush(Hub::now_seconds());
    if (!counts.empty()) broadcast(protocol::build_reactions(counts));
  });
}

void Room::on_viewers() { schedule_viewers(); }

void Room::schedule_viewers() {
  if (viewers_timer_) return;
  viewers_timer_ = hub_.loop().after(static_cast<unsigned>(hub_.cfg().viewer_count_flush_ms), [this] {
    viewers_timer_ = 0;
    const int n = hub_.live().get(booth_id_).viewers;
    if (n == last_viewers_sent_) return;
    last_viewers_sent_ = n;
    broadcast(protocol::build_viewers(n));
  });
}

void Room::on_live(const BoothLive& live) { broadcast(protocol::build_live(live.live(), live_state_name(live.state))); }

void Room::send_card() {
  const int64_t now = Hub::unix_now();
  broadcast(protocol::build_card(card_of(hub_.store(), booth_id_, now), now));
}

// Under a rush on one product, a room of thousands gets the latest stock a
// few times a second instead of one message per order.
void Room::queue_stock(int64_t product_id, int64_t stock) {
  pending_stock_[product_id] = stock;
  if (stock_timer_) return;
  stock_timer_ = hub_.loop().after(kStockFlushMs, [this] {
    stock_timer_ = 0;
    auto pending = std::move(pending_stock_);
    pending_stock_.clear();
    for (const auto& [id, n] : pending) broadcast(protocol::build_stock(id, n));
  });
}

void Room::schedule_card() {
  if (card_timer_) return;
  card_timer_ = hub_.loop().after(200, [this] {
    card_timer_ = 0;
    send_card();
  });
}

void Room::order(Client& c, const protocol::PlaceOrder& m) {
  auto& store = hub_.store();
  const config::HubConfig& cfg = hub_.cfg();
  // The same client_order_id again gets the same answer, limits or not.
  if (auto earlier = store.order_by_client_id(booth_id_, m.client_order_id)) {
    c.send(protocol::build_order_ack(*earlier));
    return;
  }
  auto reject = [&](RejectReason reason) { c.send(protocol::build_order_rejected(m.client_order_id, reason)); };
  if (m.qty > cfg.max_order_qty) return reject(RejectReason::kQtyTooLarge);
  const double now = Hub::now_seconds();
  while (!c.order_times_.empty() && c.order_times_.front() <= now - 60) c.order_times_.pop_front();
  if (static_cast<int>(c.order_times_.size()) >= cfg.orders_per_connection_per_minute)
    return reject(RejectReason::kRateLimited);
  // Before the other limits: a blocked buyer is told so, and spends nothing.
  auto blocked = store.blocked_phone(m.phone);
  if (!blocked.ok()) {
    log::error("hub", "booth {}: {}", booth_id_, blocked.error().message);
    return reject(RejectReason::kInvalid);
  }
  if (*blocked) return reject(RejectReason::kBlocked);
  const int64_t unix_now = Hub::unix_now();
  // Per booth: a stranger spending a phone's orders blocks it at one booth, not the market.
  if (store.count_orders_by_phone_since(booth_id_, m.phone, unix_now - 3600) >= cfg.orders_per_phone_per_hour)
    return reject(RejectReason::kRateLimited);
  const std::optional<int64_t> buyer_cookie = c.viewer_cookie_ ? std::optional(c.viewer_id_) : std::nullopt;
  if (hub_.order_limits().admit(c.peer_->peer_address(), buyer_cookie, now) != protocol::OrderLimitHit::kNone)
    return reject(RejectReason::kRateLimited);
  c.order_times_.push_back(now);

  store::PlaceOrderRequest req{booth_id_, m.product_id, m.client_order_id, m.qty, m.name, m.phone, m.address,
                               m.note, unix_now, buyer_cookie};
  req.payment = m.payment;
  req.regular_price = m.regular_price;
  if (m.payment == domain::PaymentMethod::kBankTransfer) {
    auto account = store.bank_account(booth_id_);
    if (!account.ok()) {
      log::error("hub", "booth {}: {}", booth_id_, account.error().message);
      return reject(RejectReason::kInvalid);
    }
    if (!*account) return reject(RejectReason::kInvalid);  // this booth takes cash on delivery only
    req.transfer_to = **account;
  }
  req.client_key = hub_.identity().client_key(c.peer_->peer_address());
  auto facts = store.risk_facts({m.phone, req.client_key, buyer_cookie,
                                 unix_now - int64_t{cfg.risk_address_window_minutes} * 60,
                                 unix_now - int64_t{cfg.risk_cookie_window_hours} * 3600});
  // Risk signals help the seller; failing to count them must not lose a sale.
  if (facts.ok())
    req.risk = domain::assess_risk(*facts, {cfg.risk_orders_per_address, cfg.risk_phones_per_cookie});
  else
    log::error("hub", "booth {}: order placed without risk signals: {}", booth_id_, facts.error().message);

  auto placed = store.place_order(req);
  if (!placed.ok()) {
    log::error("hub", "booth {}: order failed: {}", booth_id_, placed.error().message);
    return reject(RejectReason::kInvalid);
  }
  switch (placed->outcome) {
    case store::PlaceOutcome::kDuplicate:
      c.send(protocol::build_order_ack(placed->order));
      return;
    case store::PlaceOutcome::kUnknownProduct:
      return reject(RejectReason::kInvalid);
    case store::PlaceOutcome::kOutOfStock:
      return reject(RejectReason::kOutOfStock);
    case store::PlaceOutcome::kDealEnded:
      return reject(RejectReason::kDealEnded);
    case store::PlaceOutcome::kLimitPerBuyer:
      return reject(RejectReason::kLimitPerBuyer);
    case store::PlaceOutcome::kPlaced:
      break;
  }
  c.send(protocol::build_order_ack(placed->order));
  queue_stock(m.product_id, placed->stock);
  to_staff(protocol::build_order(placed->order));
  if (placed->deal) schedule_card();
}

void Room::on_order_changed(const domain::Order& order, std::optional<int64_t> stock) {
  to_staff(protocol::build_order(order));
  if (stock) {
    queue_stock(order.product_id, *stock);
    if (auto pin = hub_.store().pin(booth_id_); pin && pin->product_id == order.product_id) schedule_card();
  }
}

void Room::on_product_changed(int64_t product_id) {
  auto p = hub_.store().product(product_id);
  if (p) queue_stock(product_id, p->stock);
  auto pin = hub_.store().pin(booth_id_);
  // An archived product also loses its pin: the card must change then, too.
  if (!p || (pin && pin->product_id == product_id)) schedule_card();
}

void Room::pin(Client& c, const protocol::Pin& m) {
  if (c.role_ != domain::Role::kSeller) return error(c, ec::kForbidden, "only the booth's seller pins products");
  std::optional<store::Deal> deal;
  if (m.deal) {
    if (m.deal->ends_at <= Hub::unix_now()) return error(c, ec::kInvalid, "deal.ends_at: must be in the future");
    deal = store::Deal{.booth_id = booth_id_,
                       .product_id = m.product_id,
                       .price = m.deal->price,
                       .quantity = m.deal->quantity,
                       .ends_at = m.deal->ends_at,
                       .per_buyer = m.deal->per_buyer.value_or(hub_.cfg().deal_per_buyer)};
  }
  auto pinned = hub_.store().set_pin(booth_id_, m.product_id, deal);
  if (!pinned.ok()) {
    if (pinned.error().code == "not_found") return error(c, ec::kInvalid, "product_id: not a product of this booth");
    log::error("hub", "booth {}: pin failed: {}", booth_id_, pinned.error().message);
    return error(c, ec::kInvalid, "could not pin");
  }
  send_card();
  hub_.pinned(booth_id_, m.product_id, deal.has_value());
}

void Room::unpin(Client& c) {
  if (c.role_ != domain::Role::kSeller) return error(c, ec::kForbidden, "only the booth's seller unpins products");
  if (Status s = hub_.store().clear_pin(booth_id_); !s.ok())
    log::error("hub", "booth {}: unpin failed: {}", booth_id_, s.error().message);
  broadcast(protocol::build_card(nullptr, Hub::unix_now()));
  hub_.pinned(booth_id_, std::nullopt, false);
}

void Room::delete_message(Client& c, const protocol::DeleteMessage& m) {
  if (!c.staff()) return error(c, ec::kForbidden, "only the seller and organizers moderate");
  if (m.booth_id && *m.booth_id != booth_id_) return error(c, ec::kInvalid, "booth_id: not this booth");
  if (auto err = delete_chat(m.id); !err.empty()) error(c, ec::kInvalid, err);
}

std::string Room::delete_chat(int64_t message_id) {
  if (!hub_.store().delete_chat(booth_id_, message_id)) return "id: no such message here";
  broadcast(protocol::build_message_deleted(message_id));
  hub_.feed().publish(booth_id_, protocol::build_feed_message_deleted(booth_id_, message_id));
  return {};
}

void Room::mute(Client& c, const protocol::Mute& m) {
  if (!c.staff()) return error(c, ec::kForbidden, "only the seller and organizers moderate");
  if (m.booth_id && *m.booth_id != booth_id_) return error(c, ec::kInvalid, "booth_id: not this booth");
  if (auto err = mute_viewer(m.viewer_id, m.minutes); !err.empty()) error(c, ec::kForbidden, err);
}

std::string Room::mute_viewer(int64_t viewer_id, int64_t minutes) {
  for (Client* other : clients_)
    if (other->viewer_id_ == viewer_id && other->staff()) return "the seller and organizers cannot be muted";
  const double now = Hub::now_seconds();
  mutes_.prune(now);
  mutes_.mute(viewer_id, now + static_cast<double>(minutes) * 60, nickname_of(viewer_id), Hub::unix_now() + minutes * 60);
  std::vector<std::string> addresses;
  for (Client* c : clients_)
    if (c->viewer_id_ == viewer_id && !c->peer_->peer_address().empty()) addresses.push_back(c->peer_->peer_address());
  mutes_.follow(viewer_id, std::move(addresses), now);
  announce_mutes();
  return {};
}

void Room::unmute(Client& c, const protocol::Unmute& m) {
  if (!c.staff()) return error(c, ec::kForbidden, "only the seller and organizers moderate");
  if (m.booth_id && *m.booth_id != booth_id_) return error(c, ec::kInvalid, "booth_id: not this booth");
  unmute_viewer(m.viewer_id);
}

void Room::unmute_viewer(int64_t viewer_id) {
  // Unmuting someone already free is not an error: two moderators may both tap.
  if (mutes_.unmute(viewer_id)) announce_mutes();
}

std::string Room::mutes_message() {
  mutes_.prune(Hub::now_seconds());
  return protocol::build_mutes(booth_id_, mutes_.active(Hub::now_seconds()));
}

void Room::announce_mutes() {
  const std::string text = mutes_message();
  to_staff(text);
  hub_.feed().publish(booth_id_, text);
}

// The name moderators will read in the muted list: from the viewer's
// connection if present, else from their latest line in the history.
std::string Room::nickname_of(int64_t viewer_id) {
  for (Client* c : clients_)
    if (c->viewer_id_ == viewer_id && !c->nickname_.empty()) return c->nickname_;
  const auto recent = hub_.store().recent_chat(booth_id_, 200);
  for (auto it = recent.rbegin(); it != recent.rend(); ++it)
    if (it->viewer_id == viewer_id) return it->nickname;
  return {};
}

void Room::slow_mode(Client& c, const protocol::SlowMode& m) {
  if (!c.staff()) return error(c, ec::kForbidden, "only the seller and organizers moderate");
  slow_.set_interval(m.seconds);
}

}  // namespace ocop::hub
