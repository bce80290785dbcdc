#pragma once
// Bounds-checked big-endian reader over a byte span. Every read reports
// failure instead of reading past the end, so parsers stay pure and safe.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace ocop {

class ByteReader {
 public:
  ByteReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  size_t remaining() const { return size_ - pos_; }
  size_t position() const { return pos_; }
  bool empty() const { return pos_ == size_; }
  const uint8_t* current() const { return data_ + pos_; }

  bool skip(size_t n) {
    if (remaining() < n) return false;
    pos_ += n;
    return true;
  }
  bool u8(uint8_t& out) {
    if (remaining() < 1) return false;
    out = data_[pos_++];
    return true;
  }
  bool u16be(uint16_t& out) { return be(out, 2); }
  bool u24be(uint32_t& out) { return be(out, 3); }
  bool u32be(uint32_t& out) { return be(out, 4); }
  bool u32le(uint32_t& out) {
    if (remaining() < 4) return false;
    out = uint32_t(data_[pos_]) | uint32_t(data_[pos_ + 1]) << 8 | uint32_t(data_[pos_ + 2]) << 16 |
          uint32_t(data_[pos_ + 3]) << 24;
    pos_ += 4;
    return true;
  }
  bool f64be(double& out) {
    uint64_t bits = 0;
    if (!be(bits, 8)) return false;
    std::memcpy(&out, &bits, sizeof out);
    return true;
  }
  bool bytes(size_t n, std::string& out) {
    if (remaining() < n) return false;
    out.assign(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return true;
  }

 private:
  template <typename T>
  bool be(T& out, size_t n) {
    if (remaining() < n) return false;
    T v = 0;
    for (size_t i = 0; i < n; ++i) v = static_cast<T>((v << 8) | data_[pos_ + i]);
    pos_ += n;
    out = v;
    return true;
  }

  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace ocop
