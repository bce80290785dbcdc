#pragma once
// Rendered pipeline templates (media/pipeline_template.h) into owned
// elements, with GStreamer's parse error as ours; and named children.
#include <gst/gst.h>

#include <string>

#include "common/result.h"
#include "media/gst_ptr.h"

namespace ocop::media {

// A whole pipeline (`what` names it in the error).
Result<ElementPtr> parse_pipeline(const std::string& text, const std::string& what);
// A bin; `ghost`: its unlinked pads become "sink"/"src".
Result<ElementPtr> parse_bin(const std::string& text, bool ghost, const std::string& what);

inline ElementPtr by_name(GstElement* bin, const char* name) {
  return ElementPtr(gst_bin_get_by_name(GST_BIN(bin), name));
}

}  // namespace ocop::media
