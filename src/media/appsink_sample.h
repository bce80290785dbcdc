#pragma once
// The appsink callbacks of a booth pipeline (RTP, HLS, thumbnails,
// recording) all pull a sample and read its buffer: once, here.
#include <gst/app/gstappsink.h>

#include <cstddef>
#include <cstdint>

namespace ocop::media {

// Pulls the next sample and calls fn(sample, buffer) when it has one.
template <typename Fn>
GstFlowReturn with_next_sample(GstAppSink* appsink, Fn&& fn) {
  GstSample* sample = gst_app_sink_pull_sample(appsink);
  if (!sample) return GST_FLOW_OK;
  if (GstBuffer* buf = gst_sample_get_buffer(sample)) fn(sample, buf);
  gst_sample_unref(sample);
  return GST_FLOW_OK;
}

// Maps `buf` for reading and calls fn(data, size).
template <typename Fn>
void with_bytes(GstBuffer* buf, Fn&& fn) {
  GstMapInfo map;
  if (!gst_buffer_map(buf, &map, GST_MAP_READ)) return;
  fn(static_cast<const uint8_t*>(map.data), static_cast<size_t>(map.size));
  gst_buffer_unmap(buf, &map);
}

}  // namespace ocop::media
