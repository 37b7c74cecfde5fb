// Calibration targets, fitted parameters and the model run that predicts the targets.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "werkbaat/analysis/calibration.h"
#include "werkbaat/engine/simulate.h"
#include "werkbaat/model/error.h"

namespace werkbaat::analysis {
namespace {

// A `*` matches any characters but a dot.
bool glob_match(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern.front() == '*') {
    for (std::size_t i = 0; i <= text.size(); ++i) {
      if (glob_match(pattern.substr(1), text.substr(i))) return true;
      if (i < text.size() && text[i] == '.') break;
    }
    return false;
  }
  return !text.empty() && pattern.front() == text.front() && glob_match(pattern.substr(1), text.substr(1));
}

}  // namespace

double Target::log_likelihood(double p) const {
  if (likelihood == Likelihood::normal) {
    const double z = (estimate - p) / se;
    return -0.5 * z * z - std::log(se) - 0.5 * std::log(2 * std::numbers::pi);
  }
  if (p > 1 && p < 1 + 1e-12) p = 1;  // a share summed over groups may round past 1
  if (p < 0 && p > -1e-12) p = 0;
  if (!(p >= 0 && p <= 1)) return -INFINITY;
  const double a = k > 0 ? k * std::log(p) : 0.0, b = n - k > 0 ? (n - k) * std::log1p(-p) : 0.0;
  return a + b;
}

double Target::z(double p) const {
  if (likelihood == Likelihood::normal) return (estimate - p) / se;
  const double sd = std::sqrt(p * (1 - p) / n);
  return sd > 0 ? (k / n - p) / sd : (k / n == p ? 0.0 : INFINITY);
}

double FitParameter::to_free(double v) const {
  if (std::isfinite(lo) && std::isfinite(hi)) {
    const double u = (v - lo) / (hi - lo);
    return std::log(u) - std::log1p(-u);
  }
  if (std::isfinite(lo)) return std::log(v - lo);
  return v;
}

double FitParameter::from_free(double x) const {
  if (std::isfinite(lo) && std::isfinite(hi)) return lo + (hi - lo) / (1 + std::exp(-x));
  if (std::isfinite(lo)) return lo + std::exp(x);
  return x;
}

double FitParameter::log_jacobian(double x) const {
  if (std::isfinite(lo) && std::isfinite(hi)) return std::log(hi - lo) - std::abs(x) - 2 * std::log1p(std::exp(-std::abs(x)));
  if (std::isfinite(lo)) return x;
  return 0.0;
}

double FitParameter::log_prior(double v) const { return prior.log_pdf(v); }

