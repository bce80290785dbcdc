#pragma once
// Owning smart pointers for GStreamer and GLib handles, so no business code
// calls unref by hand. Mini-objects (caps, buffers, messages) have their own
// deleters; GstObjects share gst_object_unref.
#include <gst/gst.h>

#include <memory>

namespace ocop::media {

struct GstObjectDeleter {
  void operator()(gpointer p) const { if (p) gst_object_unref(p); }
};
struct GstCapsDeleter {
  void operator()(GstCaps* p) const { if (p) gst_caps_unref(p); }
};
struct GstBufferDeleter {
  void operator()(GstBuffer* p) const { if (p) gst_buffer_unref(p); }
};
struct GstMessageDeleter {
  void operator()(GstMessage* p) const { if (p) gst_message_unref(p); }
};
struct GstEventDeleter {
  void operator()(GstEvent* p) const { if (p) gst_event_unref(p); }
};
struct GErrorDeleter {
  void operator()(GError* p) const { if (p) g_error_free(p); }
};
struct GFreeDeleter {
  void operator()(gpointer p) const { g_free(p); }
};

using ElementPtr = std::unique_ptr<GstElement, GstObjectDeleter>;
using PadPtr = std::unique_ptr<GstPad, GstObjectDeleter>;
using BusPtr = std::unique_ptr<GstBus, GstObjectDeleter>;
using CapsPtr = std::unique_ptr<GstCaps, GstCapsDeleter>;
using BufferPtr = std::unique_ptr<GstBuffer, GstBufferDeleter>;
using MessagePtr = std::unique_ptr<GstMessage, GstMessageDeleter>;
using EventPtr = std::unique_ptr<GstEvent, GstEventDeleter>;
using ErrorPtr = std::unique_ptr<GError, GErrorDeleter>;
using GCharPtr = std::unique_ptr<gchar, GFreeDeleter>;

}  // namespace ocop::media
