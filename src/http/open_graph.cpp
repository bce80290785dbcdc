#include "http/open_graph.h"

namespace ocop::http {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string open_graph_tags(const OpenGraph& og) {
  auto meta = [](const char* property, const std::string& value) {
    return value.empty() ? std::string()
                         : std::string("<meta property=\"") + property + "\" content=\"" + html_escape(value) + "\">\n";
  };
  std::string out = meta("og:type", "website") + meta("og:site_name", "OCOP Live") + meta("og:title", og.title) +
                    meta("og:description", og.description) + meta("og:url", og.url) + meta("og:image", og.image);
  if (!og.image.empty()) out += "<meta name=\"twitter:card\" content=\"summary_large_image\">\n";
  return out;
}

std::string page_origin(std::string_view host, bool https) {
  if (host.empty() || host.size() > 255) return {};
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) return {};
  }
  return std::string(https ? "https://" : "http://") + std::string(host);
}

}  // namespace ocop::http
