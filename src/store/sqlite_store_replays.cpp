// Replays: recordings of live sessions and their pin/deal/unpin events.
#include "store/sqlite_store.h"

namespace ocop::store {

const char* replay_state_name(ReplayState s) {
  switch (s) {
    case ReplayState::kRecording: return "recording";
    case ReplayState::kReady: return "ready";
    case ReplayState::kFailed: return "failed";
  }
  return "failed";
}

namespace {

ReplayState replay_state_from(const std::string& s) {
  if (s == "ready") return ReplayState::kReady;
  if (s == "recording") return ReplayState::kRecording;
  return ReplayState::kFailed;
}

constexpr const char* kReplayColumns = "id, booth_id, live_session_id, started_at, duration_ms, path, bytes, state";

Replay read_replay(const Statement& s) {
  return Replay{s.i64(0), s.i64(1), s.i64(2), s.i64(3), s.i64(4), s.text(5), s.i64(6), replay_state_from(s.text(7))};
}

}  // namespace

Result<int64_t> SqliteStore::start_replay(int64_t booth_id, int64_t live_session_id, const std::string& path,
                                          int64_t now) {
  auto s = db_->prepare("INSERT INTO replays(booth_id, live_session_id, started_at, path) VALUES(?, ?, ?, ?)");
  if (!s.ok()) return s.error().wrap("start replay");
  if (Status st = s->bind(1, booth_id).bind(2, live_session_id).bind(3, now).bind(4, path).run(); !st.ok())
    return st.error().wrap("start replay");
  return db_->last_insert_id();
}

Status SqliteStore::finish_replay(int64_t id, ReplayState state, int64_t duration_ms, int64_t bytes) {
  auto s = db_->prepare("UPDATE replays SET state = ?, duration_ms = ?, bytes = ? WHERE id = ?");
  if (!s.ok()) return s.error().wrap("finish replay");
  return s->bind(1, replay_state_name(state)).bind(2, duration_ms).bind(3, bytes).bind(4, id).run();
}

Status SqliteStore::add_replay_event(int64_t replay_id, const ReplayEvent& e) {
  auto s = db_->prepare("INSERT INTO replay_events(replay_id, offset_ms, kind, product_id) VALUES(?, ?, ?, ?)");
  if (!s.ok()) return s.error().wrap("replay event");
  return s->bind(1, replay_id).bind(2, e.offset_ms).bind(3, e.kind).bind(4, e.product_id).run();
}

Result<std::vector<Replay>> SqliteStore::replays(std::optional<int64_t> booth_id, std::optional<ReplayState> state) {
  std::string sql = std::string("SELECT ") + kReplayColumns + " FROM replays WHERE (?1 IS NULL OR booth_id = ?1) " +
                    "AND (?2 IS NULL OR state = ?2) ORDER BY started_at DESC, id DESC";
  auto s = db_->prepare(sql);
  if (!s.ok()) return s.error().wrap("replays");
  s->bind(1, booth_id);
  if (state) s->bind(2, replay_state_name(*state));
  std::vector<Replay> out;
  while (s->step()) out.push_back(read_replay(*s));
  if (!s->ok()) return s->error().wrap("replays");
  return out;
}

Result<std::optional<Replay>> SqliteStore::replay(int64_t id) {
  auto s = db_->prepare(std::string("SELECT ") + kReplayColumns + " FROM replays WHERE id = ?");
  if (!s.ok()) return s.error().wrap("replay");
  s->bind(1, id);
  std::optional<Replay> out;
  if (s->step()) out = read_replay(*s);
  if (!s->ok()) return s->error().wrap("replay");
  return out;
}

Result<std::vector<ReplayEvent>> SqliteStore::replay_events(int64_t replay_id) {
  auto s = db_->prepare("SELECT offset_ms, kind, product_id FROM replay_events WHERE replay_id = ? ORDER BY offset_ms, id");
  if (!s.ok()) return s.error().wrap("replay events");
  s->bind(1, replay_id);
  std::vector<ReplayEvent> out;
  while (s->step())
    out.push_back(ReplayEvent{s->i64(0), s->text(1), s->is_null(2) ? std::nullopt : std::optional<int64_t>(s->i64(2))});
  if (!s->ok()) return s->error().wrap("replay events");
  return out;
}

Status SqliteStore::delete_replay(int64_t id) {
  auto e = db_->prepare("DELETE FROM replay_events WHERE replay_id = ?");
  if (!e.ok()) return e.error().wrap("delete replay");
  if (Status st = e->bind(1, id).run(); !st.ok()) return st;
  auto s = db_->prepare("DELETE FROM replays WHERE id = ?");
  if (!s.ok()) return s.error().wrap("delete replay");
  return s->bind(1, id).run();
}

}  // namespace ocop::store
