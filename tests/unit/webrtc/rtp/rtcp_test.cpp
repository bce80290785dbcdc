#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "hex.h"
#include "webrtc/rtp/rtcp.h"

using namespace ocop::webrtc::rtp;
using test::concat;
using test::hex;

namespace {

Compound parsed(const std::vector<uint8_t>& b, const RtcpLimits& limits = {}) {
  auto r = parse_rtcp(b.data(), b.size(), limits);
  if (!r.ok()) FAIL(r.error().message);
  return std::move(r).value();
}

std::string parse_error(const std::vector<uint8_t>& b, const RtcpLimits& limits = {}) {
  auto r = parse_rtcp(b.data(), b.size(), limits);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "invalid");
  CHECK_FALSE(r.error().message.empty());
  return r.error().message;
}

// What Chrome sends on a recvonly video transceiver: an RR with one report
// block about our video SSRC, then an SDES with its random 16-character CNAME.
const std::vector<uint8_t> kChromeRr = hex(
    "81c90007 00000001"
    "5e2a7b10 05000003 0001e245 00000010 abcd1234 00010000");
const std::vector<uint8_t> kChromeSdes = hex(
    "81ca0006 00000001"
    "0110 4a6d3271 5a733974 4e774c70 6b526443 0000");  // "Jm2qZs9tNwLpkRdC"
const std::vector<uint8_t> kChromeCompound = concat(kChromeRr, kChromeSdes);

// Generic NACK for 100, 101 and 103 (PID 100, BLP bits 0 and 2).
const std::vector<uint8_t> kNack = hex("81cd0003 00000001 5e2a7b10 00640005");
const std::vector<uint8_t> kPli = hex("81ce0002 00000001 5e2a7b10");
const std::vector<uint8_t> kFir = hex("84ce0004 00000001 00000000 5e2a7b10 07000000");
// REMB (PSFB FMT 15, "REMB", 1 SSRC, 1.5 Mbit/s), transport-cc (RTPFB FMT 15) and a BYE.
const std::vector<uint8_t> kRemb = hex("8fce0005 00000001 00000000 52454d42 010b71b0 5e2a7b10");
const std::vector<uint8_t> kTransportCc = hex("8fcd0005 00000001 5e2a7b10 00010002 00000001 20020000");
const std::vector<uint8_t> kBye = hex("81cb0001 00000001");

ReportBlock block(uint32_t ssrc, int32_t lost) {
  ReportBlock b;
  b.ssrc = ssrc;
  b.fraction_lost = 12;
  b.cumulative_lost = lost;
  b.highest_seq = 0x0002ffff;
  b.jitter = 321;
  b.lsr = 0x12345678;
  b.dlsr = 65536;
  return b;
}

std::set<uint16_t> as_set(const std::vector<uint16_t>& v) { return {v.begin(), v.end()}; }

}  // namespace

SCENARIO("a Chrome RR+SDES compound", "[rtcp][parse]") {
  auto c = parsed(kChromeCompound);
  REQUIRE(c.receiver_reports.size() == 1);
  const auto& rr = c.receiver_reports[0];
  CHECK(rr.ssrc == 1);
  REQUIRE(rr.reports.size() == 1);
  const auto& b = rr.reports[0];
  CHECK(b.ssrc == 0x5e2a7b10);
  CHECK(b.fraction_lost == 5);
  CHECK(b.cumulative_lost == 3);
  CHECK(b.highest_seq == 0x0001e245);
  CHECK(b.jitter == 16);
  CHECK(b.lsr == 0xabcd1234);
  CHECK(b.dlsr == 0x00010000);
  CHECK(c.ignored == 1);  // the SDES
  CHECK(c.sender_reports.empty());
  CHECK(c.nacks.empty());
  CHECK(c.plis.empty());
  CHECK(c.firs.empty());

  WHEN("our SDES builder writes the same CNAME") {
    std::vector<uint8_t> out;
    append_sdes_cname(out, 1, "Jm2qZs9tNwLpkRdC");
    THEN("it writes Chrome's bytes") { CHECK(out == kChromeSdes); }
  }
}

