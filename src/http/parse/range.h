#pragma once
// The Range header of a GET (RFC 9110 14.2), for one byte range: what a
// <video> element asks while a phone seeks in a replay. Pure.
#include <cstdint>
#include <string_view>

#include "common/decimal.h"

namespace ocop::http {

struct ByteRange {
  enum class Kind {
    kWhole,          // no Range header, or one we may ignore (several ranges, another unit): answer 200
    kPart,           // answer 206 with [first, last]
    kUnsatisfiable,  // answer 416 with "Content-Range: bytes */size"
  };
  Kind kind = Kind::kWhole;
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
};

// `size`: the resource's length in bytes.
ByteRange parse_range(std::string_view header, uint64_t size);

using ocop::parse_decimal;  // Range values and _HLS_msn / _HLS_part

}  // namespace ocop::http
