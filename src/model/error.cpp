#include "werkbaat/model/error.h"

#include <fmt/format.h>

#include <algorithm>

namespace werkbaat {
namespace {

std::string format(const model::SourceRef& w, const std::string& raw_key, const std::string& message) {
  const std::string place = w.line > 0 ? fmt::format("{}:{}:{}", w.file, w.line, w.column) : w.file;
  // A key path of a deeply nested value is cut in the middle: its start and end say where it is.
  const std::string key =
      raw_key.size() <= 120 ? raw_key : raw_key.substr(0, 60) + "..." + raw_key.substr(raw_key.size() - 50);
  return key.empty() ? fmt::format("{}: {}", place, message) : fmt::format("{}: {}: {}", place, key, message);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

InputError::InputError(model::SourceRef where, std::string key, std::string message)
    : std::runtime_error(format(where, key, message)),
      where_(std::move(where)),
      key_(std::move(key)),
      message_(std::move(message)) {}

InputError InputError::unknown(model::SourceRef where, std::string key, std::string_view what, std::string_view word,
                               const std::vector<std::string>& known) {
  return {std::move(where), std::move(key),
          fmt::format("unknown {} '{}'{}; known: {}", what, excerpt(word), did_you_mean(word, known), join(known))};
}

InputError InputError::unknown_name(model::SourceRef where, std::string key, std::string_view what,
                                    std::string_view word, const std::vector<std::string>& candidates) {
  return {std::move(where), std::move(key),
          fmt::format("unknown {} '{}'{}", what, excerpt(word), did_you_mean(word, candidates))};
}

InputError InputError::unknown_key(model::SourceRef where, std::string key, std::string_view word,
                                   const std::vector<std::string>& allowed) {
  return {std::move(where), std::move(key),
          fmt::format("unknown key '{}'{}; expected one of: {}", excerpt(word), did_you_mean(word, allowed), join(allowed))};
}

InputError InputError::expected(model::SourceRef where, std::string key, std::string_view what, std::string_view got) {
  return {std::move(where), std::move(key), fmt::format("expected {}, got {}", what, got)};
}

InputError InputError::missing_key(model::SourceRef where, std::string key, std::string_view name) {
  return {std::move(where), std::move(key), fmt::format("missing key '{}'", name)};
}

std::string number_text(double x) { return fmt::format("{:.10g}", x); }

std::string excerpt(std::string_view text, std::size_t max) {
  const std::size_t line_end = std::min(text.find('\n'), text.size());
  if (text.size() <= max && line_end == text.size()) return std::string(text);
  std::size_t n = std::min(max, line_end);
  while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // whole characters
  return std::string(text.substr(0, n)) + "...";
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  // Suggest only what a typo or a half-translated word could explain: up to half may differ.
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 2);
  return best_d <= limit ? best : std::string();
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string n = nearest(word, candidates);
  return n.empty() ? std::string() : " (did you mean '" + n + "'?)";
}

}  // namespace werkbaat
