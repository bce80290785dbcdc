#pragma once
// Where a booth's FLV byte stream goes (the media pipeline's appsrc).
// push() is called on the ingest thread and must be thread-safe.
#include <string>

namespace ocop::ingest {

class FlvSink {
 public:
  virtual ~FlvSink() = default;
  // Whole FLV units only: the file header once, then whole tags.
  virtual void push(std::string flv_bytes) = 0;
};

}  // namespace ocop::ingest