SCENARIO("feedback messages: NACK, PLI, FIR (RFC 4585, RFC 5104)", "[rtcp][parse]") {
  GIVEN("a generic NACK with BLP bits") {
    auto c = parsed(kNack);
    REQUIRE(c.nacks.size() == 1);
    CHECK(c.nacks[0].sender_ssrc == 1);
    CHECK(c.nacks[0].media_ssrc == 0x5e2a7b10);
    CHECK(c.nacks[0].seqs == std::vector<uint16_t>{100, 101, 103});
  }
  GIVEN("a NACK whose BLP wraps past 65535, with two FCIs") {
    auto c = parsed(hex("81cd0004 00000001 5e2a7b10 ffff8001 00070000"));
    REQUIRE(c.nacks.size() == 1);
    CHECK(c.nacks[0].seqs == std::vector<uint16_t>{65535, 0, 15, 7});
  }
  GIVEN("a PLI") {
    auto c = parsed(kPli);
    REQUIRE(c.plis.size() == 1);
    CHECK(c.plis[0] == Pli{1, 0x5e2a7b10});
  }
  GIVEN("a FIR") {
    auto c = parsed(kFir);
    REQUIRE(c.firs.size() == 1);
    CHECK(c.firs[0].sender_ssrc == 1);
    CHECK(c.firs[0].entries == std::vector<std::pair<uint32_t, uint8_t>>{{0x5e2a7b10, 7}});
  }
  GIVEN("a compound of everything Chrome sends in one datagram") {
    auto all = concat(concat(concat(concat(concat(kChromeCompound, kRemb), kTransportCc), kNack), kPli), kBye);
    auto c = parsed(all);
    CHECK(c.receiver_reports.size() == 1);
    CHECK(c.nacks.size() == 1);
    CHECK(c.plis.size() == 1);
    CHECK(c.ignored == 4);  // SDES, REMB, transport-cc, BYE
  }
  GIVEN("unknown packet types (XR, APP, an unassigned one)") {
    auto c = parsed(concat(concat(hex("80cf0001 00000001"), hex("80cc0002 00000001 6e616d65")), hex("80d40000")));
    CHECK(c.ignored == 3);
  }
  GIVEN("padding on the last packet") {
    auto c = parsed(hex("a1cd0004 00000001 5e2a7b10 00640005 00000004"));
    REQUIRE(c.nacks.size() == 1);
    CHECK(c.nacks[0].seqs == std::vector<uint16_t>{100, 101, 103});
  }
  GIVEN("an SR with a profile-specific extension after its blocks") {
    std::vector<uint8_t> b;
    append_sender_report(b, SenderReport{7, 1, 2, 3, 4, {}});
    b[3] = 7;  // one more word
    b.insert(b.end(), {0xde, 0xad, 0xbe, 0xef});
    auto c = parsed(b);
    REQUIRE(c.sender_reports.size() == 1);
    CHECK(c.sender_reports[0].ssrc == 7);
  }
}

SCENARIO("malformed RTCP is an error, never a crash", "[rtcp][parse][malformed]") {
  CHECK(parse_error({}) == "empty RTCP datagram");
  CHECK(parse_rtcp(nullptr, 8).error().code == "invalid");
  CHECK(parse_error(hex("81c900")) == "RTCP packet 1: 3 trailing bytes, shorter than a header");
  CHECK(parse_error(concat(kPli, hex("8000"))) == "RTCP packet 2: 2 trailing bytes, shorter than a header");
  CHECK(parse_error(hex("41c90001 00000001")) == "RTCP packet 1 (PT 201): version 1, expected 2");
  CHECK(parse_error(concat(kPli, hex("01c90001 00000001"))) == "RTCP packet 2 (PT 201): version 0, expected 2");

  GIVEN("every truncation of the Chrome compound") {
    for (size_t n = 1; n < kChromeCompound.size(); ++n) {
      if (n == kChromeRr.size()) continue;  // the RR alone is a valid datagram
      INFO("cut at " << n);
      parse_error(std::vector<uint8_t>(kChromeCompound.begin(), kChromeCompound.begin() + n));
    }
  }
  GIVEN("lengths that overrun or undercount") {
    CHECK(parse_error(hex("81c90008 00000001")) == "RTCP packet 1 (PT 201): length field says 36 bytes, only 8 left");
    CHECK(parse_error(hex("80c90001 00000001 0000")) == "RTCP packet 2: 2 trailing bytes, shorter than a header");
    CHECK(parse_error(hex("81c90000")) == "RTCP packet 1 (PT 201): receiver report without a sender SSRC");
    CHECK(parse_error(hex("81c90001 00000001")) ==
          "RTCP packet 1 (PT 201): 1 report blocks do not fit in its length");
    CHECK(parse_error(hex("80c80001 00000001")) == "RTCP packet 1 (PT 200): sender report shorter than its sender info");
  }
  GIVEN("bad padding") {
    CHECK(parse_error(hex("a1cd0003 00000001 5e2a7b10 00640000")) ==
          "RTCP packet 1 (PT 205): padding of 0 bytes in a 16-byte packet");
    CHECK(parse_error(hex("a1cd0003 00000001 5e2a7b10 006400ff")) ==
          "RTCP packet 1 (PT 205): padding of 255 bytes in a 16-byte packet");
    CHECK(parse_error(hex("a0cb0000")) == "RTCP packet 1 (PT 203): padding of 0 bytes in a 4-byte packet");
    // Padding that leaves a NACK without whole FCIs.
    CHECK(parse_error(hex("a1cd0003 00000001 5e2a7b10 00640002")).find("whole FCIs") != std::string::npos);
  }
  GIVEN("feedback messages without what they must carry") {
    CHECK(parse_error(hex("81cd0002 00000001 5e2a7b10")) ==
          "RTCP packet 1 (PT 205): generic NACK needs whole FCIs, has 0 bytes");
    CHECK(parse_error(hex("81ce0001 00000001")) ==
          "RTCP packet 1 (PT 206): feedback message shorter than its two SSRCs");
    CHECK(parse_error(hex("8fce0001 00000001")).find("two SSRCs") != std::string::npos);  // REMB too
    CHECK(parse_error(hex("84ce0003 00000001 00000000 5e2a7b10")) ==
          "RTCP packet 1 (PT 206): FIR needs whole 8-byte FCIs, has 4 bytes");
    CHECK(parse_error(hex("84ce0002 00000001 00000000")).find("whole 8-byte FCIs") != std::string::npos);
  }
}

