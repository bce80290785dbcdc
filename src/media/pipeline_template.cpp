#include "media/pipeline_template.h"

#include <fstream>
#include <sstream>

namespace ocop::media {
namespace {
bool safe_value(const std::string& v) {
  if (v.empty() || v.size() > 64) return false;
  for (char c : v)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
          c == '-'))
      return false;
  return true;
}
}  // namespace

Result<std::string> render_pipeline(const std::string& text, const TemplateParams& params) {
  std::string out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    for (size_t pos = 0; pos < line.size();) {
      size_t open = line.find('{', pos);
      if (open == std::string::npos) {
        out.append(line, pos, std::string::npos);
        break;
      }
      size_t close = line.find('}', open);
      if (close == std::string::npos) return make_error("internal", "pipeline template: unclosed '{'");
      out.append(line, pos, open - pos);
      const std::string name = line.substr(open + 1, close - open - 1);
      auto it = params.find(name);
      if (it == params.end()) return make_error("internal", "pipeline template: no value for {" + name + "}");
      if (!safe_value(it->second))
        return make_error("internal", "pipeline template: unsafe value for {" + name + "}");
      out += it->second;
      pos = close + 1;
    }
    out += ' ';
  }
  return out;
}

Result<std::string> PipelineTemplates::render(const std::string& name, const TemplateParams& params) const {
  const std::string path = dir_ + "/" + name + ".pipeline";
  std::ifstream in(path);
  if (!in) return make_error("internal", "cannot read pipeline template '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  auto r = render_pipeline(ss.str(), params);
  if (!r.ok()) return r.error().wrap(path);
  return r;
}

}  // namespace ocop::media
