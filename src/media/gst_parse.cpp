#include "media/gst_parse.h"

namespace ocop::media {
namespace {

Result<ElementPtr> owned(GstElement* raw, GError* raw_err, const std::string& what) {
  ErrorPtr err(raw_err);
  if (!raw || err) {
    if (raw) gst_object_unref(raw);
    return make_error("internal", what + ": " + (err ? err->message : "parse failed"));
  }
  return ElementPtr(GST_ELEMENT(gst_object_ref_sink(raw)));
}

}  // namespace

Result<ElementPtr> parse_pipeline(const std::string& text, const std::string& what) {
  GError* err = nullptr;
  GstElement* raw = gst_parse_launch_full(text.c_str(), nullptr, GST_PARSE_FLAG_FATAL_ERRORS, &err);
  return owned(raw, err, what);
}

Result<ElementPtr> parse_bin(const std::string& text, bool ghost, const std::string& what) {
  GError* err = nullptr;
  GstElement* raw = gst_parse_bin_from_description_full(text.c_str(), ghost, nullptr, GST_PARSE_FLAG_FATAL_ERRORS, &err);
  return owned(raw, err, what);
}

}  // namespace ocop::media