SCENARIO("every limit is checked before it is passed", "[rtcp][parse][limits]") {
  GIVEN("too many packets") {
    std::vector<uint8_t> b;
    for (int i = 0; i < 4; ++i) append_pli(b, Pli{1, 2});
    RtcpLimits limits;
    limits.max_packets = 4;
    CHECK(parsed(b, limits).plis.size() == 4);
    append_pli(b, Pli{1, 2});
    CHECK(parse_error(b, limits) == "more than 4 RTCP packets in one datagram");
  }
  GIVEN("too many report blocks") {
    RtcpLimits limits;
    limits.max_report_blocks = 1;
    CHECK(parsed(kChromeRr, limits).receiver_reports.size() == 1);
    ReceiverReport rr{1, {block(2, 0), block(3, 0)}};
    std::vector<uint8_t> b;
    append_receiver_report(b, rr);
    CHECK(parse_error(b, limits) == "RTCP packet 1 (PT 201): 2 report blocks, more than 1");
    SenderReport sr{1, 2, 3, 4, 5, rr.reports};
    b.clear();
    append_sender_report(b, sr);
    CHECK(parse_error(b, limits) == "RTCP packet 1 (PT 200): 2 report blocks, more than 1");
  }
  GIVEN("too many NACKed sequence numbers, across packets") {
    RtcpLimits limits;
    limits.max_nack_seqs = 6;
    auto two = concat(kNack, kNack);  // 3 + 3
    CHECK(parsed(two, limits).nacks.size() == 2);
    CHECK(parse_error(concat(two, kNack), limits) ==
          "RTCP packet 3 (PT 205): NACKs ask for more than 6 packets in one datagram");
    limits.max_nack_seqs = 16;
    CHECK(parse_error(hex("81cd0003 00000001 5e2a7b10 0064ffff"), limits).find("more than 16") != std::string::npos);
  }
  GIVEN("too many FIR entries") {
    RtcpLimits limits;
    limits.max_fir_entries = 1;
    CHECK(parsed(kFir, limits).firs.size() == 1);
    CHECK(parse_error(concat(kFir, kFir), limits) ==
          "RTCP packet 2 (PT 206): more than 1 FIR entries in one datagram");
  }
}

