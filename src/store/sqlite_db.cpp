#include "store/sqlite_db.h"

namespace ocop::store {

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    if (stmt_) sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    rc_ = o.rc_;
    o.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, int64_t v) {
  if (ok()) rc_ = sqlite3_bind_int64(stmt_, index, v);
  return *this;
}

Statement& Statement::bind(int index, std::string_view v) {
  if (ok()) rc_ = sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, std::optional<int64_t> v) {
  return v ? bind(index, *v) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
  if (ok()) rc_ = sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::step() {
  if (!ok() && rc_ != SQLITE_OK) return false;
  rc_ = sqlite3_step(stmt_);
  return rc_ == SQLITE_ROW;
}

Status Statement::run() {
  while (step()) {
  }
  if (rc_ != SQLITE_DONE) return error();
  return {};
}

Error Statement::error() const {
  const int ext = sqlite3_extended_errcode(db_);
  const bool constraint = (rc_ & 0xff) == SQLITE_CONSTRAINT || (ext & 0xff) == SQLITE_CONSTRAINT;
  return make_error(constraint ? "conflict" : "internal", std::string("sqlite: ") + sqlite3_errmsg(db_));
}

std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : std::string();
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : "out of memory";
    sqlite3_close(raw);
    return make_error("internal", "cannot open database '" + path + "': " + msg);
  }
  std::unique_ptr<Database> db(new Database(raw));
  sqlite3_busy_timeout(raw, 5000);
  // WAL lets readers run beside the writer; NORMAL sync is durable across
  // process crashes, which is what an order book needs here.
  if (Status s = db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
      !s.ok())
    return s.error().wrap("configuring '" + path + "'");
  return db;
}

Database::~Database() { sqlite3_close_v2(db_); }

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return make_error("internal", std::string("sqlite prepare: ") + sqlite3_errmsg(db_));
  return Statement(db_, stmt);
}

Status Database::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return make_error("internal", "sqlite: " + msg);
  }
  return {};
}

Transaction::Transaction(Database& db) : db_(db), begin_(db.exec("BEGIN IMMEDIATE")) {}

Transaction::~Transaction() {
  if (begin_.ok() && !done_) (void)db_.exec("ROLLBACK");
}

Status Transaction::commit() {
  if (!begin_.ok()) return begin_;
  done_ = true;
  Status s = db_.exec("COMMIT");
  if (!s.ok()) (void)db_.exec("ROLLBACK");
  return s;
}

}  // namespace ocop::store
