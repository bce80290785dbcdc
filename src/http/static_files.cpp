#include "http/static_files.h"

#include <sys/stat.h>
#include <zlib.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "http/parse/route.h"

namespace ocop::http {
namespace {

constexpr size_t kMaxFileBytes = 8u << 20;

std::string canonical(const std::string& path) {
  char buf[PATH_MAX];
  return realpath(path.c_str(), buf) ? std::string(buf) : std::string();
}

bool ends_with(const std::string& s, const char* suffix) {
  const std::string x(suffix);
  return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

// Page routes of DESIGN.md §3 -> their HTML file.
std::string page_file(const std::string& path) {
  std::vector<int64_t> ids;
  if (path == "/" || path == "/index.html") return "index.html";
  if (match_route("/booths/{id}", path, ids)) return "watch.html";
  if (match_route("/replays/{id}", path, ids)) return "replay.html";
  if (match_route("/embed/booths/{id}", path, ids)) return "embed.html";
  if (path == "/studio") return "studio.html";
  if (path == "/organizer") return "organizer.html";
  if (path == "/login") return "login.html";
  if (path == "/orders") return "orders.html";
  return {};
}

bool compressible(const std::string& type) {
  return type.rfind("text/", 0) == 0 || type.rfind("image/svg", 0) == 0 || type.rfind("application/json", 0) == 0 ||
         type.rfind("application/manifest", 0) == 0;
}

bool accepts_gzip(const std::string& header) {
  // "gzip" as a coding, unless it is explicitly refused with q=0.
  size_t at = header.find("gzip");
  if (at == std::string::npos) return false;
  size_t end = header.find(',', at);
  std::string part = header.substr(at, end == std::string::npos ? std::string::npos : end - at);
  return part.find("q=0") == std::string::npos || part.find("q=0.") != std::string::npos;
}

}  // namespace

std::optional<std::string> gzip(const std::string& data) {
  z_stream zs{};
  if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

const char* content_type_for(const std::string& p) {
  if (ends_with(p, ".html")) return "text/html; charset=utf-8";
  if (ends_with(p, ".js") || ends_with(p, ".mjs")) return "text/javascript; charset=utf-8";
  if (ends_with(p, ".css")) return "text/css; charset=utf-8";
  if (ends_with(p, ".svg")) return "image/svg+xml";
  if (ends_with(p, ".png")) return "image/png";
  if (ends_with(p, ".jpg") || ends_with(p, ".jpeg")) return "image/jpeg";
  if (ends_with(p, ".webp")) return "image/webp";
  if (ends_with(p, ".json")) return "application/json";
  if (ends_with(p, ".ico")) return "image/x-icon";
  if (ends_with(p, ".webmanifest")) return "application/manifest+json";
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::string root, const std::vector<std::string>& embed_origins) : root_(canonical(root)) {
  // Origins were checked when the config was read (is_cors_origin): no ';' or spaces reach the header.
  for (const auto& o : embed_origins) embed_ancestors_ += (embed_ancestors_.empty() ? "" : " ") + o;
}

bool StaticFiles::is_page(const std::string& path) { return !page_file(path).empty(); }

void StaticFiles::handle(const Request& req, const Responder& res,
                         const std::vector<std::pair<std::string, std::string>>& extra, const std::string& head) const {
  auto not_found = [&] { res.send(Response::error(404, "not_found", "no such page or file: " + req.path)); };
  if (root_.empty() || req.path.rfind("/api/", 0) == 0 || req.path.rfind("/whep/", 0) == 0) return not_found();

  std::string rel = page_file(req.path);
  const bool page = !rel.empty();
  if (!page) {
    if (req.path.size() > 512 || req.path.find("..") != std::string::npos || req.path.find('\0') != std::string::npos)
      return not_found();
    rel = req.path.substr(1);
  }
  const std::string full = canonical(root_ + "/" + rel);
  // realpath resolves symlinks and "..": the result must stay inside the root.
  if (full.empty() || full.compare(0, root_.size() + 1, root_ + "/") != 0) return not_found();

  std::ifstream in(full, std::ios::binary);
  if (!in) return not_found();
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0 || static_cast<size_t>(size) > kMaxFileBytes) return not_found();
  in.seekg(0);
  std::string body(static_cast<size_t>(size), '\0');
  in.read(body.data(), size);

  const std::string type = content_type_for(full);
  bool gzipped = false;
  if (page && !head.empty()) {
    // Made for this request: compressed here, never cached.
    if (const size_t at = body.find("</head>"); at != std::string::npos) body.insert(at, head);
    if (accepts_gzip(req.accept_encoding)) {
      if (auto z = gzip(body)) {
        body = std::move(*z);
        gzipped = true;
      }
    }
  } else if (compressible(type) && body.size() > 512 && accepts_gzip(req.accept_encoding)) {
    struct stat st {};
    ::stat(full.c_str(), &st);
    Gzipped& g = gzip_cache_[full];
    if (g.mtime != st.st_mtime || g.size != body.size() || g.bytes.empty()) {
      auto z = gzip(body);
      g = Gzipped{st.st_mtime, body.size(), z ? std::move(*z) : std::string()};
    }
    if (!g.bytes.empty()) {
      body = g.bytes;
      gzipped = true;
    }
  }
  Response r = Response::text(200, type, std::move(body));
  if (gzipped) r.header("content-encoding", "gzip");
  if (compressible(type)) r.header("vary", "Accept-Encoding");
  r.header("cache-control", page || ends_with(full, ".html") ? "no-cache" : "public, max-age=300");
  if (page)
    for (const auto& [name, value] : extra) r.header(name, value);
  if (rel == "embed.html") r.frame_ancestors = embed_ancestors_;
  res.send(std::move(r));
}

}  // namespace ocop::http
