#include "io/scenario/yaml_tree.h"

#include <yaml.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "werkbaat/model/error.h"

// YAML is read with libyaml's event parser (the C library behind PyYAML's fast loader): it streams
// events without building a tree of its own and without recursion, so the tree below is built
// once, in one pass, with every bound checked as the events arrive.

namespace werkbaat::io {
namespace {

// A scenario is a few thousand values; the bounds stop hostile files (aliases that expand to a
// billion values, nesting that would exhaust a stack) long before they cost time or memory, and
// leave room for generated files of 100,000 parameters.
constexpr std::size_t kMaxNodes = 2'000'000;
constexpr std::size_t kMaxAliasNodes = 100'000;
constexpr int kMaxDepth = 64;

model::SourceRef ref(const std::string& file, const yaml_mark_t& m) {
  return {file, static_cast<int>(m.line) + 1, static_cast<int>(m.column) + 1};
}

Place place(const std::shared_ptr<SourceFile>& file, const yaml_mark_t& m) {
  return {file, static_cast<int>(m.line) + 1, static_cast<int>(m.column) + 1};
}

struct Parser {
  yaml_parser_t p;
  Parser() { yaml_parser_initialize(&p); }
  ~Parser() { yaml_parser_delete(&p); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
};

struct Event {
  yaml_event_t e{};
  ~Event() { yaml_event_delete(&e); }
};

std::string_view chars(const yaml_char_t* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

[[noreturn]] void syntax_error(const yaml_parser_t& p, const std::string& text, const std::string& file) {
  if (p.error == YAML_READER_ERROR) {  // a character libyaml does not read (e.g. a control character): at its offset
    int line = 1, column = 1;
    for (std::size_t i = 0; i < p.problem_offset && i < text.size(); ++i) {
      if (text[i] == '\n') ++line, column = 1;
      else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
    }
    throw InputError({file, line, column}, "", std::string("YAML cannot hold this character: ") +
                                                   (p.problem ? p.problem : "unreadable") + " (remove or replace it)");
  }
  std::string why = p.problem ? p.problem : "unreadable YAML";
  if (p.context)
    why += " " + std::string(p.context) + " that starts at line " + std::to_string(p.context_mark.line + 1) +
           ", column " + std::to_string(p.context_mark.column + 1);
  if (std::strcmp(p.problem ? p.problem : "", "could not find expected ':'") == 0)
    why += " (a key longer than 1024 characters, or a key without its ':'?)";
  throw InputError(ref(file, p.problem_mark), "", "YAML syntax error: " + why);
}

std::size_t count_nodes(const Value& v) {
  std::size_t n = 1;
  for (const auto& e : v.items) n += count_nodes(e.second);
  for (const auto& c : v.list) n += count_nodes(c);
  return n;
}

// An alias's copy takes the key paths of where it is used.
void set_paths(Value& v, std::uint32_t path, KeyPaths& paths) {
  v.path_id = path;
  for (auto& e : v.items) set_paths(e.second, paths.key(path, e.first), paths);
  for (std::size_t i = 0; i < v.list.size(); ++i) set_paths(v.list[i], paths.item(path, i), paths);
}

bool is_null_text(std::string_view t) { return t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL"; }

class TreeBuilder {
 public:
  explicit TreeBuilder(const std::string& file) : file_(std::make_shared<SourceFile>(SourceFile{file, {}})) {
    root.at = {file_, 1, 1};
  }

  // Takes one event inside the document; true once the root value is complete.
  bool take(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_SCALAR_EVENT: {
        const auto& s = e.data.scalar;
        Value& v = open_value(e.start_mark, chars(s.tag));
        v.text.assign(reinterpret_cast<const char*>(s.value), s.length);
        v.quoted = s.style != YAML_PLAIN_SCALAR_STYLE || chars(s.tag) == YAML_STR_TAG;
        v.kind = !v.quoted && is_null_text(v.text) ? Value::Kind::null : Value::Kind::scalar;
        return close_value(v, chars(s.anchor));
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const bool map = e.type == YAML_MAPPING_START_EVENT;
        const auto tag = chars(map ? e.data.mapping_start.tag : e.data.sequence_start.tag);
        Value& v = open_value(e.start_mark, tag);
        v.kind = map ? Value::Kind::map : Value::Kind::seq;
        if (&v == &key_) throw InputError(v.at, open_.back().node->path(), "a key must be a plain name, not a map or a list");
        if (static_cast<int>(open_.size()) > kMaxDepth)
          throw InputError(v.at, v.path(), "nested more than " + std::to_string(kMaxDepth) + " levels deep");
        open_.push_back({&v, std::string(chars(map ? e.data.mapping_start.anchor : e.data.sequence_start.anchor)), {}, false});
        if (items_.size() < open_.size()) {
          items_.resize(open_.size());
          lists_.resize(open_.size());
        }
        return false;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        // The children gathered at this depth move into the value, in a vector of their exact size.
        const std::size_t depth = open_.size() - 1;
        Open done = std::move(open_.back());
        open_.pop_back();
        Value& v = *done.node;
        if (v.is_map()) {
          v.items.assign(std::make_move_iterator(items_[depth].begin()), std::make_move_iterator(items_[depth].end()));
          items_[depth].clear();
        } else {
          v.list.assign(std::make_move_iterator(lists_[depth].begin()), std::make_move_iterator(lists_[depth].end()));
          lists_[depth].clear();
        }
        return close_value(v, done.anchor);
      }
      case YAML_ALIAS_EVENT: {
        const std::string name(chars(e.data.alias.anchor));
        Value& v = open_value(e.start_mark, {});
        const auto it = anchors_.find(name);
        if (it == anchors_.end())
          throw InputError(v.at, v.path(), "the alias '*" + name + "' names no anchor '&" + name + "' written before it");
        const auto& [copy, size] = it->second;
        alias_nodes_ += size;
        if (alias_nodes_ > kMaxAliasNodes)
          throw InputError(v.at, v.path(),
                           "aliases expand to more than " + std::to_string(kMaxAliasNodes) +
                               " values (aliases repeated inside each other?); a scenario needs far fewer");
        const Value::LineColumn key_at = v.key_at;
        const std::uint32_t path = v.path_id;
        v = copy;
        v.key_at = key_at;
        set_paths(v, path, file_->paths);
        count(size - 1, v);
        return close_value(v, {});
      }
      default:
        return false;
    }
  }

  Value root;

 private:
  struct Open {
    Value* node;
    std::string anchor;
    std::unordered_set<std::string> keys;  // of a large map, to refuse duplicates
    bool key_read = false;                 // of a map: its next event is the key's value
  };

  void count(std::size_t n, const Value& v) {
    nodes_ += n;
    if (nodes_ > kMaxNodes)
      throw InputError(v.at, v.path(),
                       "the document has more than " + std::to_string(kMaxNodes) + " values; a scenario needs far fewer");
  }

  // The value an event starts: the root, the next item of a sequence, or a map's key or value.
  Value& open_value(const yaml_mark_t& mark, std::string_view tag) {
    if (!tag.empty() && tag != YAML_STR_TAG && tag != "!") {
      constexpr std::string_view core = "tag:yaml.org,2002:";
      const std::string written = tag.starts_with(core) ? "!!" + std::string(tag.substr(core.size())) : std::string(tag);
      throw InputError(ref(file_->name, mark), "", "a YAML tag ('" + written + "') has no meaning in a scenario; write the value without it");
    }
    Value* v = nullptr;
    if (open_.empty()) {
      v = &root;
    } else if (Value& parent = *open_.back().node; parent.is_seq()) {
      auto& list = lists_[open_.size() - 1];
      list.emplace_back();
      v = &list.back();
      v->path_id = file_->paths.item(parent.path_id, list.size() - 1);
    } else if (!open_.back().key_read) {
      key_ = Value{};
      v = &key_;
    } else {
      auto& items = items_[open_.size() - 1];
      items.push_back({std::move(key_.text), Value{}});
      v = &items.back().second;
      v->path_id = file_->paths.key(parent.path_id, items.back().first);
      v->key_at = {key_.at.line, key_.at.column};
    }
    v->at = place(file_, mark);
    count(1, *v);
    return *v;
  }

  // A complete value: a map's key is checked and kept for its value; an anchored value is kept
  // for its aliases. True when the root is complete.
  bool close_value(Value& v, std::string_view anchor) {
    if (!anchor.empty()) {
      const std::size_t size = count_nodes(v);
      anchor_nodes_ += size;
      if (anchor_nodes_ > kMaxNodes)
        throw InputError(v.at, v.path(), "anchors ('&') hold more than " + std::to_string(kMaxNodes) +
                                           " values in all; a scenario needs far fewer");
      anchors_[std::string(anchor)] = {v, size};
    }
    if (&v == &key_) {
      Open& map = open_.back();
      const Value& parent = *map.node;
      if (!v.is_scalar()) throw InputError(v.at, parent.path(), "a key must be a plain name, not a map or a list");
      if (is_duplicate(map, items_[open_.size() - 1], v.text)) {
        const std::string path = parent.path();
        throw InputError(v.at, path.empty() ? v.text : path + "." + v.text, "duplicate key '" + v.text + "'");
      }
      map.key_read = true;
      return false;
    }
    if (!open_.empty() && open_.back().node->is_map()) {
      open_.back().key_read = false;
      if (v.kind == Value::Kind::null) v.at.line = v.key_at.line, v.at.column = v.key_at.column;
    }
    return open_.empty();
  }

  // A key already in the map: looked for in its items while it is small, in a set once it is large.
  static bool is_duplicate(Open& map, const std::vector<Value::Entry>& items, const std::string& key) {
    constexpr std::size_t kSmall = 16;
    if (items.size() < kSmall)
      return std::any_of(items.begin(), items.end(), [&](const Value::Entry& e) { return e.first == key; });
    if (map.keys.empty())
      for (const auto& e : items) map.keys.insert(e.first);
    return !map.keys.insert(key).second;
  }

  std::shared_ptr<SourceFile> file_;
  std::vector<Open> open_;
  // The children of the open maps and lists, per depth, until each is complete: the vectors are
  // reused, so a million values do not grow a million vectors one element at a time.
  std::vector<std::vector<Value::Entry>> items_;
  std::vector<std::vector<Value>> lists_;
  Value key_;
  std::unordered_map<std::string, std::pair<Value, std::size_t>> anchors_;
  std::size_t nodes_ = 0;
  std::size_t alias_nodes_ = 0;
  std::size_t anchor_nodes_ = 0;
};

int write_to_string(void* data, unsigned char* buffer, size_t size) {
  static_cast<std::string*>(data)->append(reinterpret_cast<const char*>(buffer), size);
  return 1;
}

}  // namespace

const std::string& Place::file_name() const {
  static const std::string none;
  return file ? file->name : none;
}

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
  Parser parser;
  yaml_parser_set_input_string(&parser.p, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  TreeBuilder tree(file);
  bool in_document = false, have_root = false;
  for (;;) {
    Event ev;
    if (!yaml_parser_parse(&parser.p, &ev.e)) syntax_error(parser.p, text, file);
    const yaml_event_t& e = ev.e;
    if (e.type == YAML_STREAM_END_EVENT) break;
    if (e.type == YAML_DOCUMENT_START_EVENT) {
      if (have_root)
        throw InputError(ref(file, e.start_mark), "",
                         "a second YAML document ('---') in one file; a scenario file holds one document");
      in_document = true;
    } else if (e.type == YAML_DOCUMENT_END_EVENT) {
      in_document = false;
    } else if (in_document && !have_root) {
      have_root = tree.take(e);
    }
  }
  return std::move(tree.root);
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
  yaml_emitter_t emitter;
  yaml_emitter_initialize(&emitter);
  std::unique_ptr<yaml_emitter_t, void (*)(yaml_emitter_t*)> guard(&emitter, yaml_emitter_delete);
  std::string out;
  yaml_emitter_set_output(&emitter, write_to_string, &out);
  yaml_emitter_set_unicode(&emitter, 1);
  yaml_emitter_set_width(&emitter, -1);
  auto emit = [&](yaml_event_t& e) {
    if (!yaml_emitter_emit(&emitter, &e))
      throw std::runtime_error(std::string("cannot write YAML: ") + (emitter.problem ? emitter.problem : "?"));
  };
  yaml_event_t e;
  yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING);
  emit(e);
  yaml_document_start_event_initialize(&e, nullptr, nullptr, nullptr, 1);
  emit(e);
  auto scalar = [&](const std::string& text, bool quoted) {
    auto* s = reinterpret_cast<yaml_char_t*>(const_cast<char*>(text.c_str()));
    yaml_scalar_event_initialize(&e, nullptr, nullptr, s, static_cast<int>(text.size()), quoted ? 0 : 1, 1,
                                 quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
    emit(e);
  };
  auto value = [&](auto&& self, const Value& n) -> void {
    switch (n.kind) {
      case Value::Kind::null: scalar("~", false); break;
      case Value::Kind::scalar: scalar(n.text, n.quoted); break;
      case Value::Kind::seq:
        yaml_sequence_start_event_initialize(&e, nullptr, nullptr, 1, YAML_BLOCK_SEQUENCE_STYLE);
        emit(e);
        for (const auto& c : n.list) self(self, c);
        yaml_sequence_end_event_initialize(&e);
        emit(e);
        break;
      case Value::Kind::map:
        yaml_mapping_start_event_initialize(&e, nullptr, nullptr, 1, YAML_BLOCK_MAPPING_STYLE);
        emit(e);
        for (const auto& [k, c] : n.items) {
          scalar(k, false);
          self(self, c);
        }
        yaml_mapping_end_event_initialize(&e);
        emit(e);
        break;
    }
  };
  value(value, v);
  yaml_document_end_event_initialize(&e, 1);
  emit(e);
  yaml_stream_end_event_initialize(&e);
  emit(e);
  return out;
}

}  // namespace werkbaat::io
