#pragma once
// Debug check that an object is used only from the thread that owns it
// (the control thread for hub and HTTP state).
#include <cassert>
#include <thread>

namespace ocop {

class ThreadChecker {
 public:
  ThreadChecker() : owner_(std::this_thread::get_id()) {}
  void rebind() { owner_ = std::this_thread::get_id(); }
  bool on_owner() const { return std::this_thread::get_id() == owner_; }

 private:
  std::thread::id owner_;
};

#define OCOP_ASSERT_OWNER(checker) assert((checker).on_owner())

}  // namespace ocop
