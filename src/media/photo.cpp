#include "media/photo.h"

#include <vips/vips.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "common/random.h"

namespace ocop::media {
namespace {

struct GObjectUnref {
  void operator()(VipsImage* p) const { g_object_unref(p); }
};
using ImagePtr = std::unique_ptr<VipsImage, GObjectUnref>;

struct GFree {
  void operator()(void* p) const { g_free(p); }
};

// libvips keeps its error text per thread; take it and clear it.
std::string take_vips_error() {
  std::string e = vips_error_buffer();
  vips_error_clear();
  while (!e.empty() && (e.back() == '\n' || e.back() == ' ')) e.pop_back();
  return e;
}

Result<PhotoSize> encode(VipsImage* image) {
  void* out = nullptr;
  size_t len = 0;
  // strip: no EXIF (GPS, phone model), no ICC, no XMP in what buyers download.
  if (vips_jpegsave_buffer(image, &out, &len, "Q", 82, "strip", TRUE, "interlace", TRUE, "optimize_coding", TRUE,
                           nullptr) != 0)
    return make_error("internal", "photo: could not write the JPEG (" + take_vips_error() + ")");
  std::unique_ptr<void, GFree> owned(out);
  return PhotoSize{std::string(static_cast<const char*>(out), len), vips_image_get_width(image),
                   vips_image_get_height(image)};
}

}  // namespace

Status photo_init() {
  if (VIPS_INIT("ocoplive") != 0) return make_error("internal", "libvips: " + take_vips_error());
  vips_cache_set_max(0);      // each photo is seen once
  vips_concurrency_set(1);    // the pool's threads are the parallelism
  return {};
}

std::string_view sniff_image_format(std::string_view b) {
  auto starts = [&](std::string_view magic, size_t at = 0) { return b.size() >= at + magic.size() && b.substr(at, magic.size()) == magic; };
  if (starts("\xFF\xD8\xFF")) return "jpeg";
  if (starts("\x89PNG\r\n\x1A\n")) return "png";
  if (starts("RIFF") && starts("WEBP", 8)) return "webp";
  return "";
}

Result<Photo> process_photo(std::string_view bytes, const PhotoLimits& limits) {
  if (bytes.size() > limits.max_bytes)
    return make_error("too_large", "photo: larger than " + std::to_string(limits.max_bytes >> 20) + " MB");
  const std::string_view format = sniff_image_format(bytes);
  if (format.empty()) return make_error("invalid", "photo: not a JPEG, PNG or WebP image");
  // The header first: its declared size is checked before a pixel is decoded.
  VipsImage* header = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", "access", VIPS_ACCESS_SEQUENTIAL, nullptr);
  if (!header) return make_error("invalid", "photo: the image cannot be read (" + take_vips_error() + ")");
  ImagePtr head(header);
  const uint64_t w = static_cast<uint64_t>(vips_image_get_width(head.get()));
  const uint64_t h = static_cast<uint64_t>(vips_image_get_height(head.get()));
  if (w == 0 || h == 0) return make_error("invalid", "photo: the image is empty");
  if (w * h > limits.max_pixels)
    return make_error("invalid", "photo: " + std::to_string(w) + "x" + std::to_string(h) + " is more than " +
                                     std::to_string(limits.max_pixels / 1'000'000) + " megapixels");
  // Decoded once: thumbnail_buffer shrinks while it decodes (a 4000 px JPEG
  // is read at 1/2 or 1/4) and turns the image upright from its EXIF
  // orientation; the tile is made from that card-sized image.
  VipsImage* raw = nullptr;
  if (vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), &raw, limits.card_width, "height", 100000,
                            "size", VIPS_SIZE_DOWN, "fail_on", VIPS_FAIL_ON_ERROR, nullptr) != 0)
    return make_error("invalid", "photo: the image is damaged (" + take_vips_error() + ")");
  // In memory once (about 10 MB at 1600 px): the card and the tile both
  // read it, and a decoder only reads forward.
  ImagePtr streamed(raw);
  VipsImage* held = vips_image_copy_memory(streamed.get());
  if (!held) return make_error("invalid", "photo: the image is damaged (" + take_vips_error() + ")");
  ImagePtr card(held);
  VipsImage* small = nullptr;
  if (vips_thumbnail_image(card.get(), &small, limits.tile_width, "height", 100000, "size", VIPS_SIZE_DOWN, nullptr) != 0)
    return make_error("internal", "photo: could not make the tile (" + take_vips_error() + ")");
  ImagePtr tile(small);
  Photo photo;
  photo.source_format = std::string(format);
  auto card_jpeg = encode(card.get());
  if (!card_jpeg.ok()) return card_jpeg.error();
  auto tile_jpeg = encode(tile.get());
  if (!tile_jpeg.ok()) return tile_jpeg.error();
  photo.card = std::move(*card_jpeg);
  photo.tile = std::move(*tile_jpeg);
  return photo;
}

namespace {

Status write_whole(const std::filesystem::path& path, const std::string& bytes) {
  const auto tmp = path.string() + ".part";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) return make_error("internal", "photo: cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return make_error("internal", "photo: cannot rename " + tmp + ": " + ec.message());
  return {};
}

}  // namespace

bool is_photo_token(std::string_view token) {
  return token.size() == 32 && token.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

Result<StoredPhoto> save_photo(std::string_view bytes, const PhotoLimits& limits, const std::string& dir) {
  auto photo = process_photo(bytes, limits);
  if (!photo.ok()) return photo.error();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return make_error("internal", "photo: cannot create " + dir + ": " + ec.message());
  StoredPhoto out{random_hex(16), photo->card.width, photo->card.height};
  const std::filesystem::path base(dir);
  if (Status s = write_whole(base / (out.token + ".jpg"), photo->card.jpeg); !s.ok()) return s.error();
  if (Status s = write_whole(base / (out.token + "-tile.jpg"), photo->tile.jpeg); !s.ok()) {
    remove_photo_files(dir, out.token);
    return s.error();
  }
  return out;
}

void remove_photo_files(const std::string& dir, const std::string& token) {
  if (!is_photo_token(token)) return;
  std::error_code ec;
  std::filesystem::remove(std::filesystem::path(dir) / (token + ".jpg"), ec);
  std::filesystem::remove(std::filesystem::path(dir) / (token + "-tile.jpg"), ec);
}

}  // namespace ocop::media
