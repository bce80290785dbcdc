#include "media/gop_cache.h"

namespace ocop::media {

void GopCache::push(GstBuffer* buf) {
  const bool key = !GST_BUFFER_FLAG_IS_SET(buf, GST_BUFFER_FLAG_DELTA_UNIT);
  std::lock_guard<std::mutex> lock(mutex_);
  if (key) {
    buffers_.clear();
    bytes_ = 0;
  } else if (buffers_.empty()) {
    return;  // no keyframe yet: nothing a decoder could start from
  }
  if (buffers_.size() >= kMaxBuffers || bytes_ + gst_buffer_get_size(buf) > kMaxBytes) return;
  bytes_ += gst_buffer_get_size(buf);
  buffers_.emplace_back(gst_buffer_ref(buf));
}

std::vector<BufferPtr> GopCache::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<BufferPtr> out;
  out.reserve(buffers_.size());
  for (const auto& b : buffers_) out.emplace_back(gst_buffer_ref(b.get()));
  return out;
}

void GopCache::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  buffers_.clear();
  bytes_ = 0;
}

size_t GopCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return buffers_.size();
}

}  // namespace ocop::media
