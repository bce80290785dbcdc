#include <catch2/catch.hpp>

#include <vips/vips.h>
#include <zlib.h>

#include <string>

#include "media/photo.h"

using namespace ocop::media;

namespace {

void put32(std::string& s, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) s.push_back(static_cast<char>((v >> shift) & 0xff));
}

void put_chunk(std::string& png, const std::string& type_and_data) {
  put32(png, static_cast<uint32_t>(type_and_data.size() - 4));
  png += type_and_data;
  put32(png, static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(type_and_data.data()),
                                         static_cast<uInt>(type_and_data.size()))));
}

// A PNG that declares width x height but holds one row's worth of data: the
// header alone must get it refused, before anything is decoded.
std::string declared_png(uint32_t width, uint32_t height) {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr = "IHDR";
  put32(ihdr, width);
  put32(ihdr, height);
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);
  put_chunk(png, ihdr);
  std::string row(width + 1, '\0');
  uLongf len = compressBound(static_cast<uLong>(row.size()));
  std::string z(len, '\0');
  compress(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(row.data()), static_cast<uLong>(row.size()));
  z.resize(len);
  put_chunk(png, "IDAT" + z);
  put_chunk(png, "IEND");
  return png;
}

std::string real_png(int width, int height) {
  VipsImage* black = nullptr;
  REQUIRE(vips_black(&black, width, height, "bands", 3, nullptr) == 0);
  void* buf = nullptr;
  size_t len = 0;
  REQUIRE(vips_pngsave_buffer(black, &buf, &len, nullptr) == 0);
  std::string out(static_cast<const char*>(buf), len);
  g_free(buf);
  g_object_unref(black);
  return out;
}

}  // namespace

TEST_CASE("photos are sniffed by their first bytes", "[media][photo]") {
  CHECK(sniff_image_format("\xFF\xD8\xFF\xE0....") == "jpeg");
  CHECK(sniff_image_format(std::string("\x89PNG\r\n\x1a\n", 8)) == "png");
  CHECK(sniff_image_format(std::string("RIFF\x10\x00\x00\x00WEBPVP8 ", 16)) == "webp");
  CHECK(sniff_image_format(std::string("RIFF\x10\x00\x00\x00WAVEfmt ", 16)) == "");
  CHECK(sniff_image_format("GIF89a") == "");
  CHECK(sniff_image_format("") == "");
  CHECK(sniff_image_format("\xFF\xD8") == "");
}

TEST_CASE("what is not a photo is refused with a reason", "[media][photo]") {
  REQUIRE(photo_init().ok());
  PhotoLimits limits;
  CHECK(process_photo("hello, I am a text file named .jpg\n", limits).error().message ==
        "photo: not a JPEG, PNG or WebP image");
  CHECK(process_photo(declared_png(100000, 100000), limits).error().message ==
        "photo: 100000x100000 is more than 50 megapixels");
  auto truncated = process_photo(std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10), limits);
  REQUIRE_FALSE(truncated.ok());
  CHECK(truncated.error().code == "invalid");
  limits.max_bytes = 10;
  CHECK(process_photo(real_png(8, 8), limits).error().code == "too_large");
}

TEST_CASE("a photo is never enlarged and comes out as JPEG", "[media][photo]") {
  REQUIRE(photo_init().ok());
  auto small = process_photo(real_png(64, 32), {});
  REQUIRE(small.ok());
  CHECK(small->source_format == "png");
  CHECK(small->card.width == 64);
  CHECK(small->card.height == 32);
  CHECK(sniff_image_format(small->card.jpeg) == "jpeg");
  auto big = process_photo(real_png(2000, 1000), {});
  REQUIRE(big.ok());
  CHECK(big->card.width == 1600);
  CHECK(big->card.height == 800);
  CHECK(big->tile.width == 480);
  CHECK(big->tile.height == 240);
}
