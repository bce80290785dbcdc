// whep_load: many receive-only WebRTC viewers from one thread, for the
// side-by-side benchmark (bench/webrtc/sidebyside.mjs). Each viewer is a
// real peer (ICE, DTLS-SRTP, RTCP): the server cannot tell it from a
// browser, but it costs the client far less than a browser would, since it
// decodes nothing and authenticates only a sample of packets.
//
//   whep_load --url http://127.0.0.1:8080/whep/booths/1 --viewers 100 --ramp 50 --seconds 30
//   whep_load --mode janus --url http://10.77.0.2:8088/janus --mountpoint 1 --bind 10.77.0.1 ...
//
// stderr: a progress line per second, "settled" once every viewer has
// connected or failed, "hold done" at the end. stdout (and --json FILE):
// the summary.
#include <arpa/inet.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "options.h"
#include "viewer.h"

using namespace whep_load;
using nlohmann::json;

namespace {

volatile std::sig_atomic_t g_stop = 0;  // set by a signal handler: the one place a sig_atomic_t is right

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(std::max(0.0, std::ceil(p / 100 * v.size()) - 1)));
  return v[i];
}

void raise_fd_limit() {
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    setrlimit(RLIMIT_NOFILE, &r);
  }
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Census {
  int started = 0, connected = 0, failed = 0, pending = 0;
  uint64_t expected = 0, received = 0;
};

Census census(const std::vector<std::unique_ptr<Viewer>>& viewers) {
  Census c;
  for (const auto& v : viewers) {
    ++c.started;
    switch (v->state()) {
      case Viewer::State::kMedia: ++c.connected; break;
      case Viewer::State::kFailed: ++c.failed; break;
      case Viewer::State::kSignaling:
      case Viewer::State::kConnecting: ++c.pending; break;
      default: break;
    }
    c.expected += v->expected();
    c.received += v->received();
  }
  return c;
}

