#include "http_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace whep_load {

bool parse_url(const std::string& url, HttpUrl& out) {
  const std::string scheme = "http://";
  if (url.compare(0, scheme.size(), scheme) != 0) return false;
  const size_t slash = url.find('/', scheme.size());
  out.host_port = url.substr(scheme.size(), slash == std::string::npos ? std::string::npos : slash - scheme.size());
  out.path = slash == std::string::npos ? "/" : url.substr(slash);
  const size_t colon = out.host_port.rfind(':');
  const std::string host = out.host_port.substr(0, colon);
  const int port = colon == std::string::npos ? 80 : std::atoi(out.host_port.c_str() + colon + 1);
  out.address = {};
  out.address.sin_family = AF_INET;
  out.address.sin_port = htons(static_cast<uint16_t>(port));
  return inet_pton(AF_INET, host.c_str(), &out.address.sin_addr) == 1 && port > 0 && port < 65536;
}

std::unique_ptr<HttpRequest> HttpRequest::start(EventLoop& loop, const HttpUrl& url, const in_addr& source,
                                                const std::string& method, const std::string& path,
                                                const std::string& content_type, const std::string& body,
                                                Done done) {
  std::unique_ptr<HttpRequest> r(new HttpRequest(loop, std::move(done)));
  r->out_ = method + " " + path + " HTTP/1.1\r\nHost: " + url.host_port + "\r\nConnection: close\r\n";
  if (!content_type.empty()) r->out_ += "Content-Type: " + content_type + "\r\n";
  if (!body.empty() || method == "POST") r->out_ += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  r->out_ += "\r\n" + body;
  r->fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (r->fd_ < 0) {
    r->finish(std::string("socket: ") + strerror(errno));
    return r;
  }
  const int one = 1;
  setsockopt(r->fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  // Spread source addresses: tens of thousands of short connections from one
  // address would run out of ephemeral ports (TIME_WAIT).
  sockaddr_in src{};
  src.sin_family = AF_INET;
  src.sin_addr = source;
  if (bind(r->fd_, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0) {
    r->finish(std::string("bind: ") + strerror(errno));
    return r;
  }
  if (connect(r->fd_, reinterpret_cast<const sockaddr*>(&url.address), sizeof url.address) != 0 &&
      errno != EINPROGRESS) {
    r->finish(std::string("connect: ") + strerror(errno));
    return r;
  }
  loop.add(r->fd_, EPOLLOUT | EPOLLIN, r.get());
  return r;
}

HttpRequest::~HttpRequest() {
  if (fd_ >= 0) {
    loop_.remove(fd_);
    close(fd_);
  }
}

void HttpRequest::cancel() {
  done_ = nullptr;
  finish("cancelled");
}

void HttpRequest::finish(const std::string& error) {
  if (finished_) return;
  finished_ = true;
  if (fd_ >= 0) {
    loop_.remove(fd_);
    close(fd_);
    fd_ = -1;
  }
  response_.error = error;
  if (!error.empty()) response_.status = 0;
  Done done = std::move(done_);
  if (done) done(response_);
}

void HttpRequest::on_event(uint32_t events) {
  if (finished_) return;
  if (sent_ < out_.size() && (events & EPOLLOUT)) {
    const ssize_t n = send(fd_, out_.data() + sent_, out_.size() - sent_, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN) return finish(std::string("send: ") + strerror(errno));
    if (n > 0) sent_ += static_cast<size_t>(n);
    if (sent_ == out_.size()) loop_.modify(fd_, EPOLLIN, this);
  }
  if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
    char buf[16384];
    for (;;) {
      const ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n > 0) {
        in_.append(buf, static_cast<size_t>(n));
        if (parse()) return finish("");
        continue;
      }
      if (n == 0) {
        // Closed by the server: a response without a length ends here.
        if (response_.status && response_.headers.count("content-length") == 0) {
          const size_t head = in_.find("\r\n\r\n");
          response_.body = in_.substr(head + 4);
          return finish("");
        }
        return finish("connection closed before the whole response");
      }
      if (errno == EAGAIN) break;
      return finish(std::string("recv: ") + strerror(errno));
    }
  }
}

bool HttpRequest::parse() {
  const size_t head = in_.find("\r\n\r\n");
  if (head == std::string::npos) return false;
  if (!response_.status) {
    const size_t sp = in_.find(' ');
    response_.status = sp == std::string::npos ? 0 : std::atoi(in_.c_str() + sp + 1);
    size_t at = in_.find("\r\n") + 2;
    while (at < head) {
      const size_t end = in_.find("\r\n", at);
      const std::string line = in_.substr(at, end - at);
      const size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        size_t v = colon + 1;
        while (v < line.size() && line[v] == ' ') ++v;
        response_.headers[name] = line.substr(v);
      }
      at = end + 2;
    }
  }
  const std::string rest = in_.substr(head + 4);
  auto te = response_.headers.find("transfer-encoding");
  if (te != response_.headers.end() && te->second.find("chunked") != std::string::npos) {
    std::string body;
    size_t at = 0;
    for (;;) {
      const size_t eol = rest.find("\r\n", at);
      if (eol == std::string::npos) return false;
      const size_t n = std::strtoul(rest.c_str() + at, nullptr, 16);
      if (n == 0) {
        response_.body = body;
        return true;
      }
      if (rest.size() < eol + 2 + n + 2) return false;
      body.append(rest, eol + 2, n);
      at = eol + 2 + n + 2;
    }
  }
  auto cl = response_.headers.find("content-length");
  if (cl == response_.headers.end()) return false;  // read to the close
  const size_t want = std::strtoul(cl->second.c_str(), nullptr, 10);
  if (rest.size() < want) return false;
  response_.body = rest.substr(0, want);
  return true;
}

}  // namespace whep_load
