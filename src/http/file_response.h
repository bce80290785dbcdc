#pragma once
// A media file as an answer, whole (200) or the one byte range asked (206),
// so a phone seeks in a replay without downloading all of it.
#include <string>

#include "http/http_types.h"

namespace ocop::http {

// 404 when the file cannot be opened; 416 for a range past its end.
Response file_response(const std::string& path, const std::string& range_header, std::string content_type);

}  // namespace ocop::http