std::vector<FitParameter> fit_parameters(const model::Scenario& s, const std::vector<std::string>& patterns,
                                         const std::vector<model::SourceRef>& where) {
  std::vector<FitParameter> out;
  std::vector<bool> taken(s.params.size(), false);
  for (std::size_t k = 0; k < patterns.size(); ++k) {
    const std::string key = fmt::format("fit[{}]", k);
    int matched = 0;
    for (int p = 0; p < static_cast<int>(s.params.size()); ++p) {
      const auto& param = s.params[p];
      if (!glob_match(patterns[k], param.path)) continue;
      ++matched;
      if (taken[p]) continue;
      const auto refuse = [&](const std::string& why) {
        throw InputError(where[k], key, fmt::format("'{}' cannot be fitted: {}", param.path, why));
      };
      if (param.dirichlet >= 0) refuse("it is a component of a Dirichlet group");
      if (param.joint >= 0) refuse("it is drawn from joint_draws '" + s.joint_draws[param.joint].name + "'");
      if (param.dist.is_fixed())
        refuse(fmt::format("it has no distribution to be its prior (it is fixed at {:g}, set at {}:{})", param.dist.a,
                           param.origin.file, param.origin.line));
      taken[p] = true;
      FitParameter f;
      f.param = p;
      f.path = param.path;
      f.prior = param.dist;
      std::tie(f.lo, f.hi) = param.dist.support();
      out.push_back(f);
    }
    if (matched == 0) {
      if (patterns[k].find('*') != std::string::npos)
        throw InputError(where[k], key, fmt::format("'{}' names no parameter of the scenario", patterns[k]));
      throw InputError::unknown_name(where[k], key, "parameter", patterns[k], s.parameter_paths());
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The model at a point.

TargetModel::TargetModel(const CalibrationProblem& p) : problem_(&p) {
  const model::Scenario& base = p.scenario;
  // The targets are expectations, computed in cohort mode.
  for (const auto& r : base.changes)
    if (r.per_client())
      throw InputError(r.drawn_origin, r.value_key,
                       "calibration computes the targets' expectations in cohort mode, which cannot follow rule '" +
                           r.name + "' (each client draws its months on the value); for the fit, give 'lasts' a " +
                           "whole number of months or the rule a probability per month");
  model::Expression one;
  one.code = {{model::ExprOp::constant, -1, 1.0}};
  one.text = "1";
  // One run for the shares and months; one per state asked "ever in", with the moves out of it
  // removed so that a client once in it stays there.
  std::vector<int> ever_states;
  bool plain = false;
  for (const auto& t : p.targets) {
    if (t.measure.kind == MeasureKind::ever) {
      if (std::find(ever_states.begin(), ever_states.end(), t.measure.state) == ever_states.end())
        ever_states.push_back(t.measure.state);
    } else {
      plain = true;
    }
  }
  const auto make_variant = [&](int absorbing) {
    auto v = std::make_unique<Variant>();
    v->scenario = base;
    model::Scenario& s = v->scenario;
    if (absorbing >= 0) std::erase_if(s.transitions, [&](const model::Transition& t) { return t.from == absorbing; });
    // Only the counts are read: money lines are not booked, nor effects no target reads. A target
    // on an effect gets its own copy of the effect's lines, booked only for its clients.
    std::vector<model::FlowLine> effect_lines;
    for (const auto& l : s.lines)
      if (!l.is_money()) effect_lines.push_back(l);
    s.lines.clear();
    s.splits.clear();
    s.effects.clear();
    s.effect_units.clear();
    s.analyses = {};
    s.simulation.mode = model::Mode::cohort;
    s.simulation.draws = 0;
    s.simulation.base_case = true;
    s.simulation.threads = 1;
    s.exprs.push_back(one);
    const int expr = static_cast<int>(s.exprs.size()) - 1;
    for (int ti = 0; ti < static_cast<int>(p.targets.size()); ++ti) {
      const Measure& m = p.targets[ti].measure;
      if ((m.kind == MeasureKind::ever) != (absorbing >= 0) || (absorbing >= 0 && m.state != absorbing)) continue;
      const std::string name = "target/" + p.targets[ti].name;
      const int effect = static_cast<int>(s.effects.size());
      s.effects.push_back(name);
      s.effect_units.push_back("people");
      const int groups = static_cast<int>(s.groups.size());
      const auto counted = [&](int combo) { return m.population[combo % groups] && m.counted[combo % groups]; };
      v->targets.push_back(ti);
      if (m.kind == MeasureKind::effect) {
        for (model::FlowLine l : effect_lines) {
          if (l.effect != m.effect) continue;
          l.effect = effect;
          for (auto& by_combo : l.state_pieces)
            for (int c = 0; c < static_cast<int>(by_combo.size()); ++c)
              if (!counted(c)) by_combo[c].clear();
          for (int c = 0; c < static_cast<int>(l.combo_expr.size()); ++c)
            if (!counted(c)) l.combo_expr[c] = -1;
          s.lines.push_back(std::move(l));
        }
        continue;
      }
      model::FlowLine line;
      line.name = name;
      line.flow = line.name;
      line.effect = effect;
      line.state_pieces.assign(s.states.size(), std::vector<model::Pieces>(s.combos()));
      for (int st = 0; st < static_cast<int>(s.states.size()); ++st) {
        if (m.state >= 0 && st != m.state) continue;
        for (int a = 0; a < static_cast<int>(s.arms.size()); ++a)
          for (int g = 0; g < groups; ++g)
            if (counted(s.combo(a, g))) line.state_pieces[st][s.combo(a, g)] = {{0, expr}};
      }
      s.lines.push_back(std::move(line));
    }
    v->run = std::make_unique<engine::PreparedRun>(s, s.simulation);
    variants_.push_back(std::move(v));
  };
  if (plain) make_variant(-1);
  for (const int st : ever_states) make_variant(st);
  for (const auto& t : p.targets) {
    double share = 0;
    for (std::size_t g = 0; g < base.groups.size(); ++g)
      if (t.measure.population[g]) share += base.groups[g].share;
    denominators_.push_back(base.population.size * share);
  }
}

std::vector<double> TargetModel::predict(const std::vector<double>& values) {
  ++evaluations_;
  std::vector<double> out(problem_->targets.size(), 0.0);
  for (auto& v : variants_) {
    for (std::size_t k = 0; k < problem_->params.size(); ++k) v->scenario.params[problem_->params[k].param].point = values[k];
    const engine::RunResult r = v->run->run();
    const auto& sh = r.shape;
    for (int e = 0; e < static_cast<int>(v->targets.size()); ++e) {
      const int ti = v->targets[e];
      const Measure& m = problem_->targets[ti].measure;
      const auto value = [&](int arm) {
        const double* series = r.base_monthly.effect.data() + (static_cast<std::size_t>(arm) * sh.effects + e) * sh.months;
        double sum = 0;
        const int from = m.kind == MeasureKind::share ? m.first : 1;
        for (int t = from; t <= m.last; ++t) sum += series[t - 1];
        if (m.kind == MeasureKind::share) sum /= m.last - m.first + 1;
        if (m.kind == MeasureKind::ever) sum = series[m.last - 1];
        return sum / denominators_[ti];
      };
      out[ti] = value(m.arm) - (m.minus >= 0 ? value(m.minus) : 0.0);
    }
  }
  return out;
}

double TargetModel::log_likelihood(const std::vector<double>& values) {
  const auto predicted = predict(values);
  double ll = 0;
  for (std::size_t t = 0; t < predicted.size(); ++t) ll += problem_->targets[t].log_likelihood(predicted[t]);
  return ll;
}

}  // namespace werkbaat::analysis
