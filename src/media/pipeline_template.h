#pragma once
// Pipeline descriptions live in pipelines/*.pipeline as templates. Lines
// starting with '#' are comments; "{name}" is replaced by a parameter. Values
// come from validated config only and must be plain numbers or identifiers,
// so nothing a client sends can ever reach a pipeline string.
#include <map>
#include <string>

#include "common/result.h"

namespace ocop::media {

using TemplateParams = std::map<std::string, std::string>;

// Pure: renders template text. Errors on an unknown or unused-looking
// placeholder and on a value with characters other than [A-Za-z0-9_.-].
Result<std::string> render_pipeline(const std::string& text, const TemplateParams& params);

class PipelineTemplates {
 public:
  explicit PipelineTemplates(std::string dir) : dir_(std::move(dir)) {}
  // Reads and renders dir/name.pipeline.
  Result<std::string> render(const std::string& name, const TemplateParams& params) const;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

}  // namespace ocop::media
