#include "http/file_response.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/parse/range.h"

namespace ocop::http {

Response file_response(const std::string& path, const std::string& range_header, std::string content_type) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0) ::close(fd);
    return Response::error(404, "not_found", "no such file");
  }
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  const ByteRange range = parse_range(range_header, size);
  if (range.kind == ByteRange::Kind::kUnsatisfiable) {
    ::close(fd);
    return Response::error(416, "range_not_satisfiable", "the range is past the end of the file")
        .header("content-range", "bytes */" + std::to_string(size));
  }
  Response r;
  r.content_type = std::move(content_type);
  r.header("accept-ranges", "bytes");
  if (range.kind == ByteRange::Kind::kPart) {
    r.status = 206;
    r.file = std::make_shared<FileBody>(fd, range.first, range.last - range.first + 1);
    r.header("content-range", "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" +
                                  std::to_string(size));
  } else {
    r.file = std::make_shared<FileBody>(fd, 0, size);
  }
  return r;
}

}  // namespace ocop::http
