#pragma once
// A seller's product photo, as a phone sends it, made safe to serve: decoded
// by libvips (never by hand), turned upright from its EXIF orientation,
// stripped of metadata (a phone photo carries GPS), and written as two JPEGs:
// the card size and the tile size. Bytes in, bytes out; no files, no state,
// safe on any thread after photo_init().
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace ocop::media {

struct PhotoLimits {
  size_t max_bytes = 15u << 20;       // the upload
  uint64_t max_pixels = 50'000'000;   // width x height as the file declares it
  int card_width = 1600;              // the largest size we keep
  int tile_width = 480;
};

struct PhotoSize {
  std::string jpeg;
  int width = 0, height = 0;
};

struct Photo {
  PhotoSize card, tile;
  std::string source_format;  // "jpeg", "png" or "webp"
};

// Once per process, before any process_photo (any thread after that).
Status photo_init();

// Refused with code "invalid" and a message a seller can act on: not an
// image (or not JPEG, PNG or WebP), too many pixels (a decompression bomb
// declares far more than it holds), damaged.
Result<Photo> process_photo(std::string_view bytes, const PhotoLimits& limits);

// A processed photo written under `dir` as <token>.jpg and <token>-tile.jpg
// (written whole, then renamed: a reader never sees half a file).
struct StoredPhoto {
  std::string token;  // 32 hex characters, never reused
  int width = 0, height = 0;  // of the card size
};
Result<StoredPhoto> save_photo(std::string_view bytes, const PhotoLimits& limits, const std::string& dir);
// Removes both files of a photo (missing files are fine).
void remove_photo_files(const std::string& dir, const std::string& token);
// A token as save_photo makes them (so a path built from it stays in `dir`).
bool is_photo_token(std::string_view token);

// "jpeg", "png", "webp" from the first bytes, or "" for anything else.
std::string_view sniff_image_format(std::string_view bytes);

}  // namespace ocop::media
