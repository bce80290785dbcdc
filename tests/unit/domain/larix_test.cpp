#include <catch2/catch.hpp>

#include "domain/larix.h"

using namespace ocop::domain;

TEST_CASE("a Larix Grove link carries the publish URL and phone encoder settings", "[domain][larix]") {
  const std::string url = larix_grove_url("rtmp://live.ocop.vn:1935/live/a1b2c3", "Gian Mật ong Mường Khương");
  CHECK(url ==
        "larix://set/v1?conn[][url]=rtmp%3A%2F%2Flive.ocop.vn%3A1935%2Flive%2Fa1b2c3"
        "&conn[][name]=Gian%20M%E1%BA%ADt%20ong%20M%C6%B0%E1%BB%9Dng%20Kh%C6%B0%C6%A1ng"
        "&conn[][overwrite]=on&enc[vid][res]=1280x720&enc[vid][fps]=30&enc[vid][bitrate]=2000"
        "&enc[vid][format]=avc&enc[vid][keyframe]=2&enc[aud][bitrate]=128");
}

TEST_CASE("names that would break the link are encoded", "[domain][larix]") {
  const std::string url = larix_grove_url("rtmp://h/live/k", "A&conn[][url]=x#y?z");
  CHECK(url.find("&conn[][name]=A%26conn%5B%5D%5Burl%5D%3Dx%23y%3Fz&") != std::string::npos);
  CHECK(percent_encode("") == "");
  CHECK(percent_encode("aZ09-._~") == "aZ09-._~");
  CHECK(percent_encode(std::string("\x00\xff", 2)) == "%00%FF");
}
