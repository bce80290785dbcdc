// Throwaway RTMP capture server: runs ServerSession on one TCP connection so a
// real publisher (ffmpeg, rtmp2sink, librtmp's rtmpsink) talks to our replies,
// records every byte the client sent (the fuzz seed corpus) and writes the
// received media as an FLV file, so ffprobe can check what came through.
//
// Not part of the build (CMake builds only tests/fuzz/*_fuzz.cpp); compile by
// hand after building ocop_rtmp:
//   g++ -std=c++20 -O1 -Isrc tests/fuzz/tools/rtmp_capture.cpp
//     build-rtmp/libocop_rtmp.a build-rtmp/libocop_common.a -lcrypto -lfmt -o /tmp/rtmp_capture
//   /tmp/rtmp_capture PORT OUT_PREFIX [reject]     (PORT 0: any free port, printed)
// It writes OUT_PREFIX.bin (client bytes) and OUT_PREFIX.flv, and prints a
// summary. With "reject" it answers the publish with NetStream.Publish.BadName.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "ingest/rtmp/server_session.h"

using namespace ocop::rtmp;

namespace {

bool write_all(int fd, const std::string& bytes) {
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

int listen_on(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 1) != 0) {
    std::perror("bind/listen");
    std::exit(2);
  }
  return fd;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s PORT OUT_PREFIX [reject]\n", argv[0]);
    return 2;
  }
  const bool reject = argc > 3 && std::string(argv[3]) == "reject";
  int server = listen_on(std::atoi(argv[1]));
  sockaddr_in bound{};
  socklen_t bound_len = sizeof bound;
  ::getsockname(server, reinterpret_cast<sockaddr*>(&bound), &bound_len);
  std::printf("listening %d\n", ntohs(bound.sin_port));  // PORT 0 picks a free one
  std::fflush(stdout);
  int client = ::accept(server, nullptr, nullptr);

  std::ofstream raw(std::string(argv[2]) + ".bin", std::ios::binary);
  std::ofstream flv(std::string(argv[2]) + ".flv", std::ios::binary);
  flv << flv_file_header(true, true);

  ServerSession session;
  int audio = 0, video = 0, data = 0, keyframes = 0, bframes = 0;
  bool published = false, unpublished = false, rejected = false;
  std::string error;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(client, buf, sizeof buf);
    if (n <= 0) break;
    raw.write(buf, n);
    auto st = session.feed(reinterpret_cast<const uint8_t*>(buf), static_cast<size_t>(n));
    while (auto ev = session.pop_event()) {
      if (auto* c = std::get_if<ConnectEvent>(&*ev)) {
        std::printf("connect app=%s tcUrl=%s\n", c->app.c_str(), c->tc_url.c_str());
      } else if (auto* p = std::get_if<PublishEvent>(&*ev)) {
        std::printf("publish name=%s key=%s app=%s\n", p->stream_name.c_str(), p->stream_key.c_str(), p->app.c_str());
        if (reject) {
          session.reject_publish("NetStream.Publish.BadName", "unknown stream key");
          rejected = true;
        } else {
          session.accept_publish();
          published = true;
        }
      } else if (auto* m = std::get_if<MediaEvent>(&*ev)) {
        flv << flv_tag(m->kind, m->timestamp_ms, m->payload);
        if (m->kind == MediaKind::kAudio) ++audio;
        if (m->kind == MediaKind::kData) {
          ++data;
          if (auto md = parse_metadata(m->payload)) {
            std::printf("metadata width=%g height=%g framerate=%g encoder=%s\n",
                        metadata_number(*md, "width").value_or(-1), metadata_number(*md, "height").value_or(-1),
                        metadata_number(*md, "framerate").value_or(-1),
                        metadata_string(*md, "encoder").value_or("?").c_str());
          }
        }
        if (m->kind == MediaKind::kVideo) {
          ++video;
          if (auto info = parse_video_tag(m->payload)) {
            keyframes += info->keyframe && !info->sequence_header;
            bframes += info->composition_time_ms != 0;
          }
        }
      } else {
        unpublished = true;
      }
    }
    if (!write_all(client, session.take_output())) break;
    if (!st) {
      error = st.error().message;
      break;
    }
    // DESIGN.md §3: a refused publish is answered, then the connection is
    // closed; the reply went out just above.
    if (rejected) break;
  }
  ::close(client);
  ::close(server);
  std::printf("summary digest=%d published=%d unpublished=%d audio=%d video=%d data=%d keyframes=%d "
              "ctts_nonzero=%d bytes=%llu error=%s\n",
              session.digest_handshake() ? 1 : 0, published ? 1 : 0, unpublished ? 1 : 0, audio, video, data,
              keyframes, bframes, static_cast<unsigned long long>(session.bytes_received()),
              error.empty() ? "none" : error.c_str());
  return error.empty() ? 0 : 1;
}
