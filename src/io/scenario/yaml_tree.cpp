#include "io/scenario/yaml_tree.h"

#include <yaml-cpp/yaml.h>

#include "werkbaat/model/error.h"

namespace werkbaat::io {
namespace {

model::SourceRef ref(const std::string& file, const YAML::Mark& m) { return {file, m.line + 1, m.column + 1}; }

Value convert(const YAML::Node& n, const std::string& file, const std::string& path) {
  Value v;
  v.at = ref(file, n.Mark());
  v.path = path;
  switch (n.Type()) {
    case YAML::NodeType::Scalar:
      v.kind = Value::Kind::scalar;
      v.text = n.Scalar();
      v.quoted = n.Tag() == "!";
      break;
    case YAML::NodeType::Sequence:
      v.kind = Value::Kind::seq;
      for (std::size_t i = 0; i < n.size(); ++i)
        v.list.push_back(convert(n[i], file, path + "[" + std::to_string(i) + "]"));
      break;
    case YAML::NodeType::Map:
      v.kind = Value::Kind::map;
      for (auto it = n.begin(); it != n.end(); ++it) {
        const std::string key = it->first.Scalar();
        const std::string child = path.empty() ? key : path + "." + key;
        if (!it->first.IsScalar())
          throw InputError(ref(file, it->first.Mark()), path, "keys must be plain names");
        if (v.find(key))
          throw InputError(ref(file, it->first.Mark()), child, "duplicate key '" + key + "'");
        Value c = convert(it->second, file, child);
        c.key_at = ref(file, it->first.Mark());
        if (c.kind == Value::Kind::null) c.at = c.key_at;
        v.items.push_back({key, std::move(c)});
      }
      break;
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

Value parse_yaml(const std::string& text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw InputError(ref(file, e.mark), "", "YAML syntax error: " + e.msg);
  }
  return convert(root, file, "");
}

void merge_into(Value& base, const Value& over, int depth) {
  if (depth <= 0 || !base.is_map() || !over.is_map()) {
    base = over;
    return;
  }
  for (const auto& [k, v] : over.items) {
    bool found = false;
    for (auto& [bk, bv] : base.items) {
      if (bk != k) continue;
      merge_into(bv, v, depth - 1);
      found = true;
      break;
    }
    if (!found) base.items.push_back({k, v});
  }
}

std::string to_yaml(const Value& v) {
  YAML::Emitter out;
  emit(out, v);
  return out.c_str();
}

}  // namespace werkbaat::io
