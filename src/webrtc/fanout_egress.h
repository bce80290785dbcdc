#pragma once
// Egress of one live booth on the fan-out engine: WHEP sessions to engine
// viewers. Control thread only.
#include <map>
#include <memory>
#include <string>

#include "webrtc/egress.h"
#include "webrtc/fanout/engine.h"

namespace ocop::webrtc {

class FanoutEgress final : public Egress {
 public:
  FanoutEgress(fanout::Engine& engine, int64_t booth_id, Gone on_gone);
  ~FanoutEgress() override;  // every viewer is gone (the booth went offline)

  void add_viewer(ViewerRequest request, Answered done) override;
  void remove_viewer(const std::string& session_id, ViewerEnd why) override;
  size_t viewers() const override { return sessions_.size(); }

 private:
  // Passed by argument
  fanout::Engine& engine_;
  const int64_t booth_id_;
  Gone on_gone_;

  // Allocated by this
  std::map<std::string, uint64_t> sessions_;  // WHEP session -> engine viewer
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace ocop::webrtc
