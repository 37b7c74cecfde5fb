#include "werkbaat/model/scenario.h"

#include <algorithm>
#include <cmath>

namespace werkbaat::model {
namespace {
int index_of(const std::vector<std::string>& v, const std::string& name) {
  const auto it = std::find(v.begin(), v.end(), name);
  return it == v.end() ? -1 : static_cast<int>(it - v.begin());
}
}  // namespace

int Scenario::party_index(const std::string& party) const { return index_of(parties, party); }
int Scenario::state_index(const std::string& state) const { return index_of(states, state); }

int Scenario::parameter_index(const std::string& path) const {
  const auto it = param_index.find(path);
  return it == param_index.end() ? -1 : it->second;
}

std::vector<std::string> Scenario::parameter_paths() const {
  std::vector<std::string> out;
  for (const auto& p : params) out.push_back(p.path);
  return out;
}

std::string Scenario::combo_label(int combo) const {
  const auto& g = groups[combo % groups.size()];
  return "arm " + arms[combo / groups.size()] + (g.label.empty() || g.label == "all" ? "" : ", " + g.label);
}

double leave_probability_of_rates(double total_rate) { return -std::expm1(-total_rate); }

std::vector<bool> used_parameters(const Scenario& s) {
  std::vector<bool> used(s.params.size(), false);
  for (const auto& e : s.exprs)
    for (const auto& ins : e.code)
      if (ins.op == ExprOp::param) used[ins.param] = true;
  for (const auto& g : s.dirichlets) {
    const bool any = std::any_of(g.members.begin(), g.members.end(), [&](int m) { return used[m]; });
    for (const int m : g.members) used[m] = any;
  }
  return used;
}

void normalise_dirichlets(const Scenario& s, std::vector<double>& values) {
  for (const auto& g : s.dirichlets) {
    double total = 0;
    for (const int m : g.members) total += values[m];
    for (const int m : g.members) values[m] /= total;
  }
}

void base_values(const Scenario& s, std::vector<double>& out) {
  out.resize(s.params.size());
  for (std::size_t i = 0; i < s.params.size(); ++i) out[i] = s.params[i].base_value();
  normalise_dirichlets(s, out);
}

}  // namespace werkbaat::model
