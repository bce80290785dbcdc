#include <catch2/catch.hpp>

#include "webrtc/rtp/rfc4571.h"

using ocop::webrtc::rtp::Rfc4571Deframer;
using ocop::webrtc::rtp::rfc4571_frame;
using Status = Rfc4571Deframer::Status;

namespace {
std::vector<uint8_t> bytes(std::initializer_list<int> list) {
  std::vector<uint8_t> v;
  for (int b : list) v.push_back(static_cast<uint8_t>(b));
  return v;
}
}  // namespace

SCENARIO("ICE-TCP packets are cut from the stream by their length prefix (RFC 4571)", "[rfc4571]") {
  Rfc4571Deframer d;
  std::vector<std::string> out;
  const auto two = bytes({0, 3, 'a', 'b', 'c', 0, 1, 'z'});
  REQUIRE(d.push(two.data(), two.size(), out) == Status::kOk);
  CHECK(out == std::vector<std::string>{"abc", "z"});
  CHECK(d.buffered() == 0);

  GIVEN("a packet that arrives one byte at a time") {
    out.clear();
    const auto one = bytes({0, 4, 'w', 'x', 'y', 'z'});
    for (size_t i = 0; i < one.size(); ++i) {
      REQUIRE(d.push(&one[i], 1, out) == Status::kOk);
      CHECK(out.size() == (i + 1 == one.size() ? 1u : 0u));
    }
    CHECK(out == std::vector<std::string>{"wxyz"});
  }
  GIVEN("a frame built by rfc4571_frame") {
    out.clear();
    const std::string payload(1200, 'p');
    const std::string framed = rfc4571_frame(reinterpret_cast<const uint8_t*>(payload.data()), payload.size());
    CHECK(framed.size() == 1202);
    CHECK(static_cast<uint8_t>(framed[0]) == 0x04);
    CHECK(static_cast<uint8_t>(framed[1]) == 0xb0);
    REQUIRE(d.push(reinterpret_cast<const uint8_t*>(framed.data()), framed.size(), out) == Status::kOk);
    CHECK(out == std::vector<std::string>{payload});
  }
}

SCENARIO("a stream that breaks the limits is refused for good", "[rfc4571][limits]") {
  std::vector<std::string> out;
  WHEN("a packet is longer than a receive-only peer sends") {
    Rfc4571Deframer d;
    const auto big = bytes({0x10, 0x01});  // 4097
    CHECK(d.push(big.data(), big.size(), out) == Status::kTooLarge);
    CHECK(d.buffered() == 0);
    const auto fine = bytes({0, 1, 'a'});
    CHECK(d.push(fine.data(), fine.size(), out) == Status::kTooLarge);
    CHECK(out.empty());
  }
  WHEN("a packet is empty") {
    Rfc4571Deframer d;
    const auto empty = bytes({0, 1, 'a', 0, 0, 0, 1, 'b'});
    CHECK(d.push(empty.data(), empty.size(), out) == Status::kEmptyPacket);
    CHECK(out == std::vector<std::string>{"a"});  // what came before the error stands
  }
  WHEN("the largest allowed packet arrives") {
    Rfc4571Deframer d;
    std::string framed = rfc4571_frame(std::vector<uint8_t>(Rfc4571Deframer::kMaxPacket, 7).data(),
                                       Rfc4571Deframer::kMaxPacket);
    CHECK(d.push(reinterpret_cast<const uint8_t*>(framed.data()), framed.size(), out) == Status::kOk);
    CHECK(out.size() == 1);
    CHECK(out[0].size() == Rfc4571Deframer::kMaxPacket);
  }
  CHECK(rfc4571_frame(nullptr, 0).empty());
  CHECK(rfc4571_frame(std::vector<uint8_t>(70000).data(), 70000).empty());
}
