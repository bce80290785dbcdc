#pragma once
// The encoded video since the last keyframe, so a joining viewer starts at
// once instead of waiting for the publisher's next keyframe (phones send
// 2-10 s GOPs). Filled by a pad probe on the booth's video tee (a streaming
// thread), read when a viewer joins (another streaming thread): locked.
#include <gst/gst.h>

#include <mutex>
#include <vector>

#include "media/gst_ptr.h"

namespace ocop::media {

class GopCache {
 public:
  static constexpr size_t kMaxBuffers = 1500;     // 50 s at 30 fps
  static constexpr size_t kMaxBytes = 16u << 20;

  void push(GstBuffer* buf);  // takes a new ref
  // A snapshot that starts with a keyframe, or empty.
  std::vector<BufferPtr> snapshot() const;
  void clear();
  size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::vector<BufferPtr> buffers_;
  size_t bytes_ = 0;
};

}  // namespace ocop::media
