#pragma once
// Open Graph tags for a page (a booth, a replay), so a link shared on Zalo or
// Facebook shows its name and picture. Crawlers do not run JavaScript: the
// server writes the tags into the page's <head>. Pure.
#include <string>
#include <string_view>

namespace ocop::http {

struct OpenGraph {
  std::string title;
  std::string description;
  std::string url;    // absolute
  std::string image;  // absolute, or empty
};

// `<meta property="og:...">` lines, every value HTML-escaped.
std::string open_graph_tags(const OpenGraph& og);
std::string html_escape(std::string_view text);
// "https://host" for links in tags: `host` as the client reached us (or the
// configured public host), refused ("") unless it is a plain host[:port].
std::string page_origin(std::string_view host, bool https);

}  // namespace ocop::http
