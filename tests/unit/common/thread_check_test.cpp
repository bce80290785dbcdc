#include <catch2/catch.hpp>

#include <thread>

#include "common/control_loop.h"
#include "common/thread_check.h"

using namespace ocop;

SCENARIO("Ownership checks see calls from other threads", "[common][thread]") {
  ControlLoop loop;
  CHECK(loop.on_control_thread());
  bool other = true;
  std::thread([&] { other = loop.on_control_thread(); }).join();
  CHECK_FALSE(other);  // also before the loop runs
#ifdef NDEBUG
  // Release builds log and count instead of stopping the market day.
  const uint64_t before = ownership_violations();
  OCOP_ASSERT_OWNER(loop.owner());
  CHECK(ownership_violations() == before);
  std::thread([&] { OCOP_ASSERT_OWNER(loop.owner()); }).join();
  CHECK(ownership_violations() == before + 1);
#endif
}
