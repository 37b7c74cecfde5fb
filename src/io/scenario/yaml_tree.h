#pragma once
// A YAML document as a tree that remembers, for every node, the file, line and column it came
// from and its dotted key path. `uses:` merges several files into one tree; errors can still
// point at the file a value was written in.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "werkbaat/model/source_ref.h"

namespace werkbaat::io {

// A place in a file, as SourceRef, with the file's name shared by every value read from it (a
// generated file of 100,000 parameters has a million values).
struct Place {
  std::shared_ptr<const std::string> file;
  int line = 0;
  int column = 0;

  Place() = default;
  Place(std::shared_ptr<const std::string> f, int l, int c) : file(std::move(f)), line(l), column(c) {}
  Place(const std::string& f, int l, int c) : Place(std::make_shared<const std::string>(f), l, c) {}
  const std::string& file_name() const;
  operator model::SourceRef() const { return {file_name(), line, column}; }
};

struct Value {
  struct Entry;  // a map entry: key (first) and value (second)
  enum class Kind { null, scalar, map, seq };
  Kind kind = Kind::null;
  std::string text;     // scalar
  bool quoted = false;  // scalar written in quotes
  std::vector<Entry> items;  // map, in file order
  std::vector<Value> list;                           // seq
  Place at;      // where the value starts
  Place key_at;  // where its key starts (map entries)
  std::string path;         // dotted key path, e.g. flows.treatment.payer

  bool is_map() const { return kind == Kind::map; }
  bool is_seq() const { return kind == Kind::seq; }
  bool is_scalar() const { return kind == Kind::scalar; }
  const Value* find(const std::string& key) const;
  std::vector<std::string> keys() const;
};

struct Value::Entry {
  std::string first;
  Value second;
};

// Parses YAML text; `file` names it in errors. Throws InputError (syntax, duplicate keys).
Value parse_yaml(const std::string& text, const std::string& file);

// Merges `over` into `base`: maps merge per key to `depth` levels (depth 0 replaces).
void merge_into(Value& base, const Value& over, int depth);

// The tree as YAML text.
std::string to_yaml(const Value& v);

}  // namespace werkbaat::io
