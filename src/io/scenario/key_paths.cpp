// The key paths of a file's YAML values (yaml_tree.h): a table of (parent, key) rows, turned into
// dotted text only when a message or a model key asks for it.
#include <string>
#include <vector>

#include "io/scenario/yaml_tree.h"

namespace werkbaat::io {

std::uint32_t KeyPaths::key(std::uint32_t parent, std::string_view k) {
  rows_.push_back({parent, static_cast<std::uint32_t>(k.size()), chars_.size()});
  chars_.append(k);
  return static_cast<std::uint32_t>(rows_.size() - 1);
}

std::uint32_t KeyPaths::item(std::uint32_t parent, std::size_t i) {
  rows_.push_back({parent, kItem, i});
  return static_cast<std::uint32_t>(rows_.size() - 1);
}

std::string KeyPaths::text(std::uint32_t id) const {
  std::vector<std::uint32_t> chain;
  for (; id != kRoot; id = rows_[id].parent) chain.push_back(id);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const Row& r = rows_[*it];
    if (r.size == kItem) {
      out += "[" + std::to_string(r.begin) + "]";
    } else {
      if (!out.empty()) out += '.';
      out.append(chars_, r.begin, r.size);
    }
  }
  return out;
}

std::string Value::path() const { return at.file ? at.file->paths.text(path_id) : std::string(); }

std::uint32_t Value::path_below(std::string_view k) const {
  return at.file ? at.file->paths.key(path_id, k) : KeyPaths::kRoot;
}

}  // namespace werkbaat::io
