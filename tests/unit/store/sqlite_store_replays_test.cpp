#include <catch2/catch.hpp>

#include "store/sqlite_store.h"
#include "store_fixture.h"

using namespace ocop;
using namespace ocop::store;
using ocop::store::testing::Fixture;

SCENARIO("a replay goes from recording to ready, with its events in order", "[store][replays]") {
  Fixture f;
  auto session = f.store->start_live_session(f.booth_id, 1000);
  REQUIRE(session.ok());
  auto id = f.store->start_replay(f.booth_id, *session, "/r/booth-1/session-1.mp4", 1001);
  REQUIRE(id.ok());
  CHECK(f.store->replays(f.booth_id, ReplayState::kReady)->empty());
  REQUIRE(f.store->add_replay_event(*id, {12000, "deal", f.product_id}).ok());
  REQUIRE(f.store->add_replay_event(*id, {4000, "pin", f.product_id}).ok());
  REQUIRE(f.store->add_replay_event(*id, {20000, "unpin", std::nullopt}).ok());
  REQUIRE(f.store->finish_replay(*id, ReplayState::kReady, 30500, 123456).ok());

  auto ready = f.store->replays(f.booth_id, ReplayState::kReady);
  REQUIRE(ready.ok());
  REQUIRE(ready->size() == 1);
  const Replay& r = ready->front();
  CHECK(r.live_session_id == *session);
  CHECK(r.started_at == 1001);
  CHECK(r.duration_ms == 30500);
  CHECK(r.bytes == 123456);
  CHECK(r.path == "/r/booth-1/session-1.mp4");
  auto events = f.store->replay_events(*id);
  REQUIRE(events.ok());
  REQUIRE(events->size() == 3);
  CHECK((*events)[0].offset_ms == 4000);
  CHECK((*events)[1].kind == "deal");
  CHECK_FALSE((*events)[2].product_id);
  CHECK(f.store->replays(std::nullopt, std::nullopt)->size() == 1);
}

SCENARIO("a deleted replay takes its events, and its id is never given again", "[store][replays]") {
  Fixture f;
  auto session = f.store->start_live_session(f.booth_id, 1000);
  auto a = f.store->start_replay(f.booth_id, *session, "/a.mp4", 1000);
  REQUIRE(f.store->add_replay_event(*a, {1, "pin", f.product_id}).ok());
  REQUIRE(f.store->delete_replay(*a).ok());
  CHECK_FALSE(*f.store->replay(*a));
  CHECK(f.store->replay_events(*a)->empty());
  auto b = f.store->start_replay(f.booth_id, *session, "/b.mp4", 1001);
  CHECK(*b > *a);  // caches keep /media/replays/{id}.mp4 for an hour
  CHECK_FALSE(f.store->add_replay_event(*b, {1, "dance", std::nullopt}).ok());  // kinds are checked
}
