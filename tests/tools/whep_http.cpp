#include "whep_http.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace whep_client {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kHttpTimeout = std::chrono::seconds(10);

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Waits for `events` on fd until the deadline; false on timeout or error.
bool wait_fd(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    int r = poll(&p, 1, static_cast<int>(left));
    if (r > 0) return true;
    if (r == 0) return false;
    if (errno != EINTR) return false;
  }
}

}  // namespace

std::optional<Url> parse_url(const std::string& s) {
  const std::string scheme = "http://";
  if (s.rfind(scheme, 0) != 0) return std::nullopt;
  std::string rest = s.substr(scheme.size());
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  Url u;
  u.path = slash == std::string::npos ? "/" : rest.substr(slash);
  auto colon = authority.rfind(':');
  u.host = colon == std::string::npos ? authority : authority.substr(0, colon);
  u.port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
  if (u.host.empty()) return std::nullopt;
  return u;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

HttpResponse http_request(const Url& url, const std::string& method, const std::string& path,
                          const std::string& content_type, const std::string& body) {
  HttpResponse res;
  const auto deadline = Clock::now() + kHttpTimeout;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* ai = nullptr;
  if (getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &ai) != 0 || !ai) {
    res.error = "cannot resolve " + url.host;
    return res;
  }
  Socket sock(socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  int rc = sock.fd() < 0 ? -1 : connect(sock.fd(), ai->ai_addr, ai->ai_addrlen);
  freeaddrinfo(ai);
  if (rc != 0 && errno != EINPROGRESS) {
    res.error = std::string("connect: ") + std::strerror(errno);
    return res;
  }
  if (rc != 0) {
    int err = 0;
    socklen_t len = sizeof err;
    if (!wait_fd(sock.fd(), POLLOUT, deadline) || getsockopt(sock.fd(), SOL_SOCKET, SO_ERROR, &err, &len) != 0 ||
        err != 0) {
      res.error = std::string("connect: ") + (err ? std::strerror(err) : "timed out");
      return res;
    }
  }

  std::string req = method + " " + path + " HTTP/1.1\r\nHost: " + url.host + ":" + url.port +
                    "\r\nConnection: close\r\nUser-Agent: whep_gst_client\r\n";
  if (!content_type.empty()) req += "Content-Type: " + content_type + "\r\n";
  req += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  for (size_t off = 0; off < req.size();) {
    if (!wait_fd(sock.fd(), POLLOUT, deadline)) {
      res.error = "send timed out";
      return res;
    }
    ssize_t n = send(sock.fd(), req.data() + off, req.size() - off, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN && errno != EINTR) {
      res.error = std::string("send: ") + std::strerror(errno);
      return res;
    }
    if (n > 0) off += static_cast<size_t>(n);
  }

  std::string in;
  size_t header_end = std::string::npos;
  std::optional<size_t> content_length;
  for (;;) {
    if (header_end != std::string::npos && content_length && in.size() >= header_end + 4 + *content_length) break;
    if (!wait_fd(sock.fd(), POLLIN, deadline)) {
      res.error = "response timed out";
      return res;
    }
    char buf[8192];
    ssize_t n = recv(sock.fd(), buf, sizeof buf, 0);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      res.error = std::string("recv: ") + std::strerror(errno);
      return res;
    }
    in.append(buf, static_cast<size_t>(n));
    if (header_end == std::string::npos && (header_end = in.find("\r\n\r\n")) != std::string::npos) {
      std::string head = in.substr(0, header_end);
      size_t line_end = head.find("\r\n");
      std::string status_line = head.substr(0, line_end);
      if (auto sp = status_line.find(' '); sp != std::string::npos) res.status = std::atoi(status_line.c_str() + sp + 1);
      for (size_t pos = line_end; pos != std::string::npos && pos < head.size();) {
        size_t next = head.find("\r\n", pos + 2);
        std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
        pos = next;
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = lower(line.substr(0, colon));
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        if (name == "content-length") content_length = static_cast<size_t>(std::strtoull(value.c_str(), nullptr, 10));
        if (name == "location") res.location = value;
      }
    }
  }
  if (header_end == std::string::npos || res.status == 0) {
    res.status = 0;
    res.error = "malformed HTTP response";
    return res;
  }
  res.body = in.substr(header_end + 4);
  if (content_length && res.body.size() > *content_length) res.body.resize(*content_length);
  return res;
}

}  // namespace whep_client
