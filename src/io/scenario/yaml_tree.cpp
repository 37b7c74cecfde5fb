#include "io/scenario/yaml_tree.h"

#include <yaml-cpp/yaml.h>

#include <unordered_map>
#include <unordered_set>

#include "werkbaat/model/error.h"

namespace werkbaat::io {
namespace {

// A scenario is a few thousand nodes; these bounds stop hostile files (aliases that expand to a
// billion nodes, nesting that would exhaust the stack) long before they cost time or memory.
constexpr std::size_t kMaxNodes = 500'000;
constexpr int kMaxDepth = 64;

model::SourceRef ref(const std::string& file, const YAML::Mark& m) { return {file, m.line + 1, m.column + 1}; }

struct Budget {
  std::size_t nodes = 0;
};

Value convert(const YAML::Node& n, const std::string& file, const std::string& path, int depth, Budget& budget) {
  Value v;
  v.at = ref(file, n.Mark());
  v.path = path;
  if (++budget.nodes > kMaxNodes)
    throw InputError(v.at, path,
                     "the document expands to more than " + std::to_string(kMaxNodes) +
                         " values (aliases repeated inside each other?); a scenario needs far fewer");
  if (depth > kMaxDepth)
    throw InputError(v.at, path, "nested more than " + std::to_string(kMaxDepth) + " levels deep");
  switch (n.Type()) {
    case YAML::NodeType::Scalar:
      v.kind = Value::Kind::scalar;
      v.text = n.Scalar();
      v.quoted = n.Tag() == "!";
      break;
    case YAML::NodeType::Sequence:
      v.kind = Value::Kind::seq;
      for (std::size_t i = 0; i < n.size(); ++i)
        v.list.push_back(convert(n[i], file, path + "[" + std::to_string(i) + "]", depth + 1, budget));
      break;
    case YAML::NodeType::Map: {
      v.kind = Value::Kind::map;
      std::unordered_set<std::string> seen;
      for (auto it = n.begin(); it != n.end(); ++it) {
        if (!it->first.IsScalar())
          throw InputError(ref(file, it->first.Mark()), path, "keys must be plain names");
        const std::string key = it->first.Scalar();
        const std::string child = path.empty() ? key : path + "." + key;
        if (!seen.insert(key).second)
          throw InputError(ref(file, it->first.Mark()), child, "duplicate key '" + key + "'");
        Value c = convert(it->second, file, child, depth + 1, budget);
        c.key_at = ref(file, it->first.Mark());
        if (c.kind == Value::Kind::null) c.at = c.key_at;
        v.items.push_back({key, std::move(c)});
      }
      break;
    }
    default:
      v.kind = Value::Kind::null;
  }
  return v;
}

void emit(YAML::Emitter& out, const Value& v) {
  switch (v.kind) {
    case Value::Kind::null: out << YAML::Null; break;
    case Value::Kind::scalar: out << v.text; break;
    case Value::Kind::seq:
      out << YAML::BeginSeq;
      for (const auto& c : v.list) emit(out, c);
      out << YAML::EndSeq;
      break;
    case Value::Kind::map:
      out << YAML::BeginMap;
      for (const auto& [k, c] : v.items) {
        out << YAML::Key << k << YAML::Value;
        emit(out, c);
      }
      out << YAML::EndMap;
      break;
  }
}

}  // namespace

const Value* Value::find(const std::string& key) const {
  for (const auto& [k, v] : items)
    if (k == key) return &v;
  return nullptr;
}

std::vector<std::string> Value::keys() const {
  std::vector<std::string> out;
  for (const auto& kv : items) out.push_back(kv.first);
  return out;
}

// The place of the first byte that is not part of valid UTF-8, or line 0 when all is valid.
model::SourceRef first_invalid_utf8(const std::string& text, const std::string& file) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const int n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = n > 0 && i + n <= text.size() && !(n == 2 && c < 0xC2) && !(n == 4 && c > 0xF4);
    for (int k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (ok && n == 3) {  // no overlong forms, no surrogates
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && n == 4) {
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (!ok || c == 0) return {file, line, column};
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += static_cast<std::size_t>(n);
  }
  return {file, 0, 0};
}

Value parse_yaml(const std::string& text, const std::string& file) {
  if (const auto bad = first_invalid_utf8(text, file); bad.line > 0)
    throw InputError(bad, "", "the file is not valid UTF-8 text here (save it as UTF-8)");
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    // yaml-cpp's words, with what usually causes them.
    const std::string why = e.msg == "illegal map value"
                                ? "illegal map value (a key longer than 1024 characters, or a ':' where no key is)"
                                : e.msg;
    throw InputError(ref(file, e.mark), "", "YAML syntax error: " + why);
  } catch (const YAML::Exception& e) {
    throw InputError({file, e.mark.line + 1, e.mark.column + 1}, "", "cannot read this YAML: " + e.msg);
  }
  Budget budget;
  return convert(root, file, "", 0, budget);
}

void merge_into(Value& base, const Value& over, int depth) {
  if (depth <= 0 || !base.is_map() || !over.is_map()) {
    base = over;
    return;
  }
  std::unordered_map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < base.items.size(); ++i) at.emplace(base.items[i].first, i);
  for (const auto& [k, v] : over.items) {
    const auto it = at.find(k);
    if (it != at.end()) {
      merge_into(base.items[it->second].second, v, depth - 1);
    } else {
      at.emplace(k, base.items.size());
      base.items.push_back({k, v});
    }
  }
}

std::string to_yaml(const Value& v) {
  YAML::Emitter out;
  emit(out, v);
  return out.c_str();
}

}  // namespace werkbaat::io
