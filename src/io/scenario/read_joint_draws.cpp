#include <charconv>
#include <cmath>
#include <filesystem>
#include <optional>
#include <fmt/format.h>

#include "io/scenario/keys.h"
#include "io/scenario/node_reader.h"
#include "io/scenario/readers.h"
#include "werkbaat/model/error.h"
#include "werkbaat/model/hash.h"

namespace werkbaat::io {
namespace {

namespace fs = std::filesystem;

struct Field {
  std::string_view text;
  int column;  // 1-based, in characters of its line
};

// One line of a numeric CSV: fields split at commas, spaces around them and quotes of a quoted
// name taken off (draws files hold parameter paths and numbers, nothing that needs a comma).
std::vector<Field> fields_of(std::string_view line) {
  std::vector<Field> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = std::min(line.find(',', start), line.size());
    std::size_t a = start, b = end;
    while (a < b && (line[a] == ' ' || line[a] == '\t')) ++a;
    while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t')) --b;
    if (b - a >= 2 && line[a] == '"' && line[b - 1] == '"') ++a, --b;
    out.push_back({line.substr(a, b - a), static_cast<int>(a) + 1});
    if (end == line.size()) return out;
    start = end + 1;
  }
}

std::string shown(std::string_view text) {  // for a message: printable ASCII, the rest escaped
  std::string out;
  for (const unsigned char c : text.substr(0, 40))
    out += c >= 0x20 && c < 0x7f ? std::string(1, static_cast<char>(c)) : fmt::format("\\x{:02x}", c);
  return out + (text.size() > 40 ? "..." : "");
}

void read_entry(const std::string& name, Value& entry, Entries& sets, const FileReader& files, model::Scenario& s) {
  check_keys(need_map(entry), keys::joint_draws);
  const Value& file_at = need(entry, "file");
  const std::string& written = word(file_at);
  const fs::path here = fs::path(key_place(file_at).file).parent_path();
  const std::string path = fs::path(written).is_absolute() ? written : (here / written).lexically_normal().string();
  const FileText text = files.read(path);
  if (!text.ok()) fail(file_at, "cannot read the draws file '" + path + "': " + text.problem);
  const std::string hash = fmt::format("{:016x}", model::fnv1a(text.text));
  if (const Value* h = entry.find("content_hash"); h && word(*h) != hash)
    fail(*h, "the draws file '" + path + "' has changed since this hash was taken (now " + hash + ")");
  const std::string key = "joint_draws." + name + ".file";
  const auto at = [&](int line, int column) { return model::SourceRef{path, line, column}; };

  model::JointDraws j;
  j.name = name;
  j.file = path;
  j.source = word(need(entry, "source"));
  std::optional<std::string> label;
  if (const Value* l = entry.find("label")) {
    label = word(*l);
    if (*label != "Q" && *label != "D" && *label != "E")
      fail(*l, "a label is Q (quoted), D (derived) or E (estimate), got '" + *label + "'");
  }
  std::vector<std::size_t> expected;  // fields per row
  int line_no = 0;
  std::size_t pos = 0;
  const std::string_view all = text.text;
  while (pos < all.size()) {
    std::size_t end = all.find('\n', pos);
    if (end == std::string_view::npos) end = all.size();
    std::string_view line = all.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // a UTF-8 byte order mark
    if (line.empty() || line.front() == '#') continue;  // blank lines and comments (provenance)
    const auto fields = fields_of(line);
    if (j.params.empty()) {  // the header: one parameter per column
      for (const auto& f : fields) {
        const std::string p(f.text);
        if (p.empty())
          throw InputError(at(line_no, f.column), key, "a column without a parameter name (a comma too many?)");
        const int i = s.parameter_index(p);
        if (i < 0) throw InputError::unknown_name(at(line_no, f.column), key, "parameter", shown(p), s.parameter_paths());
        auto& param = s.params[i];
        if (param.dirichlet >= 0)
          throw InputError(at(line_no, f.column), key,
                           "'" + p + "' is a component of a Dirichlet group; its draws come from the group's alphas");
        if (param.joint >= 0)
          throw InputError(at(line_no, f.column), key,
                           "'" + p + "' has its draws already, from " +
                               (param.joint < static_cast<int>(s.joint_draws.size()) ? s.joint_draws[param.joint].file
                                                                                      : std::string("an earlier column")));
        param.joint = static_cast<int>(s.joint_draws.size());
        param.joint_column = j.columns();
        j.params.push_back(i);
      }
      continue;
    }
    if (fields.size() != j.params.size())
      throw InputError(at(line_no, fields.size() > j.params.size() ? fields[j.params.size()].column : static_cast<int>(line.size()) + 1),
                       key,
                       fmt::format("this row has {} value{}, but the header names {} parameters{}", fields.size(),
                                   fields.size() == 1 ? "" : "s", j.params.size(),
                                   fields.size() > j.params.size() ? " (a decimal comma? write 0.5, not 0,5)" : ""));
    for (std::size_t k = 0; k < fields.size(); ++k) {
      const auto& f = fields[k];
      double v = 0;
      const auto [ptr, ec] = std::from_chars(f.text.data(), f.text.data() + f.text.size(), v);
      const std::string& p = s.params[j.params[k]].path;
      if (ec != std::errc() || ptr != f.text.data() + f.text.size() || f.text.empty())
        throw InputError(at(line_no, f.column), key, "'" + shown(f.text) + "' is not a number (column " + p + ")");
      if (!std::isfinite(v))
        throw InputError(at(line_no, f.column), key, "'" + shown(f.text) + "' is not a finite number (column " + p + ")");
      j.values.push_back(v);
    }
    ++j.rows;
  }
  if (j.params.empty()) fail(file_at, "the draws file '" + path + "' is empty: its first line names the parameters");
  if (j.rows < 2)
    fail(file_at, fmt::format("the draws file '{}' has {} row{} of draws; a distribution needs at least 2", path, j.rows,
                              j.rows == 1 ? "" : "s"));
  for (int k = 0; k < j.columns(); ++k) {
    auto& param = s.params[j.params[k]];
    if (sets.find(param.path)) {  // a set: line (or a sweep's value) is the user's: it wins over the column
      param.joint = param.joint_column = -1;
      continue;
    }
    std::vector<double> column(static_cast<std::size_t>(j.rows));
    for (int r = 0; r < j.rows; ++r) column[r] = j.values[static_cast<std::size_t>(r) * j.columns() + k];
    param.dist = model::Distribution::empirical(std::move(column));
    param.point.reset();  // the base case takes the draws' mean
    param.source = j.source;
    if (label) param.label = *label;
    param.origin = key_place(file_at);
    check_range(param, file_at);
  }
  s.joint_draws.push_back(std::move(j));
  // The resolved scenario (its content hash, the run store) holds the draws' hash: a run reused
  // from a store is one with the same draws.
  if (!entry.find("content_hash")) {
    Value h = make(Value::Kind::scalar);
    h.text = hash;
    entry.items.push_back({"content_hash", std::move(h)});
  }
}

}  // namespace

void read_joint_draws(Document& doc, const FileReader& files, model::Scenario& s) {
  if (const Value* v = doc.root.find("joint_draws")) need_map(*v);
  for (auto& item : doc.root.items)
    if (item.first == "joint_draws")
      for (auto& [name, entry] : item.second.items) read_entry(name, entry, doc.sets, files, s);
}

}  // namespace werkbaat::io
