#include <algorithm>

#include "io/scenario/keys.h"
#include "io/scenario/node_reader.h"
#include "io/scenario/readers.h"

namespace werkbaat::io {
void read_analyses(const Value& root, model::Scenario& s) {
  const Value* a = root.find("analyses");
  if (!a) return;
  check_keys(need_map(*a), keys::analyses);
  auto& out = s.analyses;
  const auto paths = s.parameter_paths();
  const auto param = [&](const Value& v) {
    const std::string& path = word(v);
    if (s.parameter_index(path) < 0) throw InputError::unknown_name(v.at, v.path(), "parameter", path, paths);
    return path;
  };
  if (const Value* run = a->find("run"))
    for (const auto& v : need_seq(*run).list) out.run.push_back(name_in(v, model::kAnalyses, "analysis"));
  if (const Value* st = a->find("settlement")) {
    check_keys(need_map(*st), {"financiers"});
    if (const Value* f = st->find("financiers"))
      for (const auto& v : need_seq(*f).list) {
        if (index_in(v, s.parties, "party") == 0) fail(v, "the outside account cannot be a financier");
        out.financiers.push_back(v.text);
      }
  }
  if (const Value* t = a->find("tornado")) {
    check_keys(need_map(*t), {"parameters", "ranges"});
    if (const Value* ps = t->find("parameters"))
      for (const auto& v : need_seq(*ps).list) out.tornado_parameters.push_back(param(v));
    if (const Value* rs = t->find("ranges"))
      for (const auto& [path, range] : need_map(*rs).items) {
        if (s.parameter_index(path) < 0)
          throw InputError::unknown_name(key_place(range), range.path(), "parameter",
                                         path, paths);
        if (need_seq(range).list.size() != 2) fail(range, "a range is [low, high]");
        out.tornado_ranges.push_back({path, {number(range.list[0]), number(range.list[1])}});
      }
  }
  if (const Value* b = a->find("breakeven"))
    for (const auto& v : need_seq(*b).list) {
      check_keys(need_map(v), {"parameter", "low", "high"});
      model::AnalysisSettings::BreakEvenSpec spec;
      spec.parameter = param(need(v, "parameter"));
      if (v.find("low") || v.find("high")) {
        spec.low = number(need(v, "low"));
        spec.high = number(need(v, "high"));
        spec.has_range = true;
        if (spec.low >= spec.high) fail(v, "low must be below high");
      }
      out.breakeven.push_back(spec);
    }
  if (const Value* voi = a->find("voi")) {
    check_keys(need_map(*voi), {"groups"});
    if (const Value* gs = voi->find("groups"))
      for (const auto& [name, prefixes] : need_map(*gs).items) {
        std::vector<std::string> list;
        for (const auto& v : need_seq(prefixes).list) {
          const std::string& prefix = word(v);
          const bool any = std::any_of(paths.begin(), paths.end(), [&](const std::string& p) {
            return p == prefix || p.rfind(prefix + ".", 0) == 0;
          });
          if (!any) fail(v, "no parameter is '" + prefix + "' or under it" + did_you_mean(prefix, paths));
          list.push_back(prefix);
        }
        out.voi_groups.push_back({name, list});
      }
  }
}

}  // namespace werkbaat::io
