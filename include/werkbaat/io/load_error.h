#pragma once
// The one error type of scenario loading: where (file, line, column), which key, and what.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "werkbaat/model/scenario.h"

namespace werkbaat::io {

class LoadError : public std::runtime_error {
 public:
  LoadError(model::SourceRef where, std::string key, std::string message);
  const model::SourceRef& where() const { return where_; }
  const std::string& key() const { return key_; }
  const std::string& message() const { return message_; }

 private:
  model::SourceRef where_;
  std::string key_, message_;
};

// The candidate closest to `word` by edit distance, or "" when none is close enough to suggest.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace werkbaat::io
