// Orders (stock, deal and insert in one transaction), chat, figures.
#include "store/sqlite_store.h"

#include "common/random.h"
#include "domain/vietqr.h"

namespace ocop::store {
namespace {

constexpr const char* kOrderColumns =
    "id, code, booth_id, product_id, client_order_id, qty, unit_price, total, name, phone, address, note, status, "
    "created_at, payment_method, paid_at, payment_qr, risk, client_key, viewer_id FROM orders";

// Risk codes are kept as one space-separated column: few, short, read together.
std::string risk_text(const std::vector<domain::RiskCode>& codes) {
  std::string out;
  for (auto c : codes) {
    if (!out.empty()) out.push_back(' ');
    out += domain::risk_code_name(c);
  }
  return out;
}

std::vector<domain::RiskCode> parse_risk_text(const std::string& text) {
  std::vector<domain::RiskCode> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (auto c = domain::parse_risk_code(std::string_view(text).substr(start, end - start))) out.push_back(*c);
    start = end + 1;
  }
  return out;
}

Order read_order(const Statement& s) {
  Order o;
  o.id = s.i64(0);
  o.code = s.text(1);
  o.booth_id = s.i64(2);
  o.product_id = s.i64(3);
  o.client_order_id = s.text(4);
  o.qty = s.i64(5);
  o.unit_price = s.i64(6);
  o.total = s.i64(7);
  o.name = s.text(8);
  o.phone = s.text(9);
  o.address = s.text(10);
  o.note = s.text(11);
  o.status = domain::parse_order_status(s.text(12)).value_or(OrderStatus::kPlaced);
  o.created_at = s.i64(13);
  o.payment_method = domain::parse_payment_method(s.text(14)).value_or(domain::PaymentMethod::kCod);
  if (!s.is_null(15)) o.paid_at = s.i64(15);
  o.payment_qr = s.text(16);
  o.risk = parse_risk_text(s.text(17));
  o.client_key = s.text(18);
  if (!s.is_null(19)) o.viewer_id = s.i64(19);
  return o;
}

}  // namespace

