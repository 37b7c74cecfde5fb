#pragma once
// Typed reading of YAML nodes. Each accessor returns the value or throws InputError at the node's
// place and key path, with a message of one fixed form per problem.
#include <string>
#include <vector>

#include "io/scenario/yaml_tree.h"
#include "werkbaat/model/error.h"
#include "werkbaat/model/names.h"

namespace werkbaat::io {

[[noreturn]] void fail(const Value& v, const std::string& message);      // at the value
[[noreturn]] void fail_key(const Value& v, const std::string& message);  // at its key
std::string describe(const Value& v);  // 'text' (an excerpt), a map, a list, nothing
model::SourceRef key_place(const Value& v);  // where its key was written, else where it was
Value make(Value::Kind kind);

void check_keys(const Value& map, const std::vector<std::string>& allowed);
const Value& need_map(const Value& v);
const Value& need_seq(const Value& v);
const Value& need(const Value& map, const std::string& key);

double number(const Value& v);  // finite
long integer(const Value& v);
long bounded(const Value& v, long lo, long hi);
int age_in_months(const Value& v);  // an age written in years (67.25), whole months in (0, 120 years]
const std::string& word(const Value& v);
bool boolean(const Value& v);
// The index of the node's word in `names`, or an "unknown WHAT" error listing them.
int index_in(const Value& v, const std::vector<std::string>& names, const std::string& what);
// The value named by the node's word in a name table, or an "unknown WHAT" error listing them.
template <class E, std::size_t N>
E name_in(const Value& v, const model::NameTable<E, N>& table, const std::string& what) {
  return table.rows[static_cast<std::size_t>(index_in(v, table.names(), what))].second;
}
// A list of distinct words.
std::vector<std::string> names(const Value& seq, const std::string& what);

}  // namespace werkbaat::io