SCENARIO("builders round-trip through the parser", "[rtcp][build]") {
  GIVEN("a sender report with blocks, one of them with negative loss (duplicates)") {
    SenderReport sr{0xcafebabe, ntp_from_unix_us(1'700'000'000'250'000), 90000, 1234, 567890,
                    {block(1, 0), block(2, -5), block(3, 0x7fffff), block(4, -0x800000)}};
    std::vector<uint8_t> b;
    append_sender_report(b, sr);
    CHECK(b.size() == 28 + 4 * 24);
    CHECK(b[0] == 0x84);
    CHECK(b[1] == 200);
    auto c = parsed(b);
    REQUIRE(c.sender_reports.size() == 1);
    CHECK(c.sender_reports[0] == sr);
  }
  GIVEN("loss beyond 24 bits") {
    ReceiverReport rr{1, {block(2, 0x1000000), block(3, -0x1000000)}};
    std::vector<uint8_t> b;
    append_receiver_report(b, rr);
    auto c = parsed(b);
    REQUIRE(c.receiver_reports.size() == 1);
    THEN("it saturates instead of wrapping") {
      CHECK(c.receiver_reports[0].reports[0].cumulative_lost == 0x7fffff);
      CHECK(c.receiver_reports[0].reports[1].cumulative_lost == -0x800000);
    }
  }
  GIVEN("more than 31 report blocks") {
    SenderReport sr{1, 2, 3, 4, 5, std::vector<ReportBlock>(40, block(9, 1))};
    std::vector<uint8_t> b;
    append_sender_report(b, sr);
    auto c = parsed(b);
    REQUIRE(c.sender_reports.size() == 1);
    CHECK(c.sender_reports[0].reports.size() == 31);
  }
  GIVEN("a compound SR + SDES, as the fan-out engine sends") {
    std::vector<uint8_t> b;
    append_sender_report(b, SenderReport{5, 6, 7, 8, 9, {}});
    append_sdes_cname(b, 5, "ocop");
    CHECK(b.size() == 28 + 16);
    auto c = parsed(b);
    CHECK(c.sender_reports.size() == 1);
    CHECK(c.ignored == 1);
  }
  GIVEN("an RR without blocks") {
    std::vector<uint8_t> b;
    append_receiver_report(b, ReceiverReport{42, {}});
    CHECK(b == hex("80c90001 0000002a"));
    CHECK(parsed(b).receiver_reports[0] == ReceiverReport{42, {}});
  }
  GIVEN("NACKs") {
    auto round_trip = [](const Nack& n) {
      std::vector<uint8_t> b;
      append_nack(b, n);
      auto c = parsed(b);
      REQUIRE(c.nacks.size() == 1);
      return c.nacks[0];
    };
    WHEN("sequence numbers are ascending, across a wrap") {
      Nack n{1, 2, {65530, 65531, 65535, 0, 10, 11, 40}};
      CHECK(round_trip(n) == n);
      std::vector<uint8_t> b;
      append_nack(b, n);
      CHECK(b.size() == 12 + 3 * 4);  // 65530 with four more in its BLP, then 11, then 40
    }
    WHEN("they repeat or come in any order") {
      Nack n{1, 2, {300, 100, 101, 100, 300, 117, 118}};
      auto back = round_trip(n);
      CHECK(as_set(back.seqs) == as_set(n.seqs));
    }
    WHEN("there are none") {
      std::vector<uint8_t> b;
      append_nack(b, Nack{1, 2, {}});
      CHECK(b.empty());
    }
    WHEN("the Chrome fixture is rebuilt") {
      std::vector<uint8_t> b;
      append_nack(b, Nack{1, 0x5e2a7b10, {100, 101, 103}});
      CHECK(b == kNack);
    }
  }
  GIVEN("PLI and FIR") {
    std::vector<uint8_t> b;
    append_pli(b, Pli{1, 0x5e2a7b10});
    CHECK(b == kPli);
    b.clear();
    Fir fir{1, {{0x5e2a7b10, 7}}};
    append_fir(b, fir);
    CHECK(b == kFir);
    fir.entries.emplace_back(0x01020304, 255);
    b.clear();
    append_fir(b, fir);
    REQUIRE(parsed(b).firs.size() == 1);
    CHECK(parsed(b).firs[0] == fir);
  }
  GIVEN("SDES CNAMEs of every padding length") {
    for (size_t n = 0; n < 12; ++n) {
      std::vector<uint8_t> b;
      append_sdes_cname(b, 3, std::string(n, 'x'));
      INFO("cname length " << n);
      CHECK(b.size() % 4 == 0);
      CHECK(b.size() >= 4 + 4 + 2 + n + 1);  // at least one null octet ends the chunk
      CHECK(b.back() == 0);
      CHECK(parsed(b).ignored == 1);
    }
    std::vector<uint8_t> b;
    append_sdes_cname(b, 3, std::string(300, 'y'));
    CHECK(b[9] == 255);  // an SDES item holds at most 255 octets
    CHECK(parsed(b).ignored == 1);
  }
}

SCENARIO("NTP timestamps (RFC 3550 §4)", "[rtcp][ntp]") {
  CHECK(ntp_from_unix_us(0) == uint64_t{2208988800} << 32);
  CHECK(ntp_from_unix_us(1'500'000) == ((uint64_t{2208988801} << 32) | 0x80000000));
  CHECK(ntp_from_unix_us(-1'000'000) == uint64_t{2208988799} << 32);
  CHECK(ntp_from_unix_us(-500'000) == ((uint64_t{2208988799} << 32) | 0x80000000));
  // 2036-02-07T06:28:16Z starts NTP era 1: seconds wrap to 0.
  CHECK(ntp_from_unix_us(int64_t{2085978496} * 1'000'000) == 0);
  const uint64_t ntp = ntp_from_unix_us(1'700'000'000'250'000);
  CHECK((ntp >> 32) == 1700000000u + 2208988800u);
  CHECK((ntp & 0xffffffff) == 0x40000000);
  CHECK(ntp_middle(ntp) == static_cast<uint32_t>(((1700000000u + 2208988800u) & 0xffff) << 16 | 0x4000));
}
