#pragma once
// A YAML document as a tree that remembers, for every node, the file, line and column it came
// from and its dotted key path. `uses:` merges several files into one tree; errors can still
// point at the file a value was written in.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "werkbaat/model/source_ref.h"

namespace werkbaat::io {

// The dotted key paths of one file's values (flows.treatment.payer, transitions[2].from) as a
// table of (parent, key) rows: a value holds the number of its row, and the text is built only
// when a message or a model key needs it (a generated file of 100,000 parameters has a million
// values, and a string per value was a third of its load time).
class KeyPaths {
 public:
  static constexpr std::uint32_t kRoot = 0;  // the empty path
  std::uint32_t key(std::uint32_t parent, std::string_view k);  // parent.k
  std::uint32_t item(std::uint32_t parent, std::size_t i);      // parent[i]
  std::string text(std::uint32_t id) const;

 private:
  static constexpr std::uint32_t kItem = UINT32_MAX;  // a row's size for a list item; begin is its index
  struct Row {
    std::uint32_t parent, size;  // the key is chars_[begin, begin + size)
    std::size_t begin;
  };
  std::vector<Row> rows_ = {{kRoot, 0, 0}};
  std::string chars_;
};

// A file values were read from: its name and the key paths of its values.
struct SourceFile {
  std::string name;
  KeyPaths paths;
};

// A place in a file, as SourceRef, with the file shared by every value read from it.
struct Place {
  std::shared_ptr<SourceFile> file;
  int line = 0;
  int column = 0;

  Place() = default;
  Place(std::shared_ptr<SourceFile> f, int l, int c) : file(std::move(f)), line(l), column(c) {}
  Place(const std::string& f, int l, int c) : Place(std::make_shared<SourceFile>(SourceFile{f, {}}), l, c) {}
  const std::string& file_name() const;
  operator model::SourceRef() const { return {file_name(), line, column}; }
};

struct Value {
  struct Entry;  // a map entry: key (first) and value (second)
  enum class Kind : std::uint8_t { null, scalar, map, seq };
  struct LineColumn {
    int line = 0, column = 0;
  };
  Kind kind = Kind::null;
  bool quoted = false;                      // scalar written in quotes
  std::uint32_t path_id = KeyPaths::kRoot;  // its key path, a row of at.file's paths
  std::string text;                         // scalar
  std::vector<Entry> items;                 // map, in file order
  std::vector<Value> list;                  // seq
  Place at;                                 // where the value starts
  LineColumn key_at;                        // where its key starts (map entries), in the same file

  // The dotted key path, e.g. flows.treatment.payer (built from the file's table).
  std::string path() const;
  // The path of a key `k` below this value, in the same table.
  std::uint32_t path_below(std::string_view k) const;

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
