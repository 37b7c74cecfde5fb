#pragma once
// The one error of bad input, in every layer: where (file, line, column), which key, and what is
// wrong, formatted as "file:line:col: key: message". `main` maps it, and only it, to exit code 2;
// every other exception is a failure of the run (exit 1).
//
// Build messages through the named factories, so that the same problem reads the same way
// wherever it is found.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "werkbaat/model/source_ref.h"

namespace werkbaat {

class InputError : public std::runtime_error {
 public:
  InputError(model::SourceRef where, std::string key, std::string message);

  // "unknown WHAT 'word' (did you mean 'x'?); known: a, b, c"
  static InputError unknown(model::SourceRef where, std::string key, std::string_view what, std::string_view word,
                            const std::vector<std::string>& known);
  // "unknown WHAT 'word' (did you mean 'x'?)": for long lists such as parameter paths.
  static InputError unknown_name(model::SourceRef where, std::string key, std::string_view what,
                                 std::string_view word, const std::vector<std::string>& candidates);
  // "unknown key 'k' (did you mean 'x'?); expected one of: a, b"
  static InputError unknown_key(model::SourceRef where, std::string key, std::string_view word,
                                const std::vector<std::string>& allowed);
  // "expected WHAT, got GOT"
  static InputError expected(model::SourceRef where, std::string key, std::string_view what, std::string_view got);
  // "missing key 'name'"
  static InputError missing_key(model::SourceRef where, std::string key, std::string_view name);

  const model::SourceRef& where() const { return where_; }
  const std::string& key() const { return key_; }
  const std::string& message() const { return message_; }

 private:
  model::SourceRef where_;
  std::string key_, message_;
};

// A run stopped on request (SIGINT or SIGTERM): not bad input, not a failure of the model.
struct Interrupted : std::runtime_error {
  Interrupted() : std::runtime_error("interrupted") {}
};

// The candidate closest to `word` by edit distance, or "" when none is close enough to suggest.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c"
std::string join(const std::vector<std::string>& words);

// A number in a message: up to 10 significant digits (0.9, 1e+13, 1.033262053).
std::string number_text(double x);

// At most `max` characters of `text` (whole UTF-8 characters), with "..." when cut: a message never
// echoes more than a short excerpt of what a file holds.
std::string excerpt(std::string_view text, std::size_t max = 60);

}  // namespace werkbaat