Result<PlaceOrderResult> SqliteStore::place_order(const PlaceOrderRequest& r) {
  if (r.payment == domain::PaymentMethod::kBankTransfer && !r.transfer_to)
    return make_error("invalid", "payment: a bank transfer needs the booth's bank account");
  Transaction tx(*db_);
  if (!tx.begin_status().ok()) return tx.begin_status().error();
  PlaceOrderResult out;

  auto dup = db_->prepare(std::string("SELECT ") + kOrderColumns + " WHERE booth_id = ? AND client_order_id = ?");
  if (!dup.ok()) return dup.error();
  dup->bind(1, r.booth_id).bind(2, r.client_order_id);
  if (dup->step()) {
    out.outcome = PlaceOutcome::kDuplicate;
    out.order = read_order(*dup);
    return out;
  }

  auto prod = db_->prepare("SELECT price, stock FROM products WHERE id = ? AND booth_id = ? AND archived = 0");
  if (!prod.ok()) return prod.error();
  prod->bind(1, r.product_id).bind(2, r.booth_id);
  if (!prod->step()) {
    out.outcome = PlaceOutcome::kUnknownProduct;
    return out;
  }
  int64_t unit_price = prod->i64(0);
  const int64_t stock = prod->i64(1);
  out.stock = stock;

  // An order for the pinned product during its deal is at the deal price and
  // counts against the deal's quantity. Once the deal has ended or sold out,
  // a buyer who was shown the regular price orders at it; one who was shown
  // the deal is told, not charged more than they saw.
  std::optional<Deal> active;
  if (auto p = pin(r.booth_id); p && p->product_id == r.product_id && p->deal) {
    const bool over = r.now >= p->deal->ends_at || p->deal->remaining() <= 0;
    if (!(over && r.regular_price)) {
      if (r.now >= p->deal->ends_at) {
        out.outcome = PlaceOutcome::kDealEnded;
        return out;
      }
      active = p->deal;
    }
  }
  if (active) {
    // Every order of this buyer under this deal that still holds units, on
    // any connection and across restarts: a bot's fresh socket is no fresh buyer.
    auto held = db_->prepare(
        "SELECT COALESCE(SUM(qty), 0) FROM orders WHERE deal_id = ? AND status != 'cancelled' "
        "AND (phone = ? OR viewer_id = ?)");
    if (!held.ok()) return held.error();
    held->bind(1, active->id).bind(2, r.phone).bind(3, r.viewer_id);
    const int64_t units = held->step() ? held->i64(0) : 0;
    if (!held->ok()) return held->error();
    if (units + r.qty > active->per_buyer) {
      out.outcome = PlaceOutcome::kLimitPerBuyer;
      out.deal = active;
      return out;
    }
  }
  if (stock < r.qty || (active && active->remaining() < r.qty)) {
    out.outcome = PlaceOutcome::kOutOfStock;
    out.deal = active;
    return out;
  }
  if (active) unit_price = active->price;

  auto dec = db_->prepare("UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?");
  if (!dec.ok()) return dec.error();
  if (Status st = dec->bind(1, r.qty).bind(2, r.product_id).bind(3, r.qty).run(); !st.ok()) return st.error();
  if (active) {
    auto sold = db_->prepare("UPDATE deals SET sold = sold + ? WHERE id = ? AND quantity - sold >= ?");
    if (!sold.ok()) return sold.error();
    if (Status st = sold->bind(1, r.qty).bind(2, active->id).bind(3, r.qty).run(); !st.ok()) return st.error();
    active->sold += r.qty;
  }

  Order o;
  o.booth_id = r.booth_id;
  o.product_id = r.product_id;
  o.client_order_id = r.client_order_id;
  o.qty = r.qty;
  o.unit_price = unit_price;
  o.total = unit_price * r.qty;
  o.name = r.name;
  o.phone = r.phone;
  o.address = r.address;
  o.note = r.note;
  o.status = OrderStatus::kPlaced;
  o.created_at = r.now;
  o.payment_method = r.payment;
  o.risk = r.risk;
  o.client_key = r.client_key;
  o.viewer_id = r.viewer_id;
  for (int attempt = 0;; ++attempt) {
    o.code = "OC-" + random_code(6);
    if (r.payment == domain::PaymentMethod::kBankTransfer) {
      // The note is the order's code: what the seller matches on the bank statement.
      auto qr = domain::encode_vietqr({r.transfer_to->bank_bin, r.transfer_to->account_number, o.total, o.code});
      if (!qr.ok()) return qr.error().wrap("order " + o.code + ": VietQR");
      o.payment_qr = std::move(*qr);
    }
    auto ins = db_->prepare(
        "INSERT INTO orders(code, booth_id, product_id, client_order_id, qty, unit_price, total, name, phone, address, "
        "note, status, deal_id, created_at, updated_at, viewer_id, payment_method, payment_qr, risk, client_key) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!ins.ok()) return ins.error();
    Status st = ins->bind(1, o.code).bind(2, o.booth_id).bind(3, o.product_id).bind(4, o.client_order_id)
                    .bind(5, o.qty).bind(6, o.unit_price).bind(7, o.total).bind(8, o.name).bind(9, o.phone)
                    .bind(10, o.address).bind(11, o.note).bind(12, domain::order_status_name(o.status))
                    .bind(13, active ? std::optional<int64_t>(active->id) : std::nullopt).bind(14, o.created_at)
                    .bind(15, o.created_at).bind(16, r.viewer_id).bind(17, domain::payment_method_name(o.payment_method))
                    .bind(18, o.payment_qr).bind(19, risk_text(o.risk)).bind(20, o.client_key).run();
    if (st.ok()) break;
    if (st.error().code != "conflict" || attempt >= 5) return st.error();  // a code collision: draw again
  }
  o.id = db_->last_insert_id();
  if (Status st = tx.commit(); !st.ok()) return st.error();
  out.outcome = PlaceOutcome::kPlaced;
  out.order = o;
  out.stock = stock - r.qty;
  out.deal = active;
  return out;
}

std::vector<Order> SqliteStore::orders(int64_t booth_id) {
  std::vector<Order> out;
  auto s = db_->prepare(std::string("SELECT ") + kOrderColumns + " WHERE booth_id = ? ORDER BY id DESC");
  if (!s.ok()) return out;
  s->bind(1, booth_id);
  while (s->step()) out.push_back(read_order(*s));
  return out;
}

std::optional<Order> SqliteStore::order(int64_t id) {
  auto s = db_->prepare(std::string("SELECT ") + kOrderColumns + " WHERE id = ?");
  if (!s.ok()) return std::nullopt;
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return read_order(*s);
}

std::optional<Order> SqliteStore::order_by_code(const std::string& code) {
  auto s = db_->prepare(std::string("SELECT ") + kOrderColumns + " WHERE code = ?");
  if (!s.ok()) return std::nullopt;
  s->bind(1, code);
  if (!s->step()) return std::nullopt;
  return read_order(*s);
}

std::optional<Order> SqliteStore::order_by_client_id(int64_t booth_id, const std::string& client_order_id) {
  auto s = db_->prepare(std::string("SELECT ") + kOrderColumns + " WHERE booth_id = ? AND client_order_id = ?");
  if (!s.ok()) return std::nullopt;
  s->bind(1, booth_id).bind(2, client_order_id);
  if (!s->step()) return std::nullopt;
  return read_order(*s);
}

Result<StatusChange> SqliteStore::set_order_status(int64_t id, OrderStatus to, int64_t now) {
  Transaction tx(*db_);
  if (!tx.begin_status().ok()) return tx.begin_status().error();
  auto current = order(id);
  if (!current) return make_error("not_found", "no order " + std::to_string(id));
  if (!domain::order_transition_allowed(current->status, to))
    return make_error("conflict", std::string("an order that is ") + domain::order_status_name(current->status) +
                                      " cannot become " + domain::order_status_name(to));
  auto up = db_->prepare("UPDATE orders SET status = ?, updated_at = ? WHERE id = ?");
  if (!up.ok()) return up.error();
  if (Status st = up->bind(1, domain::order_status_name(to)).bind(2, now).bind(3, id).run(); !st.ok()) return st.error();
  StatusChange change;
  if (domain::order_units_returned(to)) {
    auto back = db_->prepare("UPDATE products SET stock = stock + ? WHERE id = ? RETURNING stock");
    if (!back.ok()) return back.error();
    back->bind(1, current->qty).bind(2, current->product_id);
    if (back->step()) change.stock = back->i64(0);
    if (!back->ok()) return back->error();
    back = Statement();  // finish the RETURNING statement before COMMIT
    // The deal's units too, whether it still runs or has ended: a cancelled
    // flash-deal order is a unit the next buyer can have, and the deal's
    // figures stay what was really sold.
    auto deal_back = db_->prepare(
        "UPDATE deals SET sold = sold - ? WHERE id = (SELECT deal_id FROM orders WHERE id = ?) RETURNING id");
    if (!deal_back.ok()) return deal_back.error();
    deal_back->bind(1, current->qty).bind(2, id);
    std::optional<int64_t> deal_id;
    if (deal_back->step()) deal_id = deal_back->i64(0);
    if (!deal_back->ok()) return deal_back->error();
    deal_back = Statement();
    if (deal_id) change.deal = deal(*deal_id);
  }
  if (Status st = tx.commit(); !st.ok()) return st.error();
  change.order = *current;
  change.order.status = to;
  return change;
}

Result<Order> SqliteStore::set_order_paid(int64_t id, bool paid, int64_t now) {
  auto current = order(id);
  if (!current) return make_error("not_found", "no order " + std::to_string(id));
  if (current->payment_method != domain::PaymentMethod::kBankTransfer)
    return make_error("conflict", "paid: only a bank-transfer order is marked paid (cash is paid on delivery)");
  if (current->status == OrderStatus::kCancelled)
    return make_error("conflict", "paid: the order is cancelled");
  if (paid == current->paid_at.has_value()) return *current;  // already so: marking twice changes nothing
  auto up = db_->prepare("UPDATE orders SET paid_at = ?, updated_at = ? WHERE id = ?");
  if (!up.ok()) return up.error();
  const std::optional<int64_t> at = paid ? std::optional(now) : std::nullopt;
  if (Status st = up->bind(1, at).bind(2, now).bind(3, id).run(); !st.ok()) return st.error();
  current->paid_at = at;
  return *current;
}

int64_t SqliteStore::count_orders_by_phone_since(int64_t booth_id, const std::string& phone, int64_t since) {
  auto s = db_->prepare("SELECT COUNT(*) FROM orders WHERE phone = ? AND created_at >= ? AND booth_id = ?");
  if (!s.ok()) return 0;
  s->bind(1, phone).bind(2, since).bind(3, booth_id);
  return s->step() ? s->i64(0) : 0;
}

int64_t SqliteStore::orders_total() {
  auto s = db_->prepare("SELECT COUNT(*) FROM orders");
  if (!s.ok()) return 0;
  return s->step() ? s->i64(0) : 0;
}

Result<ChatMessage> SqliteStore::add_chat(const ChatMessage& m) {
  auto s = db_->prepare("INSERT INTO chat_messages(booth_id, viewer_id, nickname, role, text, ts) VALUES(?,?,?,?,?,?)");
  if (!s.ok()) return s.error();
  if (Status st = s->bind(1, m.booth_id).bind(2, m.viewer_id).bind(3, m.nickname).bind(4, domain::role_name(m.role))
                      .bind(5, m.text).bind(6, m.ts).run();
      !st.ok())
    return st.error();
  ChatMessage out = m;
  out.id = db_->last_insert_id();
  return out;
}

namespace {
std::vector<ChatMessage> read_chat(Statement& s) {
  std::vector<ChatMessage> out;
  while (s.step()) {
    ChatMessage m;
    m.id = s.i64(0);
    m.booth_id = s.i64(1);
    m.viewer_id = s.i64(2);
    m.nickname = s.text(3);
    m.role = domain::parse_role(s.text(4)).value_or(Role::kViewer);
    m.text = s.text(5);
    m.ts = s.i64(6);
    out.push_back(std::move(m));
  }
  return out;
}
}  // namespace

std::vector<ChatMessage> SqliteStore::recent_chat(int64_t booth_id, int limit) {
  auto s = db_->prepare(
      "SELECT id, booth_id, viewer_id, nickname, role, text, ts FROM (SELECT * FROM chat_messages "
      "WHERE booth_id = ? AND deleted = 0 ORDER BY id DESC LIMIT ?) ORDER BY id");
  if (!s.ok()) return {};
  s->bind(1, booth_id).bind(2, limit);
  return read_chat(*s);
}

std::vector<ChatMessage> SqliteStore::recent_market_chat(int64_t market_day_id, int limit) {
  auto s = db_->prepare(
      "SELECT id, booth_id, viewer_id, nickname, role, text, ts FROM (SELECT c.* FROM chat_messages c "
      "JOIN booths b ON b.id = c.booth_id WHERE b.market_day_id = ? AND c.deleted = 0 ORDER BY c.id DESC LIMIT ?) "
      "ORDER BY id");
  if (!s.ok()) return {};
  s->bind(1, market_day_id).bind(2, limit);
  return read_chat(*s);
}

bool SqliteStore::delete_chat(int64_t booth_id, int64_t message_id) {
  auto s = db_->prepare("UPDATE chat_messages SET deleted = 1 WHERE booth_id = ? AND id = ? AND deleted = 0");
  if (!s.ok()) return false;
  return s->bind(1, booth_id).bind(2, message_id).run().ok() && db_->changes() > 0;
}

std::vector<BoothFigures> SqliteStore::booth_figures(int64_t market_day_id) {
  std::vector<BoothFigures> out;
  auto s = db_->prepare(
      "SELECT b.id, b.name, b.province, COUNT(o.id), COALESCE(SUM(o.total), 0), COALESCE(SUM(o.qty), 0) "
      "FROM booths b LEFT JOIN orders o ON o.booth_id = b.id AND o.status NOT IN ('cancelled', 'returned') "
      "WHERE b.market_day_id = ? GROUP BY b.id ORDER BY b.id");
  if (!s.ok()) return out;
  s->bind(1, market_day_id);
  while (s->step())
    out.push_back(BoothFigures{s->i64(0), s->text(1), s->text(2), s->i64(3), s->i64(4), s->i64(5)});
  return out;
}

std::vector<GroupFigures> SqliteStore::group_figures(int64_t market_day_id) {
  std::vector<GroupFigures> out;
  auto s = db_->prepare(
      "SELECT p.product_group, COUNT(o.id), COALESCE(SUM(o.total), 0), COALESCE(SUM(o.qty), 0) "
      "FROM orders o JOIN products p ON p.id = o.product_id JOIN booths b ON b.id = o.booth_id "
      "WHERE b.market_day_id = ? AND o.status NOT IN ('cancelled', 'returned') "
      "GROUP BY p.product_group ORDER BY p.product_group");
  if (!s.ok()) return out;
  s->bind(1, market_day_id);
  while (s->step()) out.push_back(GroupFigures{s->text(0), s->i64(1), s->i64(2), s->i64(3)});
  return out;
}

}  // namespace ocop::store