double ratio(double num, double den) { return den > 0 ? num / den : 0; }

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse_options(argc, argv);
  raise_fd_limit();
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGINT, [](int) { g_stop = 1; });
  std::signal(SIGTERM, [](int) { g_stop = 1; });
  if (srtp_init() != srtp_err_status_ok) usage("srtp_init failed");

  std::string error;
  auto identity = DtlsIdentity::create(error);
  if (!identity) usage(("DTLS identity: " + error).c_str());
  HttpUrl url;
  if (!parse_url(opt.url, url)) usage("--url must be http://IPv4:PORT/path");
  const std::vector<in_addr> sources = parse_sources(opt.bind);

  EventLoop loop;
  Totals totals;
  ViewerContext ctx{loop, totals, identity, url, opt.mode == "janus", opt.mountpoint, opt.auth_every, opt.drop};
  std::vector<std::unique_ptr<Viewer>> viewers;
  viewers.reserve(static_cast<size_t>(opt.viewers));

  const int64_t t0 = now_us();
  const double cpu0 = cpu_seconds();
  int64_t next_progress = t0 + 1'000'000, next_tick = t0;
  int64_t settled_at = 0, hold_end = 0;
  Census at_settle;
  Totals totals_at_settle;
  uint64_t last_bytes = 0;
  int64_t last_progress = t0;

  while (!g_stop) {
    // A short nap when few sockets were ready lets datagrams pile up, so one
    // wake-up serves many viewers: at thousands of viewers the client's own
    // CPU goes mostly to wake-ups and syscalls, not to the packets.
    if (loop.run_once(5) < 256 && opt.batch_us > 0) usleep(static_cast<useconds_t>(opt.batch_us));
    const int64_t now = now_us();
    // Ramp: viewer i starts at t0 + i / ramp.
    const double elapsed = (now - t0) / 1e6;
    while (static_cast<int>(viewers.size()) < opt.viewers &&
           static_cast<double>(viewers.size()) <= elapsed * opt.ramp) {
      viewers.push_back(std::make_unique<Viewer>(ctx, sources[viewers.size() % sources.size()]));
      viewers.back()->start(now);
    }
    if (now >= next_tick) {
      for (auto& v : viewers) v->tick(now);
      next_tick = now + 20'000;
    }
    if (now >= next_progress) {
      const Census c = census(viewers);
      const double mbps = (totals.bytes - last_bytes) * 8.0 / ((now - last_progress) / 1e6) / 1e6;
      last_bytes = totals.bytes;
      last_progress = now;
      std::fprintf(stderr,
                   "[whep_load] t=%.1f started=%d connected=%d failed=%d pending=%d mbps=%.2f loss=%.3f%% "
                   "gaps=%llu auth_fail=%llu nacks=%llu\n",
                   (now - t0) / 1e6, c.started, c.connected, c.failed, c.pending, mbps,
                   100 * ratio(static_cast<double>(c.expected - c.received), static_cast<double>(c.expected)),
                   static_cast<unsigned long long>(totals.gaps), static_cast<unsigned long long>(totals.auth_failures),
                   static_cast<unsigned long long>(totals.nack_packets));
      next_progress += 1'000'000;
      if (!settled_at && c.started == opt.viewers &&
          (c.pending == 0 || now - t0 > static_cast<int64_t>(opt.settle_timeout * 1e6))) {
        settled_at = now;
        hold_end = now + static_cast<int64_t>(opt.seconds * 1e6);
        at_settle = c;
        totals_at_settle = totals;
        std::fprintf(stderr, "[whep_load] settled t=%.1f connected=%d failed=%d pending=%d\n", (now - t0) / 1e6,
                     c.connected, c.failed, c.pending);
      }
    }
    if (settled_at && now >= hold_end) break;
  }
  const int64_t hold_stop = now_us();
  const Census at_end = census(viewers);
  const Totals totals_at_end = totals;
  std::fprintf(stderr, "[whep_load] hold done t=%.1f\n", (hold_stop - t0) / 1e6);

  // End every session on the server (DELETE / destroy), for up to 5 s.
  for (auto& v : viewers) v->stop();
  const int64_t stop_deadline = now_us() + 5'000'000;
  while (now_us() < stop_deadline) {
    loop.run_once(10);
    bool busy = false;
    for (const auto& v : viewers) busy |= v->signaling_busy();
    if (!busy) break;
  }

  std::vector<double> handshake_ms, first_media_ms;
  std::map<std::string, int> failures;
  int ever_connected = 0;
  for (const auto& v : viewers) {
    if (v->connect_us() > 0) {
      ++ever_connected;
      handshake_ms.push_back(v->connect_us() / 1000.0);
    }
    if (v->first_media_us() >= 0) first_media_ms.push_back(v->first_media_us() / 1000.0);
    if (v->state() == Viewer::State::kFailed) ++failures[v->failure()];
  }
  const double hold_s = settled_at ? (hold_stop - settled_at) / 1e6 : 0;
  const double hold_expected = static_cast<double>(at_end.expected - at_settle.expected);
  const double hold_lost = static_cast<double>(at_end.expected - at_end.received) -
                           static_cast<double>(at_settle.expected - at_settle.received);
  json out = {
      {"mode", opt.mode},
      {"url", opt.url},
      {"viewers_requested", opt.viewers},
      {"connected", ever_connected},
      {"connected_at_end", at_end.connected},
      {"failed", at_end.failed},
      {"pending_at_end", at_end.pending},
      {"failures", failures},
      {"packets", totals_at_end.rtp_packets},
      {"bytes", totals_at_end.bytes},
      {"rtcp_packets", totals_at_end.rtcp_packets},
      {"expected", at_end.expected},
      {"received", at_end.received},
      {"loss_ratio", ratio(static_cast<double>(at_end.expected - at_end.received), static_cast<double>(at_end.expected))},
      {"gap_ratio", ratio(static_cast<double>(totals_at_end.gaps), static_cast<double>(at_end.expected))},
      {"recovered", totals_at_end.recovered},
      {"duplicates", totals_at_end.duplicates},
      {"dropped_on_purpose", totals_at_end.dropped},
      {"auth_checked", totals_at_end.auth_checked},
      {"auth_failures", totals_at_end.auth_failures},
      {"replays", totals_at_end.replays},
      {"rtcp_auth_failures", totals_at_end.rtcp_auth_failures},
      {"nacks_sent", totals_at_end.nack_packets},
      {"nack_seqs", totals_at_end.nack_seqs},
      {"receiver_reports", totals_at_end.receiver_reports},
      {"stun_checks", totals_at_end.stun_checks},
      {"stun_requests_answered", totals_at_end.stun_requests_answered},
      {"handshake_ms", {{"p50", percentile(handshake_ms, 50)}, {"p95", percentile(handshake_ms, 95)},
                        {"max", percentile(handshake_ms, 100)}}},
      {"first_media_ms", {{"p50", percentile(first_media_ms, 50)}, {"p95", percentile(first_media_ms, 95)}}},
      {"hold", {{"seconds", hold_s},
                {"connected_at_start", at_settle.connected},
                {"mbps", hold_s > 0 ? (totals_at_end.bytes - totals_at_settle.bytes) * 8.0 / hold_s / 1e6 : 0},
                {"packets", totals_at_end.rtp_packets - totals_at_settle.rtp_packets},
                {"loss_ratio", ratio(hold_lost, hold_expected)},
                {"gaps", totals_at_end.gaps - totals_at_settle.gaps}}},
      {"duration_s", (hold_stop - t0) / 1e6},
      {"client_cpu_s", cpu_seconds() - cpu0},
      {"interrupted", g_stop != 0},
  };
  const std::string text = out.dump(2);
  std::cout << text << std::endl;
  if (!opt.json_path.empty()) std::ofstream(opt.json_path) << text << "\n";
  viewers.clear();
  return ever_connected > 0 || opt.viewers == 0 ? 0 : 1;
}
